"""The fact-checker, editor and viewer groups (verification/roles.py says what each holds)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_roles(apps, schema_editor):
    from verification.roles import roles_sync

    # Permissions are normally created after the whole migrate run; create them now so that a
    # fresh database gets its groups filled in the same run.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles_sync(
        group_model=apps.get_model("auth", "Group"),
        permission_model=apps.get_model("auth", "Permission"),
    )


def remove_roles(apps, schema_editor):
    from verification.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("claims", "0004_claim_search_trigram"),
        ("sources", "0003_feeds_watched_urls"),
        ("verification", "0008_report_schedule"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
