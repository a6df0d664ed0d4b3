"""Database triggers for incremental sync (README, "API clients").

Every insert and every change of a synced row stamps `updated_at` with the database clock, and
every delete leaves a Tombstone, whatever the write path: Model.save(), QuerySet.update(),
bulk_create(update_conflicts=True), bulk_update(), cascades, the admin or raw SQL. A rewrite
that changes nothing (re-detection finding the same flag) leaves `updated_at` alone, so a
syncing client is not sent a row twice for nothing.
"""

from django.db import migrations

# (table, tombstone resource)
SYNCED = [
    ("claims_claim", "claim"),
    ("verification_contradiction", "contradiction"),
    ("verification_verdict", "verdict"),
]
DELETES_ONLY = [("verification_story", "story")]

POSTGRES_FUNCTIONS = """
CREATE OR REPLACE FUNCTION ct_touch_updated_at() RETURNS trigger AS $$
BEGIN
    -- clock_timestamp(), not now(): the stamp is as late as the write itself, which keeps the
    -- gap to commit (the sync lag window) short even in a long transaction.
    IF TG_OP = 'INSERT' OR NEW IS DISTINCT FROM OLD THEN
        NEW.updated_at := clock_timestamp();
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION ct_tombstone() RETURNS trigger AS $$
BEGIN
    INSERT INTO verification_tombstone (resource, object_id, deleted_at)
    VALUES (TG_ARGV[0], OLD.id, clock_timestamp());
    RETURN OLD;
END $$ LANGUAGE plpgsql;
"""
# SQLite keeps Django's text format for datetimes; %f is seconds with milliseconds.
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _columns(apps, table: str) -> list[str]:
    for model in apps.get_models():
        if model._meta.db_table == table:
            return [f.column for f in model._meta.concrete_fields if f.column != "updated_at"]
    raise LookupError(table)


def create_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    run = schema_editor.execute
    if vendor == "postgresql":
        run(POSTGRES_FUNCTIONS)
        for table, resource in SYNCED:
            run(
                f"CREATE TRIGGER {table}_touch BEFORE INSERT OR UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION ct_touch_updated_at()"
            )
        for table, resource in SYNCED + DELETES_ONLY:
            run(
                f"CREATE TRIGGER {table}_tombstone AFTER DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION ct_tombstone('{resource}')"
            )
    elif vendor == "sqlite":
        for table, _ in SYNCED:
            changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in _columns(apps, table))
            run(
                f"CREATE TRIGGER {table}_touch AFTER UPDATE ON {table} FOR EACH ROW "
                f"WHEN {changed} BEGIN "
                f"UPDATE {table} SET updated_at = {SQLITE_NOW} WHERE id = NEW.id; END"
            )
        for table, resource in SYNCED + DELETES_ONLY:
            run(
                f"CREATE TRIGGER {table}_tombstone AFTER DELETE ON {table} FOR EACH ROW BEGIN "
                "INSERT INTO verification_tombstone (resource, object_id, deleted_at) "
                f"VALUES ('{resource}', OLD.id, {SQLITE_NOW}); END"
            )
    else:
        raise NotImplementedError(f"sync triggers for {vendor}")


def drop_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for table, _ in SYNCED + DELETES_ONLY:
        for suffix in ("touch", "tombstone"):
            if vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix} ON {table}")
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS ct_touch_updated_at(), ct_tombstone()")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_claim_updated_at_list_indexes"),
        ("verification", "0003_updated_at_tombstone_publish_permission"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
