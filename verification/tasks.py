"""Celery tasks of the verification app: detection after extraction, scheduled reports."""

import logging

from celery import shared_task

from claims.errors import TransientPipelineError

logger = logging.getLogger(__name__)

DETECTION_MAX_RETRIES = 5


@shared_task(
    bind=True,
    acks_late=True,
    max_retries=DETECTION_MAX_RETRIES,
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def contradictions_detect_for_version_task(self, version_id: int) -> int:
    """Group the version's article into a story, rebuild its lineage and flag contradictions.
    Idempotent: unique constraints make a second run write no duplicates. Returns flags found.
    A failure is recorded on the version (error) and retried with backoff; when no retry is
    left the version is marked failed, so triage and the admin retry see it."""
    from sources.services import article_version_detection_done, article_version_detection_failed
    from verification.services import contradictions_detect_for_version

    try:
        found = contradictions_detect_for_version(version_id=version_id)
    except Exception as exc:
        final = self.request.is_eager or self.request.retries >= self.max_retries
        transient = isinstance(exc, TransientPipelineError)
        logger.warning("detection of version %s failed: %r", version_id, exc, exc_info=True)
        article_version_detection_failed(
            version_id=version_id, error=f"{type(exc).__name__}: {exc}", final=final
        )
        if final:
            return 0
        countdown = min(600, 2 ** (self.request.retries + (2 if transient else 4)))
        raise self.retry(exc=exc, countdown=countdown) from exc
    article_version_detection_done(version_id=version_id)
    return found


@shared_task(acks_late=True, soft_time_limit=10 * 60, time_limit=11 * 60)
def contradiction_report_build_task(period_end: str | None = None) -> int | None:
    """Build the contradiction report of the 24 hours before period_end (default: now, to the
    hour). Takes a cache lock, so two runs never overlap; one row per period. Returns its id."""
    from verification.services import contradiction_report_build

    report = contradiction_report_build(period_end=period_end)
    return report.pk if report else None
