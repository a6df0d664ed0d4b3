"""Celery tasks of the sources app: polling feeds and fetching watched urls. They run on the
fetch queue (sources.routing), are thin, take ids, and are idempotent: a redelivered poll or
fetch finds the same text and stores no second version."""

from celery import shared_task

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
