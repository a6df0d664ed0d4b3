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


@shared_task(bind=True, acks_late=True, max_retries=None, soft_time_limit=60, time_limit=90)
def webhook_deliver_task(self, delivery_pk: int) -> str:
    """One attempt at POSTing a webhook delivery (verification.webhooks.webhook_deliver).
    Idempotent: a finished delivery is skipped, so a redelivered message sends nothing. The
    attempt count lives on the row, which decides the backoff and when to give up."""
    from verification.webhooks import webhook_deliver

    outcome = webhook_deliver(delivery_pk=delivery_pk)
    if outcome.retry_in is not None and self.request.is_eager:
        # No broker (development): nothing can run later, so the attempts are made now.
        while outcome.retry_in is not None:
            outcome = webhook_deliver(delivery_pk=delivery_pk)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60)
def webhook_deliveries_sweep_task() -> int:
    """Send again pending webhook deliveries whose message was lost. Returns how many."""
    from verification.webhooks import webhook_deliveries_sweep

    return webhook_deliveries_sweep()


@shared_task(bind=True, acks_late=True, max_retries=6, soft_time_limit=5 * 60, time_limit=6 * 60)
def contradiction_report_deliver_task(self, report_id: int) -> int:
    """E-mail a report to the active recipients it has not reached yet (see
    verification.services.contradiction_report_email). Idempotent; SMTP failures are retried
    with backoff. Returns how many were sent now."""
    from verification.services import contradiction_report_email

    try:
        return contradiction_report_email(report_id=report_id)
    except OSError as exc:  # smtplib.SMTPException is an OSError
        if self.request.is_eager or self.request.retries >= self.max_retries:
            raise
        raise self.retry(exc=exc, countdown=min(3600, 60 * 2**self.request.retries)) from exc
