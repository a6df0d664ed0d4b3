"""Writes of the claims app: extracting and storing the claims of an article version."""

from __future__ import annotations

import logging
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.errors import TransientPipelineError
from claims.extraction import VERSION as EXTRACTOR_VERSION
from claims.extraction import extract_claims
from claims.extraction.moments import elapsed_days, url_date, written_date
from claims.extraction.pipeline import claim_fingerprint
from claims.extraction.sources import is_name
from claims.extraction.types import ExtractedClaim, ExtractionResult, TextBlock
from claims.models import PIPELINE_FIELDS, Claim
from config.celery_app import send_on_commit
from sources.ingest import UnsupportedLanguage, prepare_stored_body
from sources.ingest.segment import wire_agency
from sources.models import ArticleVersion, Source
from sources.services import ingest_limits, sources_resolve

logger = logging.getLogger(__name__)

Status = ArticleVersion.Status


@dataclass(frozen=True)
class ExtractOutcome:
    status: str  # "done", "failed", "skipped"
    claims: int = 0
    error: str = ""


def _claim_for_work(version_id: int, force: bool, token: str) -> bool:
    """Take the version for extraction with a conditional UPDATE (safe under redelivery).

    A fresh run takes a pending or failed version, or one done by an older extractor (any done
    one when forced), and counts attempt 1. A takeover takes a running version whose claim is
    older than the hard time limit (its worker is gone) or holds this same token (this message
    was redelivered because the worker that held it died), and counts one attempt more."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.CLAIMTRACKER_EXTRACT_TIME_LIMIT)
    fresh = Q(status__in=[Status.PENDING, Status.FAILED]) | (
        Q(status=Status.DONE) & ~Q(extractor_version=EXTRACTOR_VERSION)
    )
    if force:
        fresh |= Q(status=Status.DONE)
    claim = {"status": Status.RUNNING, "claimed_at": now, "claim_token": token}
    versions = ArticleVersion.objects.filter(pk=version_id)
    if versions.filter(fresh).update(**claim, attempts=1):
        return True
    takeover = Q(status=Status.RUNNING) & (Q(claimed_at__lt=stale) | Q(claim_token=token))
    return bool(versions.filter(takeover).update(**claim, attempts=F("attempts") + 1))


# What a successful extraction writes on its version.
FINISHED_FIELDS = (
    "status",
    "error",
    "extractor_version",
    "extracted_at",
    "text_dated_at",
    "text_days_after",
    "signature",
    "detected_at",
)


class _ClaimLost(Exception):
    """Another attempt took the version over while this one was extracting."""


def claims_extract_for_version(
    *, version_id: int, force: bool = False, enqueue: bool = True, claim_token: str = ""
) -> ExtractOutcome:
    """Extract the claims of one version and store them; enqueue detection on commit.

    Idempotent: a version already done by this extractor version is skipped; a re-extraction
    keeps the rows (and reviews) of claims found again. A permanent failure (e.g. not English)
    is recorded on the version (status failed, error) and not raised; nothing half-written.
    ``claim_token`` names this attempt (the task passes its Celery task id, which a redelivered
    message keeps): results are stored only while the attempt still holds the claim. A version
    whose workers died CLAIMTRACKER_MAX_ATTEMPTS times (e.g. out of memory) is marked failed.
    """
    token = claim_token or uuid.uuid4().hex
    if not _claim_for_work(version_id, force, token):
        return ExtractOutcome(status="skipped")
    version = ArticleVersion.objects.select_related("article__outlet").get(pk=version_id)
    if version.attempts > settings.CLAIMTRACKER_MAX_ATTEMPTS:
        message = (
            f"extraction was started {version.attempts - 1} times and never finished (the "
            "worker was killed or timed out each time: too large or too complex a text?)"
        )
        _mark_failed(version_id, message, token)
        return ExtractOutcome(status="failed", error=message)
    try:
        result = _run_extraction(version)
        with transaction.atomic():
            # Finish the version with a conditional UPDATE first: it locks the row, so a
            # takeover (same version, other token) waits here, then skips; and when another
            # attempt holds the claim, nothing is written.
            version.status = Status.DONE
            version.error = ""
            version.extractor_version = result.version
            version.extracted_at = timezone.now()
            version.signature = result.signature
            version.text_dated_at = written_date(result.signature) or _url_midnight(version)
            version.text_days_after = elapsed_days(version.body)
            version.detected_at = None  # detection of these claims is due (sent below)
            finished = ArticleVersion.objects.filter(
                pk=version_id, status=Status.RUNNING, claim_token=token
            ).update(**{name: getattr(version, name) for name in FINISHED_FIELDS})
            if not finished:
                raise _ClaimLost
            count = _store_claims(version, result)
            if enqueue:
                from verification.tasks import contradictions_detect_for_version_task

                send_on_commit(contradictions_detect_for_version_task, version.pk)
    except _ClaimLost:
        logger.warning("extraction of version %s: claim taken over, result dropped", version_id)
        return ExtractOutcome(status="skipped")
    except SoftTimeLimitExceeded:
        limit = settings.CLAIMTRACKER_EXTRACT_SOFT_TIME_LIMIT
        message = (
            "extraction took longer than the time allowed per document "
            f"(CLAIMTRACKER_EXTRACT_SOFT_TIME_LIMIT, {limit} s)"
        )
        _mark_failed(version_id, message, token)
        return ExtractOutcome(status="failed", error=message)
    except OperationalError as exc:
        _mark_failed(version_id, f"database error, will retry: {exc}", token)
        raise TransientPipelineError(str(exc)) from exc
    except Exception as exc:  # a permanent failure of this input: record it, do not crash
        logger.warning("extraction of version %s failed: %s", version_id, exc)
        message = f"{type(exc).__name__}: {exc}"
        _mark_failed(version_id, message, token)
        return ExtractOutcome(status="failed", error=message)
    return ExtractOutcome(status="done", claims=count)


def _mark_failed(version_id: int, message: str, token: str) -> None:
    """Record a failure, unless another attempt has taken the version over meanwhile."""
    ArticleVersion.objects.filter(pk=version_id, claim_token=token).update(
        status=Status.FAILED, error=message[:5000]
    )


def _fallback_source(version: ArticleVersion, sources: dict[str, Source]) -> Source:
    """The source of a claim whose speaker has no usable name: the outlet's source."""
    outlet = version.article.outlet
    found = sources.get(outlet.name) or Source.objects.filter(outlet=outlet).first()
    if found is None:  # the outlet's own name folds to nothing either
        found = sources_resolve(names=[(UNNAMED_SOURCE, Source.Kind.UNKNOWN, [])])[UNNAMED_SOURCE]
    sources[outlet.name] = found
    return found


