"""Trigram indexes that serve the admin's searches (claim text, source names) on PostgreSQL.

Django's `icontains` is `UPPER(col::text) LIKE UPPER('%term%')`: a GIN trigram index on
UPPER(col) answers it without reading the table. SQLite has no such index; there the search
stays a plain scan (development databases are small).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    ("claim_text_trgm_idx", "claims_claim", "text"),
    ("source_name_trgm_idx", "sources_source", "name"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0003_claim_updated_at_list_indexes"),
        ("sources", "0002_articleversion_recovery"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
