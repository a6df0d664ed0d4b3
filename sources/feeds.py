"""Writes of feeds and watched urls: polling feeds, fetching pages, ingesting what changed.

Services here are called by the tasks in sources/tasks.py (queue CLAIMTRACKER_FETCH_QUEUE),
the admin and the API. Fetching is sources.fetch (no Django); ingesting is the one ingest
path, sources.services.article_version_ingest, so the same text twice is one version and a
changed text is the next version. Every outcome, errors included, is recorded on the row with
its next due time: a poll never crashes and a failing site is tried again later, less often.
"""

from __future__ import annotations

import calendar
import logging
import math
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import feedparser
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sources.fetch import (
    BlockedUrl,
    DomainBusy,
    Fetcher,
    FetchError,
    FetchPolicy,
    FetchResult,
    HttpStatusError,
    address_allowed,
    check_url,
    domain_of,
    normalise_url,
)
from sources.ingest import IngestError, parse_update_label
from sources.ingest.prepare import decode
from sources.models import Feed, VersionFetch, WatchedUrl
from sources.pagemeta import read_page_meta
from sources.services import article_version_ingest, outlet_get_or_create

logger = logging.getLogger(__name__)

#: How long a row handed to a task stays claimed before the poller may hand it out again.
LEASE = timedelta(minutes=10)
#: Rows handed out per poller run (the rest are due at the next run, a minute later).
POLL_BATCH = 500
#: Backoff after consecutive failures: 5 min, 10, 20, ... at most a day.
BACKOFF_BASE = timedelta(minutes=5)
BACKOFF_MAX = timedelta(days=1)
#: A watched url failing this many times in a row is no longer fetched.
MAX_URL_ERRORS = 8
_FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
_PAGE_TYPES = ("application/xhtml+xml", "application/xml")
_PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


class SubmitError(ValueError):
    """A url that will not be fetched (scheme, host, a private address): say why."""


@dataclass(frozen=True)
class FeedPollOutcome:
    status: str  # "polled", "not-modified", "deferred", "error", "inactive"
    new_urls: int = 0
    refreshed_urls: int = 0
    error: str = ""


@dataclass(frozen=True)
class FetchOutcome:
    status: str  # "new-version", "unchanged", "not-modified", "deferred", "error", "inactive"
    version_id: int | None = None
    error: str = ""


# Politeness shared by all workers ----------------------------------------------------------


class CacheDomainGate:
    """Per-domain concurrency slots and a minimum interval between request starts, kept in
    the Django cache (Redis in production, so every worker on every machine shares them).
    ``acquire`` waits up to ``max_wait`` seconds, then gives up (the caller defers)."""

    def __init__(self, *, interval: float, concurrency: int, hold: float, max_wait: float):
        self.interval = interval
        self.concurrency = max(1, concurrency)
        self.hold = max(1, math.ceil(hold))  # a crashed worker's slot frees itself after this
        self.max_wait = max_wait

    def acquire(self, domain: str) -> object | None:
        deadline = time.monotonic() + self.max_wait
        while True:
            for slot in range(self.concurrency):
                slot_key = f"fetch:slot:{domain}:{slot}"
                if cache.add(slot_key, 1, timeout=self.hold):
                    if self.interval <= 0 or cache.add(
                        f"fetch:last:{domain}", 1, timeout=max(1, math.ceil(self.interval))
                    ):
                        return slot
                    cache.delete(slot_key)
                    break
            if time.monotonic() >= deadline:
                return None
            time.sleep(min(0.2, max(0.02, self.interval / 4)))

    def release(self, domain: str, token: object) -> None:
        cache.delete(f"fetch:slot:{domain}:{token}")


class CacheRobots:
    """robots.txt texts, kept for an hour in the shared cache."""

    def get(self, domain: str) -> str | None:
        return cache.get(f"fetch:robots:{domain}")

    def set(self, domain: str, robots_txt: str) -> None:
        cache.set(f"fetch:robots:{domain}", robots_txt, timeout=3600)


_fetchers: dict[tuple, Fetcher] = {}


