"""Writes of the sources app: ingesting article versions, outlets and canonical sources."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.utils import timezone

from claims.extraction.sources import source_key
from config.celery_app import send_on_commit
from sources.ingest import (
    IngestLimits,
    PreparedDocument,
    prepare_document,
    remember_stored_body,
)
from sources.models import Article, ArticleVersion, Outlet, Source, SourceAlias

logger = logging.getLogger(__name__)


Status = ArticleVersion.Status


@dataclass(frozen=True)
class IngestOutcome:
    version: ArticleVersion
    created: bool
    # True when the version was stored before but stuck (never sent, or its worker lost) and
    # this ingest sent it again.
    requeued: bool = False


def ingest_limits() -> IngestLimits:
    """The size and shape limits on input documents, from the CLAIMTRACKER_INGEST_* settings."""
    return IngestLimits(
        max_text_chars=settings.CLAIMTRACKER_INGEST_MAX_TEXT_CHARS,
        max_html_chars=settings.CLAIMTRACKER_INGEST_MAX_HTML_CHARS,
        max_html_attributes=settings.CLAIMTRACKER_INGEST_MAX_HTML_ATTRIBUTES,
        max_front_matter_chars=settings.CLAIMTRACKER_INGEST_MAX_FRONT_MATTER_CHARS,
        max_front_matter_depth=settings.CLAIMTRACKER_INGEST_MAX_FRONT_MATTER_DEPTH,
    )


def article_key(url: str) -> str:
    """The Article.key of a url: the url itself, or for a url longer than the column its first
    characters and a digest of the whole, so different long urls stay different articles."""
    if len(url) <= 500:
        return url
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{url[:428]}#sha256:{digest}"


def _extraction_send_on_commit(version_id: int) -> None:
    """Send the extraction of a version after commit; if the broker is down, record that it
    was never sent (queued_at = null) for the sweeper."""
    from claims.tasks import claims_extract_for_version_task

    send_on_commit(
        claims_extract_for_version_task,
        version_id,
        on_broker_error=lambda: ArticleVersion.objects.filter(pk=version_id).update(queued_at=None),
    )


def _stuck(now: datetime) -> Q:
    """Versions whose extraction should have started or ended by ``now`` and has not: pending
    and never sent or sent too long ago, running for longer than any task may run."""
    pending_cutoff = now - timedelta(seconds=settings.CLAIMTRACKER_SWEEP_PENDING_AFTER)
    running_cutoff = now - timedelta(seconds=sweep_running_after())
    return Q(status=Status.PENDING) & (
        Q(queued_at__isnull=True) | Q(queued_at__lt=pending_cutoff)
    ) | Q(status=Status.RUNNING) & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=running_cutoff))


def sweep_running_after() -> int:
    """Seconds after which a running claim is abandoned: never less than the extraction's hard
    time limit, past which no worker can still be working on it."""
    return max(
        settings.CLAIMTRACKER_SWEEP_RUNNING_AFTER, settings.CLAIMTRACKER_EXTRACT_TIME_LIMIT + 60
    )


def outlet_get_or_create(*, name: str) -> Outlet:
    """The outlet of that name, created with its media Source when new. Idempotent."""
    name = name.strip()[:200]
    # A known outlet and whether it has its Source, in one query (every ingest asks).
    known = (
        Outlet.objects.filter(name=name)
        .annotate(has_source=Exists(Source.objects.filter(outlet=OuterRef("pk"))))
        .first()
    )
    if known is not None and known.has_source:
        return known
    outlet, _ = (known, False) if known is not None else Outlet.objects.get_or_create(name=name)
    if not Source.objects.filter(outlet=outlet).exists():
        source, _ = Source.objects.get_or_create(
            key=source_key(outlet.name), defaults={"name": outlet.name, "kind": Source.Kind.MEDIA}
        )
        if source.outlet_id is None:
            Source.objects.filter(pk=source.pk).update(outlet=outlet)
    return outlet


def article_version_ingest(
    *,
    raw: str | bytes,
    filename: str = "",
    content_type: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    published_at: datetime | None = None,
    enqueue: bool = True,
) -> IngestOutcome:
    """Store one text of an article as a version and enqueue its extraction on commit.

    Idempotent: the same text under the same article is the existing version (created=False,
    nothing enqueued). Raises sources.ingest.IngestError for input with no article text.
    Versions are numbered by (published_at, wire update number, arrival); an undated version
    keeps its arrival place.
    """
    limits = ingest_limits()
    doc = prepare_document(
        raw,
        filename=filename or None,
        content_type=content_type,
        require_english=False,
        limits=limits,
    )
    meta = doc.front_matter
    article_url = (url or meta.url or "").strip()
    key = article_key(article_url) if article_url else f"sha256:{doc.sha256}"
    outlet_name = outlet or meta.outlet or doc.byline or settings.CLAIMTRACKER_DEFAULT_OUTLET
    published = published_at or meta.published_at
    with transaction.atomic():
        outlet_obj = outlet_get_or_create(name=outlet_name)
        article, created = _article_get_or_create(
            key=key, url=article_url, outlet=outlet_obj, doc=doc
        )
        if created:
            # Created by this transaction: its row is locked by the INSERT and no other
            # transaction can see it, so it has no versions yet (three queries saved).
            number = 1
        else:
            # Serialise version numbering per article; other articles are not blocked.
            article = Article.objects.select_for_update().get(pk=article.pk)
            existing = ArticleVersion.objects.filter(article=article, sha256=doc.sha256).first()
            if existing is not None:
                requeued = enqueue and _requeue_if_stuck(existing)
                return IngestOutcome(version=existing, created=False, requeued=requeued)
            number = _insertion_number(article, published, doc)
        version = ArticleVersion.objects.create(
            article=article,
            number=number,
            update_label=(doc.update.raw if doc.update else "")[:100],
            update_number=doc.update.number if doc.update else None,
            corrected=bool(doc.update and doc.update.corrected),
            advisory=((doc.update.advisory if doc.update else None) or "")[:500],
            dateline=(doc.dateline or "")[:200],
            published_at=published,
            title=(meta.title or doc.title or "")[:500],
            body=doc.text,
            content_type=doc.content_type,
            raw=raw if doc.content_type == "text/html" and isinstance(raw, str) else "",
            filename=filename[:500],
            sha256=doc.sha256,
            language=doc.language[:20],
            queued_at=timezone.now(),  # sent below, or run by the caller (enqueue=False)
        )
        # Its extraction prepares the stored body again: the same document when plain text.
        remember_stored_body(doc, limits=limits)
        if enqueue:
            _extraction_send_on_commit(version.pk)
            # A version slotted in before later ones changes what they are compared with.
            later = list(
                ArticleVersion.objects.filter(article=article, number__gt=number).values_list(
                    "pk", flat=True
                )[:1]
            )
            if later:
                from verification.tasks import contradictions_detect_for_version_task

                send_on_commit(contradictions_detect_for_version_task, later[0])
    return IngestOutcome(version=version, created=True)


def _requeue_if_stuck(version: ArticleVersion) -> bool:
    """Send a stored version's extraction again when it is stuck (see _stuck)."""
    now = timezone.now()
    updated = ArticleVersion.objects.filter(_stuck(now), pk=version.pk).update(queued_at=now)
    if updated:
        _extraction_send_on_commit(version.pk)
    return bool(updated)


