"""Disagreement.corrected: a member claim comes from a version labelled CORRECTED, stored on the
row so the triage queue ranks corrections up without joining the members' versions. The
backfill sets it for the disagreements that exist (plain SQL, PostgreSQL and SQLite alike);
from now on `verification.figures` sets it whenever it rebuilds the members."""

from django.db import migrations, models

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
        migrations.AddField(
            model_name="disagreement",
            name="corrected",
            field=models.BooleanField(
                default=False,
                help_text="A member claim comes from a version labelled CORRECTED.",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop, elidable=True),
    ]
