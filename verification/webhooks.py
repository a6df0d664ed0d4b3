"""Webhooks: events as signed JSON POSTs to admin-managed subscribers (README, "Webhooks").

Services call `webhooks_emit(event, payload)` (or `webhooks_emit_many`) inside their
transaction: it writes one `WebhookDelivery` row per active subscriber of the event and sends
`webhook_deliver_task` for each once the transaction commits. The task calls `webhook_deliver`,
which POSTs

    {"id": "<delivery uuid>", "event": "...", "created_at": "...", "data": {...}}

with the headers

    X-Claimtracker-Event: <event>
    X-Claimtracker-Delivery: <delivery uuid>            (the same on every attempt)
    X-Claimtracker-Signature: t=<unix time>,v1=<hex>    hex = HMAC-SHA256(secret, "<t>." + body)

A receiver recomputes the HMAC over the raw body, compares in constant time, refuses a `t`
too old (replays) and drops a delivery id it has seen (redeliveries).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from verification.models import WebhookDelivery, WebhookSubscriber

logger = logging.getLogger(__name__)

Event = WebhookSubscriber.Event
SIGNATURE_HEADER = "X-Claimtracker-Signature"
EVENT_HEADER = "X-Claimtracker-Event"
DELIVERY_HEADER = "X-Claimtracker-Delivery"


# --------------------------------------------------------------------------------------------
# Signing and URL checks (no database)
# --------------------------------------------------------------------------------------------


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The signature header's value for `body` sent at `timestamp` (unix seconds)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(secret: str, body: bytes, header: str, *, tolerance: int = 300) -> bool:
    """What a receiver does: True when `header` signs `body` with `secret` and is recent."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def _allow_private() -> bool:
    return bool(getattr(settings, "CLAIMTRACKER_WEBHOOK_ALLOW_PRIVATE", False))