def fetcher() -> Fetcher:
    """The process's Fetcher for the current settings (one connection pool per worker)."""
    policy = FetchPolicy(
        user_agent=settings.CLAIMTRACKER_FETCH_USER_AGENT,
        timeout=settings.CLAIMTRACKER_FETCH_TIMEOUT,
        max_bytes=settings.CLAIMTRACKER_FETCH_MAX_BYTES,
        max_redirects=settings.CLAIMTRACKER_FETCH_MAX_REDIRECTS,
        allow_private=settings.CLAIMTRACKER_FETCH_ALLOW_PRIVATE,
    )
    gate_key = (
        settings.CLAIMTRACKER_FETCH_DOMAIN_INTERVAL,
        settings.CLAIMTRACKER_FETCH_DOMAIN_CONCURRENCY,
    )
    key = (policy, gate_key)
    if key not in _fetchers:
        interval, concurrency = gate_key
        gate = CacheDomainGate(
            interval=interval,
            concurrency=concurrency,
            hold=policy.timeout + 5,
            max_wait=max(5.0, 3 * interval),
        )
        _fetchers[key] = Fetcher(policy, gate=gate, robots=CacheRobots())
    return _fetchers[key]


# Schedules ---------------------------------------------------------------------------------


def refetch_delay(step: int) -> timedelta | None:
    """The wait before the next fetch at ``step`` of the re-fetch schedule; None past its end."""
    schedule = settings.CLAIMTRACKER_REFETCH_SCHEDULE
    return timedelta(seconds=schedule[step]) if step < len(schedule) else None


def backoff(error_count: int, *, at_least: timedelta = timedelta(0), retry_after=None):
    delay = min(BACKOFF_BASE * 2 ** max(0, error_count - 1), BACKOFF_MAX)
    if retry_after:
        delay = max(delay, min(timedelta(seconds=retry_after), BACKOFF_MAX))
    return max(delay, at_least)


# Creating ----------------------------------------------------------------------------------


def feed_create(
    *, url: str, title: str = "", outlet: str | None = None, poll_interval: int | None = None
) -> tuple[Feed, bool]:
    """The feed of that url, created due now when new. Idempotent. Raises SubmitError."""
    url = _submittable(url)
    with transaction.atomic():
        outlet_obj = outlet_get_or_create(name=outlet) if outlet and outlet.strip() else None
        feed, created = Feed.objects.get_or_create(
            url=url,
            defaults={
                "title": title[:500],
                "outlet": outlet_obj,
                "poll_interval": poll_interval or settings.CLAIMTRACKER_FEED_POLL_INTERVAL,
                "next_poll_at": timezone.now(),
            },
        )
        if created:
            from sources.tasks import feed_poll_task

            feed_poll_task.delay_on_commit(feed.pk)
    return feed, created


def watched_url_submit(*, url: str) -> tuple[WatchedUrl, bool]:
    """Watch an article url (submit-by-url): created and fetched at once when new; a known
    url (or a known article's canonical url) is fetched again now. Raises SubmitError."""
    url = normalise_url(_submittable(url))
    with transaction.atomic():
        existing = (
            WatchedUrl.objects.filter(Q(url=url) | Q(canonical_url=url))
            .order_by("duplicate_of_id", "pk")
            .first()
        )
        if existing is not None and existing.duplicate_of_id:
            existing = existing.duplicate_of
        if existing is None:
            watched, created = WatchedUrl.objects.get_or_create(
                url=url, defaults={"next_fetch_at": timezone.now()}
            )
        else:
            watched, created = existing, False
            WatchedUrl.objects.filter(pk=watched.pk).update(
                active=True, step=0, next_fetch_at=timezone.now()
            )
        from sources.tasks import watched_url_fetch_task

        watched_url_fetch_task.delay_on_commit(watched.pk)
    return watched, created


FEED_EDITABLE = ("title", "active", "poll_interval")


