"""Celery routing: fetching and feeds run on their own queue (CLAIMTRACKER_FETCH_QUEUE), so a
burst of extraction never delays polling. Read at send time, so settings overrides apply."""

from django.conf import settings

# The feed and fetch tasks only: the sweeper (also in sources.tasks) stays on the default
# queue, so it runs wherever extraction runs.
FETCH_TASKS = frozenset(
    {
        "sources.tasks.feeds_poll_due_task",
        "sources.tasks.feed_poll_task",
        "sources.tasks.watched_url_fetch_task",
    }
)


def route_task(name, args, kwargs, options, task=None, **kw):
    if name in FETCH_TASKS:
        return {"queue": settings.CLAIMTRACKER_FETCH_QUEUE}
    return None
