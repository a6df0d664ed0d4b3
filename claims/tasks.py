"""Celery tasks of the claims app: thin wrappers over services, ids in, idempotent."""

from celery import shared_task
from django.conf import settings

from claims.errors import TransientPipelineError


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(TransientPipelineError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    soft_time_limit=settings.CLAIMTRACKER_EXTRACT_SOFT_TIME_LIMIT,
    time_limit=settings.CLAIMTRACKER_EXTRACT_TIME_LIMIT,
)
def claims_extract_for_version_task(self, version_id: int, force: bool = False) -> str:
    """Extract the claims of one version, then enqueue detection. Idempotent per version and
    extractor version; permanent failures are recorded on the version, not raised. The task id
    is the claim token: a redelivery of this message takes over the claim its dead worker held."""
    from claims.services import claims_extract_for_version  # avoids an import cycle at startup

    return claims_extract_for_version(
        version_id=version_id, force=force, claim_token=self.request.id or ""
    ).status
