"""Sync triggers for disagreements (README, "API clients"): the same triggers as
0004_sync_triggers, for one more table: updated_at stamped by the database on every change,
a Tombstone on delete."""

from importlib import import_module

from django.db import migrations

sync = import_module("verification.migrations.0004_sync_triggers")

SYNCED = [("verification_disagreement", "disagreement")]


def create_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    for table, resource in SYNCED:
        if vendor == "postgresql":
            # The functions were created by 0004_sync_triggers.
            run(
                f"CREATE TRIGGER {table}_touch BEFORE INSERT OR UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION ct_touch_updated_at()"
            )
            run(
                f"CREATE TRIGGER {table}_tombstone AFTER DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION ct_tombstone('{resource}')"
            )
        elif vendor == "sqlite":
            changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in sync._columns(apps, table))
            run(
                f"CREATE TRIGGER {table}_touch AFTER UPDATE ON {table} FOR EACH ROW "
                f"WHEN {changed} BEGIN "
                f"UPDATE {table} SET updated_at = {sync.SQLITE_NOW} WHERE id = NEW.id; END"
            )
            run(
                f"CREATE TRIGGER {table}_tombstone AFTER DELETE ON {table} FOR EACH ROW BEGIN "
                "INSERT INTO verification_tombstone (resource, object_id, deleted_at) "
                f"VALUES ('{resource}', OLD.id, {sync.SQLITE_NOW}); END"
            )
        else:
            raise NotImplementedError(f"sync triggers for {vendor}")


def drop_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for table, _ in SYNCED:
        for suffix in ("touch", "tombstone"):
            if vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {table}")
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")


class Migration(migrations.Migration):
    dependencies = [("verification", "0005_figure_disagreement")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