def _article_get_or_create(
    *, key: str, url: str, outlet: Outlet, doc: PreparedDocument
) -> tuple[Article, bool]:
    """The article of that key and whether this call created it (its title and story key
    brought up to date from the document when it existed)."""
    title = (doc.front_matter.title or doc.title or "")[:500]
    story_key = (doc.front_matter.story or "")[:200]
    try:
        with transaction.atomic():
            article, created = Article.objects.get_or_create(
                key=key[:500],
                defaults={
                    "url": url[:500],
                    "outlet": outlet,
                    "title": title,
                    "story_key": story_key,
                },
            )
    except IntegrityError:  # a concurrent ingest created it between our get and create
        article, created = Article.objects.get(key=key[:500]), False
    if not created:
        changes = {}
        if title and article.title != title:
            changes["title"] = title
        if story_key and article.story_key != story_key:
            changes["story_key"] = story_key
        if changes:
            Article.objects.filter(pk=article.pk).update(**changes)
            for name, value in changes.items():
                setattr(article, name, value)
    return article, created


def _order_key(published: datetime | None, update_number: int | None) -> tuple:
    # A new undated version comes after every version that arrived before it.
    return (published is None, published.timestamp() if published else 0.0, update_number or 0)


def _insertion_number(article: Article, published: datetime | None, doc: PreparedDocument) -> int:
    """The number of a new version in the article's order, shifting later versions up."""
    new_key = _order_key(published, doc.update.number if doc.update else None)
    rows = list(
        ArticleVersion.objects.filter(article=article)
        .order_by("number")
        .values_list("number", "published_at", "update_number")
    )
    number = len(rows) + 1
    for existing_number, existing_published, existing_update in rows:
        if existing_published is None:
            # An undated version keeps its place: it was printed no later than it arrived,
            # so what arrives after it is not put before it.
            continue
        if new_key < _order_key(existing_published, existing_update):
            number = existing_number
            break
    if number <= len(rows):
        # Two steps keep (article, number) unique at every moment.
        later = ArticleVersion.objects.filter(article=article, number__gte=number)
        later.update(number=F("number") + 1_000_000)
        ArticleVersion.objects.filter(article=article, number__gte=1_000_000).update(
            number=F("number") - 999_999
        )
    return number