def _refused_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def check_url(url: str, *, resolve: bool = False) -> None:
    """Raise ValidationError unless `url` is http(s) with a host; unless private addresses are
    allowed (CLAIMTRACKER_WEBHOOK_ALLOW_PRIVATE, tests and development), a host that is or
    resolves (resolve=True) to a loopback, private, link-local or reserved address is refused:
    webhooks must not become a way into the internal network (SSRF)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError("A webhook URL must be http:// or https:// with a host.")
    if _allow_private():
        return
    host = parts.hostname
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        if host.lower() == "localhost" or host.lower().endswith(".localhost"):
            raise ValidationError("A webhook URL may not point at this machine.") from None
        if not resolve:
            return
        try:
            infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
        except OSError as exc:
            raise ValidationError(f"The webhook host {host} does not resolve: {exc}") from exc
        addresses = [str(info[4][0]) for info in infos]
    if any(_refused_address(a) for a in addresses):
        raise ValidationError(
            "A webhook URL may not point at a loopback, private or reserved address."
        )


# --------------------------------------------------------------------------------------------
# Emitting
# --------------------------------------------------------------------------------------------


def _jsonable(payload: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def webhooks_emit(event: str, payload: dict[str, Any], *, key: str | None = None) -> int:
    """Queue `event` with `payload` for its active subscribers (see webhooks_emit_many)."""
    return webhooks_emit_many(event, [(key, payload)])


def webhooks_emit_many(event: str, items: Iterable[tuple[str | None, dict[str, Any]]]) -> int:
    """Queue one delivery per (item, active subscriber of `event`), written in the caller's
    transaction and sent after it commits. An item's key (e.g. "verdict:12") makes emitting it
    again a no-op for subscribers that already have it; None means always new. Returns the
    number of deliveries written. Two queries whatever the number of items."""
    if event not in Event.values:
        raise ValueError(f"unknown webhook event {event!r}")
    items = list(items)
    if not items:
        return 0
    subscribers = [
        pk
        for pk, events in WebhookSubscriber.objects.filter(active=True).values_list("pk", "events")
        if event in (events or [])
    ]
    if not subscribers:
        return 0
    now = timezone.now()
    rows = [
        WebhookDelivery(
            delivery_id=uuid.uuid4(),
            subscriber_id=subscriber,
            event=event,
            key=(key or f"once:{uuid.uuid4()}")[:200],
            payload=_jsonable(payload),
            created_at=now,
        )
        for key, payload in items
        for subscriber in subscribers
    ]
    with transaction.atomic():
        WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        written = list(
            WebhookDelivery.objects.filter(
                delivery_id__in=[row.delivery_id for row in rows]
            ).values_list("pk", flat=True)
        )
        for pk in written:
            _send_on_commit(pk)
    return len(written)


def _send_on_commit(delivery_pk: int) -> None:
    from config.celery_app import send_on_commit
    from verification.tasks import webhook_deliver_task

    # With the broker down the row stays pending and webhook_deliveries_sweep sends it later.
    send_on_commit(webhook_deliver_task, delivery_pk)


def contradiction_payload(row: Any, *, story_key: str | None = None) -> dict[str, Any]:
    """What subscribers get about a flag (reads a Contradiction; no query when story_key is
    given or the story is loaded)."""
    if story_key is None and row.story_id:
        story_key = row.story.key
    return {
        "id": row.pk,
        "url": f"/api/v1/contradictions/{row.pk}/",
        "story": story_key,
        "kind": row.kind,
        "relation": row.relation,
        "status": row.status,
        "reason": row.reason,
        "confidence": round(row.confidence, 3),
        "detector": row.detector,
        "claim_a": row.claim_a_id,
        "claim_b": row.claim_b_id,
    }


def contradictions_flagged(rows: Iterable[Any], *, story_key: str | None) -> int:
    """Emit contradiction.flagged for new flags (not updates); keyed by id, so once each."""
    items = [
        (f"contradiction:{row.pk}", contradiction_payload(row, story_key=story_key))
        for row in rows
        if row.relation != "update" and row.pk is not None
    ]
    return webhooks_emit_many(Event.CONTRADICTION_FLAGGED, items)


def contradiction_status_changed(row: Any, *, previous: str) -> int:
    """Emit contradiction.status_changed for a review that changed a flag's status."""
    payload = {**contradiction_payload(row), "previous_status": previous}
    reviewed = row.reviewed_at.isoformat() if row.reviewed_at else ""
    return webhooks_emit(
        Event.CONTRADICTION_STATUS_CHANGED,
        payload,
        key=f"contradiction:{row.pk}:{row.status}:{reviewed}",
    )


def verdicts_published(verdict_ids: list[int]) -> int:
    """Emit verdict.published for verdicts just published (one query for all of them)."""
    from verification.models import Verdict

    if not verdict_ids:
        return 0
    verdicts = Verdict.objects.filter(pk__in=verdict_ids).select_related("claim__source")
    items = [
        (
            f"verdict:{v.pk}",
            {
                "id": v.pk,
                "url": f"/api/v1/verdicts/{v.pk}/",
                "review_page": f"/fact-checks/{v.pk}/",
                "rating": v.rating,
                "rationale": v.rationale,
                "published_at": v.published_at,
                "claim": {"id": v.claim_id, "text": v.claim.text, "source": v.claim.source.name},
            },
        )
        for v in verdicts
    ]
    return webhooks_emit_many(Event.VERDICT_PUBLISHED, items)


# --------------------------------------------------------------------------------------------
# Delivering
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: str  # a WebhookDelivery.Status value, or "skipped" (already finished)
    retry_in: int | None = None  # seconds until the next attempt, when one is due


def backoff(attempt: int) -> int:
    """Seconds to wait after failed attempt number `attempt` (1-based): doubling from
    CLAIMTRACKER_WEBHOOK_BACKOFF_SECONDS, capped at an hour."""
    base = settings.CLAIMTRACKER_WEBHOOK_BACKOFF_SECONDS
    return int(min(3600, base * 2 ** (attempt - 1)))


