"""Disagreement.corrected: a member claim comes from a version labelled CORRECTED, stored on the
row so the triage queue ranks corrections up without joining the members' versions. The
backfill sets it for the disagreements that exist (plain SQL, PostgreSQL and SQLite alike);
from now on `verification.figures` sets it whenever it rebuilds the members."""

from importlib import import_module

from django.db import migrations, models

sync = import_module("verification.migrations.0006_disagreement_sync_triggers")


def sqlite_sync_triggers(*tables: tuple[str, str], create: bool = True):
    """SQLite adds a NOT NULL column by rebuilding the table, which drops its triggers, and
    refuses to drop a column a trigger names: a RunPython that drops the sync triggers (0004,
    0006) of `tables` and, with `create`, makes them again with the columns of the state it
    runs in. PostgreSQL needs neither (ALTER TABLE keeps triggers that name no column)."""

    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        previous = sync.SYNCED
        sync.SYNCED = list(tables)
        try:
            sync.drop_triggers(apps, schema_editor)
            if create:
                sync.create_triggers(apps, schema_editor)
        finally:
            sync.SYNCED = previous

    return run


DISAGREEMENT = ("verification_disagreement", "disagreement")

BACKFILL = """
UPDATE verification_disagreement SET corrected = true
WHERE EXISTS (
    SELECT 1 FROM verification_disagreementclaim m
    JOIN claims_claim c ON c.id = m.claim_id
    JOIN sources_articleversion v ON v.id = c.version_id
    WHERE m.disagreement_id = verification_disagreement.id AND v.corrected
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("verification", "0009_roles"),
        ("claims", "0001_initial"),
        ("sources", "0001_initial"),
    ]

    operations = [
        # Backwards, once the column is gone: the triggers come back without it (SQLite).
        migrations.RunPython(migrations.RunPython.noop, sqlite_sync_triggers(DISAGREEMENT)),
        migrations.AddField(
            model_name="disagreement",
            name="corrected",
            field=models.BooleanField(
                default=False,
                db_default=False,
                help_text="A member claim comes from a version labelled CORRECTED.",
            ),
        ),
        migrations.RunPython(
            sqlite_sync_triggers(DISAGREEMENT), sqlite_sync_triggers(DISAGREEMENT, create=False)
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=True),
    ]
