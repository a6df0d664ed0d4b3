"""Celery routing: fetching and feeds run on their own queue (CLAIMTRACKER_FETCH_QUEUE), so a
burst of extraction never delays polling. Read at send time, so settings overrides apply."""

from django.conf import settings

FETCH_TASKS_PREFIX = "sources.tasks."


def route_task(name, args, kwargs, options, task=None, **kw):
    if name.startswith(FETCH_TASKS_PREFIX):
        return {"queue": settings.CLAIMTRACKER_FETCH_QUEUE}
    return None
