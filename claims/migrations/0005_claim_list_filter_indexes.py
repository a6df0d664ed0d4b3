"""Indexes for the admin's claim filters at scale (issue 10): a measure family's claim ids
(the flags' queue filtered by measure joins claim A by family) and hedged/attributed without a
kind (a combination no claim has scanned every claim, twice)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_claim_search_trigram"),
        ("sources", "0004_articleversion_text_dated_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["family", "id"], name="claim_family_idx"),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["hedged", "attributed", "-id"], name="claim_hedge_attrib_idx"),
        ),
    ]
