"""Seed the daily contradiction report into django-celery-beat's tables (06:15 UTC), so that it
exists before beat first starts and editors change it in the admin (Periodic tasks) without
beat overwriting it from settings. DatabaseScheduler reads `expire_seconds` (it drops an
`options.expires`): a run no worker picked up within the hour is dropped, not burst."""

from django.db import migrations

NAME = "daily-0615-contradiction-report"
TASK = "verification.tasks.contradiction_report_build_task"


def seed(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(name=NAME).exists():
        return  # kept as an editor left it
    schedule, _ = CrontabSchedule.objects.get_or_create(
        minute="15",
        hour="6",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="UTC",
    )
    PeriodicTask.objects.create(
        name=NAME,
        task=TASK,
        crontab=schedule,
        expire_seconds=60 * 60,
        description="The daily contradiction report: built, e-mailed to the report "
        "recipients and posted to webhooks.",
    )


def unseed(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("verification", "0007_webhooks_report_recipients"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
