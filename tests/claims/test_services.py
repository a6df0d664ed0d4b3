from pathlib import Path

import pytest

from claims.errors import TransientPipelineError
from claims.models import Claim
from claims.services import claims_extract_for_version
from claims.tasks import claims_extract_for_version_task
from sources.models import ArticleVersion
from sources.services import article_version_ingest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"

pytestmark = pytest.mark.django_db


def ingest(name: str) -> ArticleVersion:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return article_version_ingest(raw=text, filename=name, enqueue=False).version


def test_extraction_stores_claims_with_sources_and_enqueues_detection(
    django_capture_on_commit_callbacks,
):
    version = ingest("storm-v1.txt")
    with django_capture_on_commit_callbacks() as callbacks:
        outcome = claims_extract_for_version(version_id=version.pk)
    assert outcome.status == "done"
    assert len(callbacks) == 1
    version.refresh_from_db()
    assert version.status == "done"
    assert version.extractor_version
    homes = Claim.objects.get(kind="quantity", low=12000)
    assert homes.source.name != "Harbour Daily"
    assert homes.attributed
    assert version.body[homes.start : homes.end] == homes.text
    zero = Claim.objects.get(kind="quantity", low=0)
    assert zero.high == 0
    assert zero.family == "injuries"


def test_extraction_is_idempotent_and_keeps_claim_ids():
    version = ingest("storm-v1.txt")
    claims_extract_for_version(version_id=version.pk, enqueue=False)
    ids = set(Claim.objects.values_list("pk", flat=True))
    assert claims_extract_for_version(version_id=version.pk, enqueue=False).status == "skipped"
    forced = claims_extract_for_version(version_id=version.pk, force=True, enqueue=False)
    assert forced.status == "done"
    assert set(Claim.objects.values_list("pk", flat=True)) == ids


def test_non_english_text_is_stored_and_marked_failed():
    version = ingest("french.txt")
    outcome = claims_extract_for_version(version_id=version.pk, enqueue=False)
    assert outcome.status == "failed"
    version.refresh_from_db()
    assert version.status == "failed"
    assert "English" in version.error
    assert not Claim.objects.exists()


def test_failure_in_the_middle_writes_no_half_of_the_claims(monkeypatch):
    version = ingest("storm-v1.txt")
    from claims import services

    def broken_insert(*args, **kwargs):
        raise RuntimeError("disk full")

    # The claims' INSERT fails after the sources and the version's row were written.
    monkeypatch.setattr(services, "_insert_claims", broken_insert)
    outcome = claims_extract_for_version(version_id=version.pk, enqueue=False)
    assert outcome.status == "failed"
    assert "disk full" in outcome.error
    assert not Claim.objects.exists()
    version.refresh_from_db()
    assert version.status == "failed"


def test_task_reraises_transient_errors_for_celery_to_retry(monkeypatch):
    from claims import services

    def flaky(**kwargs):
        raise TransientPipelineError("database restarting")

    monkeypatch.setattr(services, "claims_extract_for_version", flaky)
    assert TransientPipelineError in claims_extract_for_version_task.autoretry_for
    with pytest.raises(TransientPipelineError):
        claims_extract_for_version_task(1)


def test_an_undated_first_version_takes_the_day_its_address_gives():
    raw = (
        "---\nurl: https://example.org/world/2024/03/14/harbour-fire\noutlet: Harbour Daily\n---\n"
        "Three people died in a fire near the harbour on Thursday, fire crews said.\n"
    )
    version = article_version_ingest(raw=raw, filename="fire.txt", enqueue=False).version
    claims_extract_for_version(version_id=version.pk, enqueue=False)
    version.refresh_from_db()
    assert version.text_dated_at is not None
    assert version.text_dated_at.date().isoformat() == "2024-03-14"
    deaths = Claim.objects.get(kind="quantity", low=3)
    assert "2024-03-14" in deaths.time_ref


def test_stored_claims_carry_every_field_of_the_extraction():
    """The claims' INSERT (one statement run for every row) writes what the extractor found,
    field by field, with the types the ORM reads back."""
    from claims import services
    from claims.extraction.pipeline import claim_fingerprint

    version = ingest("storm-v1.txt")
    outcome = claims_extract_for_version(version_id=version.pk, enqueue=False)
    version.refresh_from_db()
    found = {claim_fingerprint(c): c for c in services._run_extraction(version).claims}
    stored = list(Claim.objects.filter(version=version).select_related("source"))
    assert outcome.claims == len(stored) == len(found) > 0
    for claim in stored:
        extracted = found[claim.fingerprint]
        assert (claim.start, claim.end, claim.kind) == (
            extracted.start,
            extracted.end,
            extracted.kind,
        )
        assert claim.text == extracted.evidence == version.body[claim.start : claim.end]
        assert claim.summary == extracted.text[:500]
        assert (claim.low, claim.high) == (extracted.low, extracted.high)
        assert all(isinstance(v, float) for v in (claim.low, claim.high) if v is not None)
        assert (claim.low_open, claim.high_open, claim.hedged, claim.negated) == (
            extracted.low_open,
            extracted.high_open,
            extracted.hedged,
            extracted.negated,
        )
        assert claim.approximate is extracted.approximate
        assert (claim.family, claim.measure, claim.scope, claim.quantity_text) == (
            extracted.family,
            extracted.measure,
            extracted.scope,
            extracted.quantity_text,
        )
        assert claim.unit == (extracted.unit or "")
        assert claim.cue == extracted.cue
        assert claim.time_ref == extracted.time_ref
        assert claim.source_mention == extracted.source_mention
        assert claim.extractor_version == version.extractor_version
        assert claim.created_at is not None
        assert claim.updated_at is not None
    assert any(c.attributed and c.source.name == found[c.fingerprint].source.name for c in stored)


def test_a_new_extraction_of_a_stored_version_keeps_rows_and_drops_gone_claims():
    """Found again: the same row updated; gone: deleted; new: inserted beside them."""
    version = ingest("storm-v1.txt")
    claims_extract_for_version(version_id=version.pk, enqueue=False)
    rows = {c.fingerprint: c.pk for c in Claim.objects.filter(version=version)}
    kept = Claim.objects.filter(version=version).order_by("pk").first()
    Claim.objects.filter(pk=kept.pk).update(summary="changed by hand")
    gone = Claim.objects.create(
        version=version,
        start=0,
        end=1,
        text="x",
        kind="statement",
        source=kept.source,
        fingerprint="0" * 64,
        extractor_version="old",
    )
    outcome = claims_extract_for_version(version_id=version.pk, enqueue=False, force=True)
    assert outcome.status == "done"
    after = {c.fingerprint: c.pk for c in Claim.objects.filter(version=version)}
    assert after == rows
    assert not Claim.objects.filter(pk=gone.pk).exists()
    assert Claim.objects.get(pk=kept.pk).summary != "changed by hand"
