"""Editors may send webhook deliveries again (verification/roles.py): grant the permission to
the existing groups."""

from django.db import migrations


def grant(apps, schema_editor):
    from verification.roles import roles_sync

    roles_sync(
        group_model=apps.get_model("auth", "Group"),
        permission_model=apps.get_model("auth", "Permission"),
    )


class Migration(migrations.Migration):
    dependencies = [("verification", "0011_queue_search_text")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