def body_of(delivery: WebhookDelivery) -> bytes:
    """The request body: the same bytes on every attempt."""
    document = {
        "id": str(delivery.delivery_id),
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def webhook_deliver(*, delivery_pk: int) -> Outcome:
    """POST one delivery (one attempt). Idempotent: a delivered or failed delivery is skipped.
    2xx is delivered; any other answer or a network error is retried with exponential backoff
    until CLAIMTRACKER_WEBHOOK_MAX_ATTEMPTS, then failed; a refused URL fails at once.
    Writes the attempt's outcome on the row (the admin's delivery log)."""
    import httpx

    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscriber")
            .filter(pk=delivery_pk)
            .first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return Outcome("skipped")
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        delivery.save(update_fields=["attempts", "last_attempt_at"])
    subscriber = delivery.subscriber
    code: int | None = None
    error = ""
    permanent = False
    if not subscriber.active:
        error, permanent = "subscriber is inactive", True
    else:
        try:
            check_url(subscriber.url, resolve=True)
        except ValidationError as exc:
            error, permanent = "; ".join(exc.messages), True
    if not error:
        body = body_of(delivery)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "claimtracker-webhooks/1",
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.delivery_id),
            SIGNATURE_HEADER: sign(subscriber.secret, body, int(time.time())),
        }
        try:
            # Redirects are not followed: a 3xx could point anywhere (SSRF); it is a failure.
            response = httpx.post(
                subscriber.url,
                content=body,
                headers=headers,
                timeout=settings.CLAIMTRACKER_WEBHOOK_TIMEOUT_SECONDS,
                follow_redirects=False,
            )
            code = response.status_code
            if not 200 <= code < 300:
                error = f"HTTP {code}: {response.text[:300]}"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:1000]
    now = timezone.now()
    retry_in = None
    if not error:
        status = WebhookDelivery.Status.DELIVERED
    elif permanent or delivery.attempts >= settings.CLAIMTRACKER_WEBHOOK_MAX_ATTEMPTS:
        status = WebhookDelivery.Status.FAILED
    else:
        status = WebhookDelivery.Status.PENDING
        retry_in = backoff(delivery.attempts)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=status,
        response_code=code,
        error=error,
        delivered_at=now if status == WebhookDelivery.Status.DELIVERED else None,
        next_attempt_at=now + timedelta(seconds=retry_in) if retry_in is not None else None,
    )
    if error:
        logger.warning("webhook %s to %s: %s", delivery.delivery_id, subscriber.url, error)
    return Outcome(status, retry_in)


def webhook_deliveries_sweep(*, older_than: int = 15 * 60, limit: int = 500) -> int:
    """Send again the pending deliveries that no message carries any more: never sent (broker
    down) or whose retry is overdue by `older_than` seconds (a Redis restart lost it).
    Returns how many were sent; a redelivery of a live message is harmless (skipped)."""
    from verification.tasks import webhook_deliver_task

    cutoff = timezone.now() - timedelta(seconds=older_than)
    due = list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, created_at__lt=cutoff)
        .exclude(next_attempt_at__gte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        webhook_deliver_task.delay(pk)
    return len(due)


def known_pairs(claim_ids: list[int]) -> set[tuple[int, int, str]]:
    """(claim_a, claim_b, detector) of the flags already stored on these claims, so that only
    new ones are announced; no query when nobody subscribes to contradiction.flagged."""
    from django.db.models import Q

    from verification.models import Contradiction

    subscribed = any(
        Event.CONTRADICTION_FLAGGED in (events or [])
        for events in WebhookSubscriber.objects.filter(active=True).values_list("events", flat=True)
    )
    if not subscribed or not claim_ids:
        return set()
    return set(
        Contradiction.objects.filter(
            Q(claim_a_id__in=claim_ids) | Q(claim_b_id__in=claim_ids)
        ).values_list("claim_a_id", "claim_b_id", "detector")
    )
