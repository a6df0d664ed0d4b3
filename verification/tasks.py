"""Celery tasks of the verification app: detection after extraction, scheduled reports."""

from celery import shared_task

from claims.errors import TransientPipelineError


@shared_task(
    acks_late=True,
    autoretry_for=(TransientPipelineError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def contradictions_detect_for_version_task(version_id: int) -> int:
    """Group the version's article into a story, rebuild its lineage and flag contradictions.
    Idempotent: unique constraints make a second run write no duplicates. Returns flags found."""
    from verification.services import contradictions_detect_for_version

    return contradictions_detect_for_version(version_id=version_id)


@shared_task(acks_late=True, soft_time_limit=10 * 60, time_limit=11 * 60)
def contradiction_report_build_task(period_end: str | None = None) -> int | None:
    """Build the contradiction report of the 24 hours before period_end (default: now, to the
    hour). Takes a cache lock, so two runs never overlap; one row per period. Returns its id."""
    from verification.services import contradiction_report_build

    report = contradiction_report_build(period_end=period_end)
    return report.pk if report else None
