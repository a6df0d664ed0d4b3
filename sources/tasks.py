"""Celery tasks of the sources app: the sweeper that recovers versions whose work was lost, and
polling feeds and fetching watched urls. The fetch tasks run on the fetch queue
(sources.routing); all are thin, take ids, and are idempotent: a redelivered poll or fetch finds
the same text and stores no second version."""

from celery import shared_task
from django.core.cache import cache

SWEEP_LOCK = "claimtracker:sweep-lock"


@shared_task(acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60, ignore_result=True)
def article_versions_sweep_task() -> dict[str, int] | None:
    """Send again the versions stuck pending or running (see article_versions_sweep), under a
    cache lock so two sweeps never overlap. Returns the counts, or None when another runs."""
    from sources.services import article_versions_sweep

    if not cache.add(SWEEP_LOCK, "1", timeout=6 * 60):
        return None
    try:
        outcome = article_versions_sweep()
    finally:
        cache.delete(SWEEP_LOCK)
    return {"requeued": len(outcome.requeued), "failed": len(outcome.failed)}


# A fetch is bounded by CLAIMTRACKER_FETCH_TIMEOUT per request (robots.txt and redirects
# included) plus the per-domain wait; ingest is a few queries.
_LIMITS = {"soft_time_limit": 3 * 60, "time_limit": 4 * 60}


@shared_task(acks_late=True, **_LIMITS)
def feeds_poll_due_task() -> list[int]:
    """Beat, every minute: queue the due feeds and watched urls. Returns [feeds, urls]."""
    from sources.feeds import feeds_poll_due

    return list(feeds_poll_due())


@shared_task(acks_late=True, **_LIMITS)
def feed_poll_task(feed_id: int) -> str:
    """Poll one feed; new and changed entries are queued for a fetch. Errors are recorded on
    the feed (with backoff), never raised. Returns the outcome's status."""
    from sources.feeds import feed_poll

    return feed_poll(feed_id=feed_id).status


@shared_task(acks_late=True, **_LIMITS)
def watched_url_fetch_task(watched_url_id: int) -> str:
    """Fetch one watched page and ingest a changed text as the next version. Errors are
    recorded on the watched url (with backoff), never raised. Returns the outcome's status."""
    from sources.feeds import watched_url_fetch

    return watched_url_fetch(watched_url_id=watched_url_id).status
