"""Writes of the claims app: extracting and storing the claims of an article version."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.errors import TransientPipelineError
from claims.extraction import VERSION as EXTRACTOR_VERSION
from claims.extraction import extract_claims
from claims.extraction.pipeline import claim_fingerprint
from claims.extraction.types import ExtractionResult, TextBlock
from claims.models import PIPELINE_FIELDS, Claim
from sources.ingest import UnsupportedLanguage, prepare_document
from sources.models import ArticleVersion
from sources.services import sources_resolve

logger = logging.getLogger(__name__)

Status = ArticleVersion.Status


@dataclass(frozen=True)
class ExtractOutcome:
    status: str  # "done", "failed", "skipped"
    claims: int = 0
    error: str = ""


def _claim_for_work(version_id: int, force: bool) -> bool:
    """Take the version for extraction with one conditional UPDATE (safe under redelivery)."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    takeable = (
        Q(status__in=[Status.PENDING, Status.FAILED])
        | Q(status=Status.RUNNING, claimed_at__lt=stale)
        | (Q(status=Status.DONE) & ~Q(extractor_version=EXTRACTOR_VERSION))
    )
    if force:
        takeable |= Q(status=Status.DONE)
    from django.db.models import F

    return bool(
        ArticleVersion.objects.filter(takeable, pk=version_id).update(
            status=Status.RUNNING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def claims_extract_for_version(
    *, version_id: int, force: bool = False, enqueue: bool = True
) -> ExtractOutcome:
    """Extract the claims of one version and store them; enqueue detection on commit.

    Idempotent: a version already done by this extractor version is skipped; a re-extraction
    keeps the rows (and reviews) of claims found again. A permanent failure (e.g. not English)
    is recorded on the version (status failed, error) and not raised; nothing half-written.
    """
    if not _claim_for_work(version_id, force):
        return ExtractOutcome(status="skipped")
    version = ArticleVersion.objects.select_related("article__outlet").get(pk=version_id)
    try:
        result = _run_extraction(version)
        with transaction.atomic():
            count = _store_claims(version, result)
            version.status = Status.DONE
            version.error = ""
            version.extractor_version = result.version
            version.extracted_at = timezone.now()
            version.signature = result.signature
            version.save(
                update_fields=["status", "error", "extractor_version", "extracted_at", "signature"]
            )
            if enqueue:
                from verification.tasks import contradictions_detect_for_version_task

                contradictions_detect_for_version_task.delay_on_commit(version.pk)
    except OperationalError as exc:
        _mark_failed(version_id, f"database error, will retry: {exc}")
        raise TransientPipelineError(str(exc)) from exc
    except Exception as exc:  # a permanent failure of this input: record it, do not crash
        logger.warning("extraction of version %s failed: %s", version_id, exc)
        message = f"{type(exc).__name__}: {exc}"
        _mark_failed(version_id, message)
        return ExtractOutcome(status="failed", error=message)
    return ExtractOutcome(status="done", claims=count)


def _mark_failed(version_id: int, message: str) -> None:
    ArticleVersion.objects.filter(pk=version_id).update(status=Status.FAILED, error=message[:5000])


def _run_extraction(version: ArticleVersion) -> ExtractionResult:
    doc = prepare_document(
        version.body,
        filename=version.filename or None,
        content_type="text/plain",
        require_english=False,
    )
    if doc.language != "en":
        raise UnsupportedLanguage(
            f"the text does not look like English (detected: {doc.language}); "
            "only English articles are supported"
        )
    blocks = [TextBlock(start=p.start, text=p.text) for p in doc.paragraphs]
    published = version.published_at.date() if version.published_at else None
    return extract_claims(blocks, outlet=version.article.outlet.name, published=published)


def _store_claims(version: ArticleVersion, result: ExtractionResult) -> int:
    """Upsert the version's claims by fingerprint: found again = same row, gone = deleted."""
    outlet_name = version.article.outlet.name
    triples = {}
    for claim in result.claims:
        name = claim.source.name
        kind, mentions = triples.get(name, (claim.source.kind, set()))
        if claim.attributed and claim.source_mention:
            mentions.add(claim.source_mention)
        triples[name] = (kind if name != outlet_name else "media", mentions)
    sources = sources_resolve(names=[(n, k, m) for n, (k, m) in triples.items()])
    existing = {c.fingerprint: c for c in Claim.objects.filter(version=version)}
    keep: dict[str, Claim] = {}
    for extracted in result.claims:
        fingerprint = claim_fingerprint(extracted)
        if fingerprint in keep:
            continue
        row = existing.get(fingerprint) or Claim(version=version, fingerprint=fingerprint)
        row.start, row.end = extracted.start, extracted.end
        row.text = extracted.evidence
        row.summary = extracted.text[:500]
        row.kind = extracted.kind
        row.measure = extracted.measure[:200]
        row.family = extracted.family[:50]
        row.scope = extracted.scope[:200]
        row.scope_key = extracted.scope_key[:200]
        row.statement_key = extracted.statement_key[:200]
        row.low, row.high = extracted.low, extracted.high
        row.low_open, row.high_open = extracted.low_open, extracted.high_open
        row.unit = (extracted.unit or "")[:50]
        row.approximate, row.hedged, row.negated = (
            extracted.approximate,
            extracted.hedged,
            extracted.negated,
        )
        row.quantity_text = extracted.quantity_text[:200]
        row.time_ref = extracted.time_ref[:50]
        row.source = sources[extracted.source.name]
        row.source_mention = extracted.source_mention[:300]
        row.attributed = extracted.attributed
        row.cue = extracted.cue[:50]
        row.extractor_version = result.version
        keep[fingerprint] = row
    stale = [c.pk for f, c in existing.items() if f not in keep]
    if stale:
        Claim.objects.filter(pk__in=stale).delete()
    new = [c for c in keep.values() if c.pk is None]
    old = [c for c in keep.values() if c.pk is not None]
    Claim.objects.bulk_create(new, batch_size=500)
    if old:
        fields = list(PIPELINE_FIELDS)
        Claim.objects.bulk_update(old, fields, batch_size=500)
    return len(keep)


def claims_reextract_stale(*, batch_size: int = 500) -> int:
    """Queue re-extraction of every done version whose claims came from another extractor
    stamp; returns how many were queued. Batches by primary key (no OFFSET scans), each batch
    enqueued on its transaction's commit through the normal task path, which takes the version
    with its conditional UPDATE and keeps the rows (and reviews) of claims found again.
    Idempotent: a version already re-extracted is not stale any more."""
    from claims.tasks import claims_extract_for_version_task

    stale = ArticleVersion.objects.filter(status=Status.DONE).exclude(
        extractor_version=EXTRACTOR_VERSION
    )
    queued, last = 0, 0
    while True:
        ids = list(
            stale.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return queued
        with transaction.atomic():
            for version_id in ids:
                claims_extract_for_version_task.delay_on_commit(version_id)
        queued += len(ids)
        last = ids[-1]
