"""Webhooks: services emit events on commit, Celery POSTs them signed to a receiver on loopback
(a thread running http.server that checks the signature), failures are retried with backoff
and logged, a redelivered task sends nothing twice, and private URLs are refused."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ContradictionFactory, VerdictFactory
from tests.integration.test_worker import broker, wait_for, worker  # noqa: F401  (fixtures)
from verification import webhooks
from verification.models import Contradiction, WebhookDelivery, WebhookSubscriber
from verification.services import contradiction_review, verdict_record, verdicts_publish
from verification.tasks import webhook_deliver_task

pytestmark = pytest.mark.django_db

SECRET = "s3cret-shared-with-the-receiver"
Event = WebhookSubscriber.Event


class Receiver:
    """An HTTP endpoint on 127.0.0.1 that records each POST and whether its signature holds;
    it answers the status codes queued in `answers` (then 200)."""

    def __init__(self, secret: str = SECRET) -> None:
        self.secret = secret
        self.answers: list[int] = []
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(
                    {
                        "headers": dict(self.headers),
                        "body": body,
                        "json": json.loads(body),
                        "signed": webhooks.verify(
                            receiver.secret, body, self.headers.get(webhooks.SIGNATURE_HEADER, "")
                        ),
                    }
                )
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.CLAIMTRACKER_WEBHOOK_ALLOW_PRIVATE = True
    settings.CLAIMTRACKER_WEBHOOK_MAX_ATTEMPTS = 3
    server = Receiver()
    yield server
    server.close()


def subscribe(url: str, *events: str, **fields) -> WebhookSubscriber:
    fields.setdefault("name", "newsroom")
    return WebhookSubscriber.objects.create(url=url, secret=SECRET, events=list(events), **fields)


def test_published_verdict_is_posted_signed_once_the_transaction_commits(
    receiver, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, Event.VERDICT_PUBLISHED)
    verdict = VerdictFactory(published_at=None)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        verdicts_publish(verdict_ids=[verdict.pk])
        assert receiver.requests == []  # nothing leaves before the commit
    assert len(callbacks) == 1

    [request] = receiver.requests
    delivery = WebhookDelivery.objects.get()
    assert request["signed"]
    assert request["headers"][webhooks.EVENT_HEADER] == "verdict.published"
    assert request["headers"][webhooks.DELIVERY_HEADER] == str(delivery.delivery_id)
    assert request["json"]["id"] == str(delivery.delivery_id)
    assert request["json"]["data"]["id"] == verdict.pk
    assert request["json"]["data"]["rating"] == verdict.rating
    assert request["json"]["data"]["review_page"] == f"/fact-checks/{verdict.pk}/"
    assert delivery.status == "delivered"
    assert (delivery.attempts, delivery.response_code) == (1, 200)


def test_signature_made_with_another_secret_does_not_verify(receiver):
    body = b'{"event":"verdict.published"}'
    header = webhooks.sign(SECRET, body, 1_900_000_000)
    assert header.startswith("t=1900000000,v1=")
    assert not webhooks.verify("another secret", body, header, tolerance=10**10)
    assert webhooks.verify(SECRET, body, header, tolerance=10**10)
    assert not webhooks.verify(SECRET, body + b" ", header, tolerance=10**10)
    assert not webhooks.verify(SECRET, body, header)  # too old: a replay


def test_failing_receiver_gets_retries_until_it_answers(
    receiver, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, Event.VERDICT_PUBLISHED)
    receiver.answers = [503, 500]
    claim = VerdictFactory(published_at=None).claim

    with django_capture_on_commit_callbacks(execute=True):
        verdict_record(claim_id=claim.pk, rating="false", rationale="No.", publish=True)

    delivery = WebhookDelivery.objects.get()
    assert len(receiver.requests) == 3
    assert all(r["signed"] for r in receiver.requests)
    # One delivery id on every attempt: the receiver can tell a retry from a new event.
    assert {r["headers"][webhooks.DELIVERY_HEADER] for r in receiver.requests} == {
        str(delivery.delivery_id)
    }
    assert len({r["body"] for r in receiver.requests}) == 1
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 3, 200)


def test_receiver_that_keeps_failing_is_given_up_after_the_last_attempt_with_the_error(
    receiver, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, Event.VERDICT_PUBLISHED)
    receiver.answers = [500] * 10
    verdict = VerdictFactory(published_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        verdicts_publish(verdict_ids=[verdict.pk])

    delivery = WebhookDelivery.objects.get()
    assert len(receiver.requests) == 3  # CLAIMTRACKER_WEBHOOK_MAX_ATTEMPTS
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("failed", 3, 500)
    assert delivery.error.startswith("HTTP 500")


def test_backoff_doubles_from_the_setting_and_is_capped(settings):
    settings.CLAIMTRACKER_WEBHOOK_BACKOFF_SECONDS = 30
    assert [webhooks.backoff(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert webhooks.backoff(20) == 3600


def test_one_attempt_schedules_the_next_with_backoff(receiver, settings):
    settings.CLAIMTRACKER_WEBHOOK_BACKOFF_SECONDS = 30
    subscribe(receiver.url, Event.VERDICT_PUBLISHED)
    receiver.answers = [502, 502]
    webhooks.webhooks_emit(Event.VERDICT_PUBLISHED, {"id": 1}, key="verdict:1")
    delivery = WebhookDelivery.objects.get()

    first = webhooks.webhook_deliver(delivery_pk=delivery.pk)
    second = webhooks.webhook_deliver(delivery_pk=delivery.pk)

    assert (first.status, first.retry_in) == ("pending", 30)
    assert (second.status, second.retry_in) == ("pending", 60)
    delivery.refresh_from_db()
    assert delivery.next_attempt_at is not None
    assert delivery.attempts == 2


def test_redelivered_task_sends_nothing_twice(receiver):
    subscribe(receiver.url, Event.VERDICT_PUBLISHED)
    webhooks.webhooks_emit(Event.VERDICT_PUBLISHED, {"id": 7}, key="verdict:7")
    delivery = WebhookDelivery.objects.get()

    assert webhook_deliver_task.apply(args=[delivery.pk]).get() == "delivered"
    assert webhook_deliver_task.apply(args=[delivery.pk]).get() == "skipped"

    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_emitting_an_event_twice_with_its_key_is_one_delivery(receiver):
    subscribe(receiver.url, Event.VERDICT_PUBLISHED)
    subscribe(receiver.url, Event.VERDICT_PUBLISHED, name="partner")
    assert webhooks.webhooks_emit(Event.VERDICT_PUBLISHED, {"id": 3}, key="verdict:3") == 2
    assert webhooks.webhooks_emit(Event.VERDICT_PUBLISHED, {"id": 3}, key="verdict:3") == 0
    assert WebhookDelivery.objects.count() == 2


def test_only_active_subscribers_of_the_event_receive_it(receiver):
    wanted = subscribe(receiver.url, Event.VERDICT_PUBLISHED)
    subscribe(receiver.url, Event.VERDICT_PUBLISHED, name="paused", active=False)
    subscribe(receiver.url, Event.REPORT_BUILT, name="reports only")

    webhooks.webhooks_emit(Event.VERDICT_PUBLISHED, {"id": 4})

    assert list(WebhookDelivery.objects.values_list("subscriber", flat=True)) == [wanted.pk]
    with pytest.raises(ValueError, match="unknown webhook event"):
        webhooks.webhooks_emit("verdict.eaten", {})


def test_review_that_changes_a_status_is_posted_with_the_previous_status(
    receiver, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, Event.CONTRADICTION_STATUS_CHANGED)
    flag = ContradictionFactory()

    with django_capture_on_commit_callbacks(execute=True):
        contradiction_review(contradiction_id=flag.pk, status="confirmed")
        contradiction_review(contradiction_id=flag.pk, status="confirmed", note="same status")

    [request] = receiver.requests
    data = request["json"]["data"]
    assert request["headers"][webhooks.EVENT_HEADER] == "contradiction.status_changed"
    assert (data["id"], data["status"], data["previous_status"]) == (flag.pk, "confirmed", "open")


def test_new_contradictions_are_posted_once_however_often_detection_runs(
    receiver, django_capture_on_commit_callbacks
):
    from tests.verification.test_services import storm
    from verification.services import contradictions_detect_for_version

    subscribe(receiver.url, Event.CONTRADICTION_FLAGGED)
    with django_capture_on_commit_callbacks(execute=True):
        _, second = storm()
    flagged = set(Contradiction.objects.flagged().values_list("pk", flat=True))
    assert flagged
    posted = [r["json"]["data"] for r in receiver.requests]
    assert {p["id"] for p in posted} == flagged
    assert len(posted) == len(flagged)
    assert all(p["relation"] != "update" and p["story"] for p in posted)

    with django_capture_on_commit_callbacks(execute=True):
        contradictions_detect_for_version(version_id=second.pk)
    assert len(receiver.requests) == len(flagged)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://172.16.5.4/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "ftp://93.184.216.34/hook",
        "file:///etc/passwd",
    ],
)
def test_private_and_non_http_urls_are_refused_in_production(settings, url):
    settings.CLAIMTRACKER_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError):
        webhooks.check_url(url)
    with pytest.raises(ValidationError):
        WebhookSubscriber(name="x", url=url, secret="s", events=[]).full_clean()


def test_public_url_is_accepted_and_loopback_only_where_allowed(settings):
    settings.CLAIMTRACKER_WEBHOOK_ALLOW_PRIVATE = False
    webhooks.check_url("https://93.184.216.34/hooks/claims")
    settings.CLAIMTRACKER_WEBHOOK_ALLOW_PRIVATE = True
    webhooks.check_url("http://127.0.0.1:9/hook")
    with pytest.raises(ValidationError):
        webhooks.check_url("gopher://127.0.0.1/")


def test_delivery_to_a_private_address_fails_at_once_without_a_request(receiver, settings):
    subscribe(receiver.url, Event.VERDICT_PUBLISHED)
    webhooks.webhooks_emit(Event.VERDICT_PUBLISHED, {"id": 9})
    settings.CLAIMTRACKER_WEBHOOK_ALLOW_PRIVATE = False

    outcome = webhooks.webhook_deliver(delivery_pk=WebhookDelivery.objects.get().pk)

    assert (outcome.status, outcome.retry_in) == ("failed", None)
    assert receiver.requests == []
    assert "loopback" in WebhookDelivery.objects.get().error


def test_unknown_event_in_a_subscriber_is_refused():
    subscriber = WebhookSubscriber(
        name="x", url="https://93.184.216.34/", secret="s", events=["verdict.eaten"]
    )
    with pytest.raises(ValidationError, match="unknown event"):
        subscriber.full_clean()


def test_lost_pending_deliveries_are_swept_and_sent(receiver):
    from datetime import timedelta

    from django.utils import timezone

    subscribe(receiver.url, Event.VERDICT_PUBLISHED)
    webhooks.webhooks_emit(Event.VERDICT_PUBLISHED, {"id": 5})  # never sent: no commit here
    assert webhooks.webhook_deliveries_sweep() == 0  # too recent: its message may be queued
    WebhookDelivery.objects.update(created_at=timezone.now() - timedelta(hours=1))

    assert webhooks.webhook_deliveries_sweep() == 1

    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().status == "delivered"


def test_admin_lists_the_delivery_log_and_sends_failed_ones_again(
    receiver, client, staff_user, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, Event.VERDICT_PUBLISHED)
    webhooks.webhooks_emit(Event.VERDICT_PUBLISHED, {"id": 6})
    WebhookDelivery.objects.update(status="failed", attempts=3, error="HTTP 500: boom")
    client.force_login(staff_user)

    page = client.get("/admin/verification/webhookdelivery/")
    assert page.status_code == 200
    assert b"verdict.published" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/verification/webhookdelivery/",
            {
                "action": "send_again",
                "_selected_action": [WebhookDelivery.objects.get().pk],
            },
        )

    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().status == "delivered"


def test_admin_form_refuses_a_private_url_in_production(client, staff_user, settings):
    settings.CLAIMTRACKER_WEBHOOK_ALLOW_PRIVATE = False
    client.force_login(staff_user)
    response = client.post(
        "/admin/verification/webhooksubscriber/add/",
        {
            "name": "internal",
            "url": "http://10.0.0.5/hook",
            "secret": "x",
            "events": ["verdict.published"],
            "active": "on",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert b"private" in response.content
    assert not WebhookSubscriber.objects.exists()


@pytest.fixture
def webhook_worker_env(monkeypatch):
    """What the worker process reads from its environment: loopback allowed, quick backoff."""
    monkeypatch.setenv("WEBHOOK_ALLOW_PRIVATE_URLS", "true")
    monkeypatch.setenv("CLAIMTRACKER_WEBHOOK_BACKOFF_SECONDS", "1")
    monkeypatch.setenv("CLAIMTRACKER_WEBHOOK_MAX_ATTEMPTS", "4")


@pytest.fixture
def real_worker(webhook_worker_env, worker):  # noqa: F811
    """The worker of tests/integration, started after the environment above is set. An eager
    send earlier in the session left the app a producer pool on the in-memory transport, and
    another worker test may have closed the pool of this broker URL: all are made afresh."""
    from kombu import pools

    from config.celery_app import app

    pools.reset()  # kombu's registry keeps producer pools per broker URL, closed ones too
    app._pool = None
    app.amqp._producer_pool = None
    yield worker
    app.amqp._producer_pool = None


@pytest.mark.services
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_real_worker_retries_with_backoff_until_the_receiver_answers(real_worker, settings):
    settings.CLAIMTRACKER_WEBHOOK_ALLOW_PRIVATE = True
    process, log = real_worker
    server = Receiver()
    server.answers = [500, 503]
    try:
        subscribe(server.url, Event.VERDICT_PUBLISHED)
        verdict = VerdictFactory(published_at=None)
        verdicts_publish(verdict_ids=[verdict.pk])  # commits: the task goes to Redis

        wait_for(lambda: WebhookDelivery.objects.filter(status="delivered").exists(), process, log)
    finally:
        server.close()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempts, delivery.response_code) == (3, 200)
    assert len(server.requests) == 3
    assert all(r["signed"] for r in server.requests)
    assert "Retry in 1s" in log.read_text()
    assert "Retry in 2s" in log.read_text()