def sources_resolve(*, names: Iterable[tuple[str, str, Iterable[str]]]) -> dict[str, Source]:
    """Canonical Source rows for (canonical name, kind, mentions) triples, in a bounded number of
    queries: a name or any of its mentions already known as an alias resolves to that source;
    the rest are created with their mentions as aliases. Returns {canonical name: Source}."""
    wanted = {name: (kind, {m for m in mentions if m}) for name, kind, mentions in names}
    keys = {name: source_key(name) for name in wanted}
    all_keys = set(keys.values()) | {
        source_key(m) for _, mentions in wanted.values() for m in mentions
    }
    all_keys.discard("")
    # Sources by their own key and by an alias key, in one query.
    by_key: dict[str, Source] = {}
    alias_of: dict[str, Source] = {}
    if all_keys:
        own = Source.objects.filter(key__in=all_keys).annotate(
            matched=F("key"), by_alias=Value(False)
        )
        aliased = Source.objects.filter(aliases__key__in=all_keys).annotate(
            matched=F("aliases__key"), by_alias=Value(True)
        )
        for source in own.order_by().union(aliased.order_by(), all=True):
            (alias_of if source.by_alias else by_key)[source.matched] = source
    resolved: dict[str, Source] = {}
    missing: list[Source] = []
    for name, (kind, mentions) in wanted.items():
        key = keys[name]
        found = by_key.get(key) or alias_of.get(key)
        # A person is found by name only: a role ("head of the union") passes from one
        # person to another, so it never identifies one across articles.
        if found is None and kind != Source.Kind.PERSON:
            for mention in sorted(mentions):
                found = alias_of.get(source_key(mention)) or by_key.get(source_key(mention))
                if found is not None:
                    break
        if found is not None:
            resolved[name] = found
        elif key:
            missing.append(
                Source(
                    name=name[:200],
                    key=key,
                    kind=kind if kind in Source.Kind.values else Source.Kind.UNKNOWN,
                )
            )
    if missing:
        created = _sources_create(missing)
        for name in wanted:
            if name not in resolved and keys[name] in created:
                resolved[name] = created[keys[name]]
    aliases = [
        SourceAlias(source=resolved[name], alias=mention[:200], key=source_key(mention))
        for name, (kind, mentions) in wanted.items()
        if name in resolved
        for mention in mentions
        if (kind != Source.Kind.PERSON or _names_the_person(mention, name))
        and source_key(mention)
        and source_key(mention) != resolved[name].key
        and source_key(mention) not in alias_of
    ]
    if aliases:
        SourceAlias.objects.bulk_create(aliases, ignore_conflicts=True)
    return resolved