def feed_update(*, feed_id: int, **changes) -> Feed:
    """Change a feed's title, active flag or poll interval; re-activating makes it due now."""
    unknown = set(changes) - set(FEED_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        feed = Feed.objects.select_for_update().get(pk=feed_id)
        if changes.get("active") and not feed.active:
            changes["next_poll_at"] = timezone.now()
        for name, value in changes.items():
            setattr(feed, name, value)
        if changes:
            feed.save(update_fields=list(changes))
    return feed


def watched_url_fetch_now(*, watched_url_ids: list[int]) -> int:
    """Queue the given urls for a fetch now, from the first step of the schedule."""
    with transaction.atomic():
        ids = list(
            WatchedUrl.objects.filter(pk__in=watched_url_ids, duplicate_of=None).values_list(
                "pk", flat=True
            )
        )
        WatchedUrl.objects.filter(pk__in=ids).update(
            active=True, step=0, error_count=0, next_fetch_at=timezone.now()
        )
        _enqueue_fetches(ids)
    return len(ids)


def feed_poll_now(*, feed_ids: list[int]) -> int:
    """Queue the given active feeds for a poll now."""
    from sources.tasks import feed_poll_task

    with transaction.atomic():
        ids = list(Feed.objects.filter(pk__in=feed_ids, active=True).values_list("pk", flat=True))
        Feed.objects.filter(pk__in=ids).update(next_poll_at=timezone.now())
        for pk in ids:
            feed_poll_task.delay_on_commit(pk)
    return len(ids)


def _submittable(url: str) -> str:
    """The url when we may fetch it. A private address written in the url (an IP literal,
    localhost) is refused here with a clear message; a name that resolves to one is refused by
    the fetcher at connect time (recorded on the row), so no DNS lookup runs in a request."""
    try:
        url = check_url(url)
    except BlockedUrl as exc:
        raise SubmitError(str(exc)) from exc
    if settings.CLAIMTRACKER_FETCH_ALLOW_PRIVATE:
        return url
    hostname = (urlsplit(url).hostname or "").rstrip(".").lower()
    if hostname == "localhost" or hostname.endswith(".localhost"):
        raise SubmitError(f"{hostname} is not a public address; it will not be fetched")
    try:
        allowed = address_allowed(hostname, allow_private=False)
    except ValueError:
        return url  # a name, not an address
    if not allowed:
        raise SubmitError(f"{hostname} is not a public address; it will not be fetched")
    return url


# The poller (beat, every minute) -----------------------------------------------------------


def feeds_poll_due(*, now: datetime | None = None, limit: int = POLL_BATCH) -> tuple[int, int]:
    """Hand due feeds and due watched urls to fetch tasks, claiming each for LEASE so a second
    run does not hand it out again. Watched urls of one domain are spread out in time by the
    per-domain interval. Returns (feeds queued, urls queued)."""
    from sources.tasks import feed_poll_task

    now = now or timezone.now()
    with transaction.atomic():
        feed_ids = list(
            Feed.objects.select_for_update(skip_locked=True)
            .filter(active=True, next_poll_at__lte=now)
            .order_by("next_poll_at")
            .values_list("pk", flat=True)[:limit]
        )
        Feed.objects.filter(pk__in=feed_ids).update(next_poll_at=now + LEASE)
        url_rows = list(
            WatchedUrl.objects.select_for_update(skip_locked=True)
            .filter(active=True, next_fetch_at__lte=now)
            .order_by("next_fetch_at")
            .values_list("pk", "url")[:limit]
        )
        url_ids = [pk for pk, _ in url_rows]
        WatchedUrl.objects.filter(pk__in=url_ids).update(next_fetch_at=now + LEASE)
        for pk in feed_ids:
            feed_poll_task.delay_on_commit(pk)
        _enqueue_fetches(url_ids, urls=dict(url_rows))
    return len(feed_ids), len(url_ids)


def _enqueue_fetches(ids: list[int], *, urls: dict[int, str] | None = None) -> None:
    """Queue fetch tasks on commit; the n-th url of one domain starts n intervals later."""
    from sources.tasks import watched_url_fetch_task

    if urls is None:
        urls = dict(WatchedUrl.objects.filter(pk__in=ids).values_list("pk", "url"))
    interval = settings.CLAIMTRACKER_FETCH_DOMAIN_INTERVAL
    per_domain: dict[str, int] = defaultdict(int)
    for pk in ids:
        domain = domain_of(urls.get(pk, ""))
        countdown = per_domain[domain] * interval
        per_domain[domain] += 1
        transaction.on_commit(
            lambda pk=pk, countdown=countdown: watched_url_fetch_task.apply_async(
                (pk,), countdown=countdown or None
            )
        )


# Polling one feed --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    url: str
    entry_id: str
    title: str
    updated_at: datetime | None


def feed_poll(*, feed_id: int) -> FeedPollOutcome:
    """Fetch one feed (conditionally) and watch its entries: new urls are created and queued,
    known ones whose entry changed (title's update label, updated time) are queued again.
    Records the result and the next poll on the feed. Idempotent."""
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None or not feed.active:
        return FeedPollOutcome(status="inactive")
    now = timezone.now()
    try:
        return _feed_poll(feed, now)
    except Exception as exc:
        # A bug met on one feed is recorded on it (and tried later), not raised at every poll.
        logger.exception("polling feed %s failed", feed.url)
        return _feed_failed(feed, now, f"unexpected error: {type(exc).__name__}: {exc}")


def _feed_poll(feed: Feed, now: datetime) -> FeedPollOutcome:
    try:
        result = fetcher().fetch(
            feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=_FEED_ACCEPT
        )
    except DomainBusy as exc:
        Feed.objects.filter(pk=feed.pk).update(
            next_poll_at=now + timedelta(seconds=exc.retry_after or 30)
        )
        return FeedPollOutcome(status="deferred")
    except FetchError as exc:
        return _feed_failed(feed, now, str(exc), retry_after=exc.retry_after)
    if result.not_modified:
        _feed_succeeded(feed, now, result)
        return FeedPollOutcome(status="not-modified")
    parsed = feedparser.parse(
        result.body,
        response_headers={"content-type": result.content_type, "content-location": result.url},
    )
    entries = _entries(parsed, base_url=result.url)
    if not entries and (parsed.bozo or not parsed.version):
        reason = getattr(parsed, "bozo_exception", None) or "no entries"
        return _feed_failed(feed, now, f"{result.url} is not an RSS or Atom feed ({reason})")
    with transaction.atomic():
        new_ids, refreshed_ids = _watch_entries(feed, entries, now)
        _feed_succeeded(feed, now, result, title=_text(parsed.feed.get("title")))
        _enqueue_fetches(new_ids + refreshed_ids)
    return FeedPollOutcome(
        status="polled", new_urls=len(new_ids), refreshed_urls=len(refreshed_ids)
    )


def _entries(parsed, *, base_url: str) -> list[_Entry]:
    entries: dict[str, _Entry] = {}
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link and str(entry.get("id", "")).startswith(("http://", "https://")):
            link = entry["id"]  # Atom entries sometimes carry their url as id only
        try:
            url = normalise_url(check_url(link))
        except (FetchError, ValueError):
            continue  # an entry without a fetchable link has no page to watch
        updated = entry.get("updated_parsed") or entry.get("published_parsed")
        entries.setdefault(
            url,
            _Entry(
                url=url[:1000],
                entry_id=str(entry.get("id") or "")[:1000],
                title=_text(entry.get("title")) or "",
                updated_at=(
                    datetime.fromtimestamp(calendar.timegm(updated), tz=UTC) if updated else None
                ),
            ),
        )
    return list(entries.values())


def _watch_entries(feed: Feed, entries: list[_Entry], now: datetime) -> tuple[list, list]:
    """Create WatchedUrls for new entries; bring known ones forward when the feed says they
    changed. A bounded number of queries whatever the number of entries."""
    urls = [entry.url for entry in entries]
    known = {
        row.url: row
        for row in WatchedUrl.objects.filter(url__in=urls).select_related("duplicate_of")
    }
    by_canonical = {
        row.canonical_url: row
        for row in WatchedUrl.objects.filter(canonical_url__in=urls, duplicate_of=None)
    }
    fresh = [
        WatchedUrl(
            url=entry.url,
            feed=feed,
            entry_id=entry.entry_id,
            entry_title=entry.title[:1000],
            entry_updated_at=entry.updated_at,
            next_fetch_at=now,
        )
        for entry in entries
        if entry.url not in known and entry.url not in by_canonical
    ]
    WatchedUrl.objects.bulk_create(fresh, ignore_conflicts=True)
    new_ids = list(
        WatchedUrl.objects.filter(
            url__in=[row.url for row in fresh], fetch_count=0, feed=feed
        ).values_list("pk", flat=True)
    )
    rows_by_pk = {row.pk: row for row in [*known.values(), *by_canonical.values()]}
    to_update: dict[int, WatchedUrl] = {}
    refetch: set[int] = set()
    for entry in entries:
        row = known.get(entry.url) or by_canonical.get(entry.url)
        if row is None:
            continue
        if _entry_moved(row, entry):
            target = rows_by_pk.get(row.duplicate_of_id) or row.duplicate_of or row
            target.active, target.step, target.next_fetch_at = True, 0, now
            to_update[target.pk] = target
            refetch.add(target.pk)
        if (row.entry_title, row.entry_updated_at) != (entry.title[:1000], entry.updated_at):
            row.entry_title, row.entry_updated_at = entry.title[:1000], entry.updated_at
            to_update[row.pk] = row
    if to_update:
        WatchedUrl.objects.bulk_update(
            list(to_update.values()),
            ["active", "step", "next_fetch_at", "entry_title", "entry_updated_at"],
        )
    return new_ids, sorted(refetch)


def _entry_moved(row: WatchedUrl, entry: _Entry) -> bool:
    """The feed says the article changed: a newer updated time, or a new update label in the
    title ("(UPDATE 2)" after "(UPDATE 1)")."""
    if entry.updated_at and row.entry_updated_at and entry.updated_at > row.entry_updated_at:
        return True
    old, new = parse_update_label(row.entry_title), parse_update_label(entry.title)
    return new is not None and (old is None or old.raw != new.raw)


def _feed_succeeded(feed: Feed, now: datetime, result: FetchResult, title: str = "") -> None:
    changes = {
        "last_polled_at": now,
        "last_success_at": now,
        "next_poll_at": now + timedelta(seconds=feed.poll_interval),
        "etag": result.etag[:500],
        "last_modified": result.last_modified[:100],
        "error": "",
        "error_count": 0,
    }
    if title and not feed.title:
        changes["title"] = title[:500]
    Feed.objects.filter(pk=feed.pk).update(**changes)


def _feed_failed(feed: Feed, now: datetime, error: str, retry_after=None) -> FeedPollOutcome:
    count = feed.error_count + 1
    delay = backoff(count, at_least=timedelta(seconds=feed.poll_interval), retry_after=retry_after)
    Feed.objects.filter(pk=feed.pk).update(
        last_polled_at=now, next_poll_at=now + delay, error=error[:2000], error_count=count
    )
    logger.info("feed %s failed (%d in a row): %s", feed.url, count, error)
    return FeedPollOutcome(status="error", error=error)


# Fetching one page -------------------------------------------------------------------------


def watched_url_fetch(*, watched_url_id: int) -> FetchOutcome:
    """Fetch one watched page (conditionally) and ingest its text: a changed text is the next
    version of the article its canonical url names. Moves the url along its re-fetch schedule
    (back to the first step on an UPDATE label or a moved dateModified) or records the error
    with backoff. Idempotent: the same text is the same version."""
    watched = WatchedUrl.objects.select_related("feed__outlet").filter(pk=watched_url_id).first()
    if watched is None or not watched.active or watched.duplicate_of_id:
        return FetchOutcome(status="inactive")
    now = timezone.now()
    try:
        return _watched_url_fetch(watched, now)
    except Exception as exc:
        # A bug met on one page is recorded on it (and tried later), not raised at every fetch.
        logger.exception("fetching %s failed", watched.url)
        error = f"unexpected error: {type(exc).__name__}: {exc}"
        return _url_failed(watched, now, error, stop=False)


def _watched_url_fetch(watched: WatchedUrl, now: datetime) -> FetchOutcome:
    try:
        result = fetcher().fetch(
            watched.url,
            etag=watched.etag,
            last_modified=watched.last_modified,
            accept=_PAGE_ACCEPT,
        )
    except DomainBusy as exc:
        WatchedUrl.objects.filter(pk=watched.pk).update(
            next_fetch_at=now + timedelta(seconds=exc.retry_after or 30)
        )
        return FetchOutcome(status="deferred")
    except FetchError as exc:
        gone = isinstance(exc, HttpStatusError) and exc.status in (404, 410)
        return _url_failed(watched, now, str(exc), stop=gone, retry_after=exc.retry_after)
    if result.not_modified:
        _url_fetched(watched, now, result, changed=False, signal=False)
        return FetchOutcome(status="not-modified")
    try:
        return _ingest_page(watched, now, result)
    except IngestError as exc:
        return _url_failed(watched, now, f"{result.url}: {exc}", stop=False)


def _ingest_page(watched: WatchedUrl, now: datetime, result: FetchResult) -> FetchOutcome:
    media_type = result.content_type.split(";", 1)[0].strip().lower()
    if media_type and not media_type.startswith("text/") and media_type not in _PAGE_TYPES:
        raise IngestError(f"not an article page (content type {media_type})")
    html = decode(result.body, result.content_type or None)
    meta = read_page_meta(html, base_url=result.url)
    canonical = normalise_url(meta.canonical_url or result.url)[:1000]
    outlet = (
        watched.feed.outlet.name
        if watched.feed is not None and watched.feed.outlet is not None
        else meta.outlet
    )
    with transaction.atomic():
        holder = (
            WatchedUrl.objects.filter(canonical_url=canonical, duplicate_of=None)
            .exclude(pk=watched.pk)
            .order_by("pk")
            .first()
        )
        outcome = article_version_ingest(
            raw=html,
            content_type=result.content_type or "text/html",
            url=canonical,
            outlet=outlet,
            # A version's moment is when this text was published: its modification time.
            published_at=meta.date_modified or meta.date_published,
            filename=result.url[:500],
        )
        version = outcome.version
        if outcome.created:
            VersionFetch.objects.create(
                version=version,
                watched_url=watched,
                url=result.url[:1000],
                canonical_url=canonical,
                date_published=meta.date_published,
                date_modified=meta.date_modified,
                outlet=(outlet or "")[:200],
                etag=result.etag[:500],
                fetched_at=now,
            )
        moved = bool(
            meta.date_modified
            and watched.date_modified
            and meta.date_modified > watched.date_modified
        )
        signal = moved or (outcome.created and bool(version.update_label))
        watched.canonical_url = canonical
        watched.article_id = version.article_id
        if holder is not None:
            # The same article reached through another url (another feed): watch it once.
            watched.duplicate_of = holder
            watched.active = False
        if meta.date_modified:
            watched.date_modified = meta.date_modified
        _url_fetched(watched, now, result, changed=outcome.created, signal=signal)
    return FetchOutcome(
        status="new-version" if outcome.created else "unchanged", version_id=version.pk
    )


def _url_fetched(
    watched: WatchedUrl, now: datetime, result: FetchResult, *, changed: bool, signal: bool
) -> None:
    if signal:
        step = 0  # a developing story: look again soon
    elif changed:
        step = watched.step  # changed without a label: the same pace again
    else:
        step = watched.step + 1
    delay = refetch_delay(step)
    watched.step = min(step, 32767)
    watched.next_fetch_at = now + delay if delay is not None else None
    watched.last_fetched_at = now
    watched.fetch_count += 1
    watched.etag = result.etag[:500]
    watched.last_modified = result.last_modified[:100]
    watched.error, watched.error_count = "", 0
    if changed:
        watched.last_changed_at = now
    watched.save(
        update_fields=[
            "step",
            "next_fetch_at",
            "last_fetched_at",
            "fetch_count",
            "etag",
            "last_modified",
            "error",
            "error_count",
            "last_changed_at",
            "canonical_url",
            "article",
            "duplicate_of",
            "active",
            "date_modified",
        ]
    )


def _url_failed(
    watched: WatchedUrl, now: datetime, error: str, *, stop: bool, retry_after=None
) -> FetchOutcome:
    count = watched.error_count + 1
    stop = stop or count >= MAX_URL_ERRORS
    WatchedUrl.objects.filter(pk=watched.pk).update(
        last_fetched_at=now,
        next_fetch_at=None if stop else now + backoff(count, retry_after=retry_after),
        error=error[:2000],
        error_count=count,
    )
    logger.info("fetch of %s failed (%d in a row): %s", watched.url, count, error)
    return FetchOutcome(status="error", error=error)


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


__all__ = [
    "FeedPollOutcome",
    "FetchOutcome",
    "SubmitError",
    "feed_create",
    "feed_poll",
    "feed_poll_now",
    "feed_update",
    "feeds_poll_due",
    "watched_url_fetch",
    "watched_url_fetch_now",
    "watched_url_submit",
]
