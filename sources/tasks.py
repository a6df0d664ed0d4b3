"""Celery tasks of the sources app: the sweeper that recovers versions whose work was lost."""

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