UNNAMED_SOURCE = "Unnamed source"


def storable_figure(claim: ExtractedClaim) -> bool:
    """False for a figure no report means: a bound that is not a number (NaN), infinite
    ("1e309 people") or larger than CLAIMTRACKER_MAX_FIGURE (a 42-digit count). Unbounded sides
    are None, not infinite, so open ranges ("more than 12") pass."""
    limit = settings.CLAIMTRACKER_MAX_FIGURE
    return all(
        bound is None or (math.isfinite(bound) and abs(bound) <= limit)
        for bound in (claim.low, claim.high)
    )


def _run_extraction(version: ArticleVersion) -> ExtractionResult:
    doc = prepare_stored_body(version.body, limits=ingest_limits())
    if doc.language != "en":
        raise UnsupportedLanguage(
            f"the text does not look like English (detected: {doc.language}); "
            "only English articles are supported"
        )
    blocks = [TextBlock(start=p.start, text=p.text) for p in doc.paragraphs]
    # Undated copy: the day its address gives ("/2023/01/19/") resolves "on Thursday", for an
    # article's first version only (a later update of the same address may be days later).
    published = version.published_at.date() if version.published_at else None
    if published is None and version.number == 1:
        published = url_date(version.article.url or version.article.key)
    # Whose voice unattributed text is: the wire a republished story credits ("PARIS (AP) —",
    # "Le Monde with AFP"), else this version's own outlet, else the article's.
    voice = wire_agency(doc.body) or doc.front_matter.outlet or version.article.outlet.name
    return extract_claims(blocks, outlet=voice, published=published)


def _url_midnight(version: ArticleVersion) -> datetime | None:
    """Midnight UTC of the day the article's address gives, for its first version; or None."""
    if version.number != 1:
        return None
    day = url_date(version.article.url or version.article.key)
    return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None