def _sources_create(sources: list[Source]) -> dict[str, Source]:
    """Insert new sources, skipping any whose key exists (a concurrent resolve created it);
    returns {key: row} for all of them. One INSERT ... RETURNING for the new rows (what
    bulk_create with ignore_conflicts cannot return) and a SELECT only for the skipped ones."""
    now = timezone.now()
    fields = [Source._meta.get_field(name) for name in ("name", "key", "kind", "created_at")]
    stamp = fields[3].get_db_prep_save(now, connection)
    quote = connection.ops.quote_name
    ids: dict[str, int] = {}
    for start in range(0, len(sources), 200):  # 800 parameters a statement at most
        batch = sources[start : start + 200]
        sql = (
            f"INSERT INTO {quote(Source._meta.db_table)} "  # noqa: S608 (model names, quoted; values are parameters)
            f"({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES {', '.join(['(%s, %s, %s, %s)'] * len(batch))} "
            f"ON CONFLICT DO NOTHING RETURNING {quote('id')}, {quote('key')}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [v for s in batch for v in (s.name, s.key, s.kind, stamp)])
            ids.update((key, pk) for pk, key in cursor.fetchall())
    created: dict[str, Source] = {}
    for source in sources:
        if source.key in ids and source.key not in created:  # the first of a key is stored
            source.pk, source.created_at = ids[source.key], now
            created[source.key] = source
    skipped = [s.key for s in sources if s.key not in created]
    if skipped:
        created.update((s.key, s) for s in Source.objects.filter(key__in=skipped))
    return created


def _names_the_person(mention: str, name: str) -> bool:
    """True for "Khamenei" or "Ayatollah Ali Khamenei" as mentions of Ali Khamenei; False for
    a role alone ("Iran's supreme leader")."""
    return bool(set(source_key(mention).split()) & set(source_key(name).split()))


def source_merge(*, keep: Source, merge: Source) -> Source:
    """Fold one source into another: its claims and aliases move, its name becomes an alias."""
    from claims.models import Claim

    with transaction.atomic():
        Claim.objects.filter(source=merge).update(source=keep)
        SourceAlias.objects.filter(source=merge).update(source=keep)
        merge_name, merge_key = merge.name, merge.key
        merge.delete()
        SourceAlias.objects.get_or_create(
            key=merge_key, defaults={"source": keep, "alias": merge_name}
        )
    return keep


def article_version_retry(*, version_id: int) -> bool:
    """Put a failed or stuck (see _stuck) version back in the queue, with a fresh budget of
    attempts and re-sends. Returns False when it was neither."""
    retryable = Q(status=Status.FAILED) | _stuck(timezone.now())
    with transaction.atomic():
        updated = ArticleVersion.objects.filter(retryable, pk=version_id).update(
            status=Status.PENDING,
            claimed_at=None,
            claim_token="",
            attempts=0,
            requeues=0,
            queued_at=timezone.now(),
        )
        if updated:
            _extraction_send_on_commit(version_id)
    return bool(updated)


@dataclass(frozen=True)
class SweepOutcome:
    requeued: list[int]  # extraction sent again
    failed: list[int]
    redetected: list[int] = field(default_factory=list)  # detection sent again


def article_versions_sweep(
    *, now: datetime | None = None, limit: int | None = None, dry_run: bool = False
) -> SweepOutcome:
    """Send again the extraction of versions stuck pending (never sent, or sent and lost) or
    running (their worker is gone), and the detection of extracted versions whose detection
    never ran, at most CLAIMTRACKER_SWEEP_MAX_REQUEUES times each; a version past that is
    marked failed with the reason. What was sent counts as lost only once the queue is empty
    (while a backlog waits, it may be in it); while the broker cannot be reached the sweep
    does nothing. Idempotent and safe to run concurrently (rows are locked, skipping those
    another sweep holds). Returns the ids sent again and failed."""
    from config.celery_app import broker_pause_reset, queue_length

    now = now or timezone.now()
    limit = limit or settings.CLAIMTRACKER_SWEEP_BATCH
    max_requeues = settings.CLAIMTRACKER_SWEEP_MAX_REQUEUES
    backlog = queue_length()
    if backlog is None:
        # Nothing can be sent: sending would only spend the versions' re-send budgets.
        logger.warning("sweep skipped: the broker cannot be reached")
        return SweepOutcome(requeued=[], failed=[])
    stuck = _stuck(now)
    if backlog:  # what was sent may wait in the queue: only what surely was lost
        stuck &= ~Q(status=Status.PENDING, queued_at__isnull=False)
    else:  # detection of extracted versions that never ran (its message was lost)
        cutoff = now - timedelta(seconds=settings.CLAIMTRACKER_SWEEP_PENDING_AFTER)
        stuck |= Q(status=Status.DONE, detected_at__isnull=True, extracted_at__lt=cutoff) & (
            Q(queued_at__isnull=True) | Q(queued_at__lt=cutoff)
        )
    with transaction.atomic():
        rows = list(
            ArticleVersion.objects.filter(stuck)
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", "status", "requeues")[:limit]
        )
        exhausted = {
            status: [pk for pk, s, n in rows if s == status and n >= max_requeues]
            for status in (Status.PENDING, Status.RUNNING, Status.DONE)
        }
        requeued = [pk for pk, s, n in rows if n < max_requeues and s != Status.DONE]
        redetected = [pk for pk, s, n in rows if n < max_requeues and s == Status.DONE]
        failed = [pk for pks in exhausted.values() for pk in pks]
        if dry_run:
            return SweepOutcome(requeued=requeued, failed=failed, redetected=redetected)
        for status, pks in exhausted.items():
            if pks:
                what = {
                    Status.PENDING: "extraction never started",
                    Status.RUNNING: "extraction never finished",
                    Status.DONE: "detection never ran",
                }[status]
                ArticleVersion.objects.filter(pk__in=pks).update(
                    status=Status.FAILED,
                    error=(
                        f"{what}: sent {max_requeues + 1} times and lost each time (message "
                        f"lost, or the worker killed while on it); retry it once the cause is "
                        f"fixed"
                    ),
                )
        if requeued or redetected:
            ArticleVersion.objects.filter(pk__in=requeued + redetected).update(
                queued_at=now, requeues=F("requeues") + 1
            )
            broker_pause_reset()  # the sweep is the moment to try the broker again
            for pk in requeued:
                _extraction_send_on_commit(pk)
            from verification.tasks import contradictions_detect_for_version_task

            for pk in redetected:
                send_on_commit(contradictions_detect_for_version_task, pk)
    if requeued or failed or redetected:
        logger.warning(
            "sweep: %d extraction(s) and %d detection(s) sent again, %d failed",
            len(requeued),
            len(redetected),
            len(failed),
        )
    return SweepOutcome(requeued=requeued, failed=failed, redetected=redetected)


DETECTION_FAILED = "detection failed: "


def article_version_detection_failed(*, version_id: int, error: str, final: bool) -> None:
    """Record that detection of a version raised: the error on the row (a retry is coming),
    and when no retry is left, status failed so that triage and the admin retry see it."""
    changes: dict[str, object] = {"error": (DETECTION_FAILED + error)[:5000]}
    if final:
        changes["status"] = Status.FAILED
    ArticleVersion.objects.filter(pk=version_id).update(**changes)


def article_version_detection_done(*, version_id: int) -> None:
    """Record that detection ran (detected_at) and clear the error of an earlier failed
    detection once a retry succeeded."""
    now = timezone.now()
    ArticleVersion.objects.filter(pk=version_id).exclude(error__startswith=DETECTION_FAILED).update(
        detected_at=now
    )
    ArticleVersion.objects.filter(pk=version_id, error__startswith=DETECTION_FAILED).update(
        error="", detected_at=now
    )