def _store_claims(version: ArticleVersion, result: ExtractionResult) -> int:
    """Upsert the version's claims by fingerprint: found again = same row, gone = deleted.

    Figures that are not storable (see storable_figure) are left out; a claim whose source
    has no name to file it under (only punctuation: "=HYPERLINK(...) said") is the outlet's,
    unattributed, with the mention kept as written."""
    outlet_name = version.article.outlet.name
    claims = [claim for claim in result.claims if storable_figure(claim)]
    if len(claims) < len(result.claims):
        logger.warning(
            "version %s: %d figure(s) not numbers or beyond CLAIMTRACKER_MAX_FIGURE left out",
            version.pk,
            len(result.claims) - len(claims),
        )
    triples: dict[str, tuple[str, set[str]]] = {outlet_name: ("media", set())}
    for claim in claims:
        name = claim.source.name
        kind, mentions = triples.get(name, (claim.source.kind, set()))
        if claim.attributed and claim.source_mention and is_name(claim.source_mention):
            mentions.add(claim.source_mention)
        triples[name] = (kind if name != outlet_name else "media", mentions)
    sources = sources_resolve(names=[(n, k, m) for n, (k, m) in triples.items()])
    existing = {c.fingerprint: c for c in Claim.objects.filter(version=version)}
    keep: dict[str, dict[str, object]] = {}
    for extracted in claims:
        fingerprint = claim_fingerprint(extracted)
        if fingerprint in keep:
            continue
        named = sources.get(extracted.source.name)
        keep[fingerprint] = {
            "start": extracted.start,
            "end": extracted.end,
            "text": extracted.evidence,
            "summary": extracted.text[:500],
            "kind": extracted.kind,
            "measure": extracted.measure[:200],
            "family": extracted.family[:50],
            "scope": extracted.scope[:200],
            "scope_key": extracted.scope_key[:200],
            "statement_key": extracted.statement_key[:200],
            "low": extracted.low,
            "high": extracted.high,
            "low_open": extracted.low_open,
            "high_open": extracted.high_open,
            "unit": (extracted.unit or "")[:50],
            "approximate": extracted.approximate,
            "hedged": extracted.hedged,
            "negated": extracted.negated,
            "quantity_text": extracted.quantity_text[:200],
            "time_ref": extracted.time_ref[:50],
            "source": named or _fallback_source(version, sources),
            "source_mention": extracted.source_mention[:300],
            "attributed": extracted.attributed and named is not None,
            "cue": extracted.cue[:50],
            "extractor_version": result.version,
        }
    stale = [c.pk for f, c in existing.items() if f not in keep]
    if stale:
        Claim.objects.filter(pk__in=stale).delete()
    old = []
    for fingerprint, values in keep.items():
        row = existing.get(fingerprint)
        if row is not None:
            for name, value in values.items():
                setattr(row, name, value)
            old.append(row)
    _insert_claims(version, {f: v for f, v in keep.items() if f not in existing})
    if old:
        fields = list(PIPELINE_FIELDS)
        Claim.objects.bulk_update(old, fields, batch_size=500)
    return len(keep)


# Column types whose values go to the database as the pipeline gives them (str, int, bool, None;
# floats made float): what their fields' get_db_prep_save returns for such values.
_PLAIN_COLUMNS = frozenset(
    {"CharField", "TextField", "FloatField", "BooleanField", "PositiveIntegerField"}
)


def _insert_claims(version: ArticleVersion, rows: dict[str, dict[str, object]]) -> None:
    """INSERT new claim rows ({fingerprint: pipeline fields}) with one statement run for every
    row (executemany). The same rows as bulk_create, which compiled a placeholder and adapted
    each of the 30 values of each row through its field: most of the time spent storing an
    article's claims (bench/README.md, bench/extraction.py). No signal is lost (bulk_create
    sends none); created_at and updated_at take one clock reading for the batch (PostgreSQL's
    sync trigger stamps updated_at anyway)."""
    if not rows:
        return
    now = timezone.now()
    given = {"version": version.pk, "created_at": now, "updated_at": now}
    pipeline = [Claim._meta.get_field(name) for name in PIPELINE_FIELDS]
    others = [
        f
        for f in Claim._meta.concrete_fields
        if not f.primary_key and f.name not in PIPELINE_FIELDS and f.name != "fingerprint"
    ]
    # Columns the pipeline does not write: the same value on every row, adapted once.
    fixed = [
        f.get_db_prep_save(given[f.name] if f.name in given else f.get_default(), connection)
        for f in others
    ]
    floats = {f.name for f in pipeline if f.get_internal_type() == "FloatField"}
    adapted = {
        f.name: f
        for f in pipeline
        if not f.is_relation and f.get_internal_type() not in _PLAIN_COLUMNS
    }
    params = []
    for fingerprint, values in rows.items():
        row = [*fixed, fingerprint]
        for name in PIPELINE_FIELDS:
            value = values[name]
            if name == "source":
                value = value.pk  # type: ignore[attr-defined]
            elif value is not None and name in floats:
                value = float(value)  # type: ignore[arg-type]
            elif name in adapted:
                value = adapted[name].get_db_prep_save(value, connection)
            row.append(value)
        params.append(row)
    quote = connection.ops.quote_name
    columns = [f.column for f in others] + ["fingerprint"] + [f.column for f in pipeline]
    sql = (
        f"INSERT INTO {quote(Claim._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608 (model names, quoted; values are parameters)
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


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
