"""Nothing stuck, nothing lost: the sweeper, claim tokens, broker-down sends, detection failures."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core.management import call_command
from django.utils import timezone
from kombu.exceptions import OperationalError

from claims.models import Claim
from claims.services import claims_extract_for_version
from claims.tasks import claims_extract_for_version_task
from config.celery_app import broker_pause_reset
from sources.models import ArticleVersion
from sources.services import (
    article_version_ingest,
    article_version_retry,
    article_versions_sweep,
)
from verification.tasks import contradictions_detect_for_version_task

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
Status = ArticleVersion.Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _broker_up():
    broker_pause_reset()
    yield
    broker_pause_reset()


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def stored(name: str = "storm-v1.txt", **changes) -> ArticleVersion:
    raw = read(name) if name.endswith(".txt") else read("storm-v1.txt") + f"\n{name}\n"
    version = article_version_ingest(raw=raw, filename=name, enqueue=False).version
    if changes:
        ArticleVersion.objects.filter(pk=version.pk).update(**changes)
        version.refresh_from_db()
    return version


def ago(seconds: float):
    return timezone.now() - timedelta(seconds=seconds)


def sent_ids(callbacks_owner) -> list[int]:
    """The version ids whose extraction was sent, with the broker send patched."""
    return [call.kwargs["args"][0] for call in callbacks_owner.call_args_list]


@pytest.fixture
def sends():
    """apply_async of the extraction task, recorded instead of sent."""
    with mock.patch.object(claims_extract_for_version_task, "apply_async") as patched:
        yield patched


# --- the sweeper -----------------------------------------------------------------------------


def test_sweep_sends_versions_never_sent_and_those_sent_too_long_ago(
    sends, settings, django_capture_on_commit_callbacks
):
    settings.CLAIMTRACKER_SWEEP_PENDING_AFTER = 600
    never = stored("storm-v1.txt", queued_at=None)
    lost = stored("storm-v2.txt", queued_at=ago(601))
    recent = stored("third text", queued_at=ago(30))
    with django_capture_on_commit_callbacks(execute=True):
        outcome = article_versions_sweep()
    assert sorted(outcome.requeued) == sorted([never.pk, lost.pk])
    assert sorted(sent_ids(sends)) == sorted([never.pk, lost.pk])
    assert outcome.failed == []
    rows = {v.pk: v for v in ArticleVersion.objects.all()}
    assert rows[never.pk].requeues == rows[lost.pk].requeues == 1
    assert rows[never.pk].queued_at > ago(5)
    assert rows[recent.pk].requeues == 0
    # a second sweep right away finds nothing: they were just sent
    with django_capture_on_commit_callbacks(execute=True):
        assert article_versions_sweep().requeued == []


def test_sweep_leaves_sent_versions_alone_while_a_backlog_waits(
    sends, settings, django_capture_on_commit_callbacks
):
    settings.CLAIMTRACKER_SWEEP_PENDING_AFTER = 600
    never = stored("storm-v1.txt", queued_at=None)
    stored("storm-v2.txt", queued_at=ago(601))  # sent long ago: maybe still in the queue
    with (
        mock.patch("config.celery_app.queue_length", return_value=40),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outcome = article_versions_sweep()
    assert outcome.requeued == [never.pk]
    assert sent_ids(sends) == [never.pk]


def test_sweep_does_nothing_while_the_broker_cannot_be_reached(
    sends, django_capture_on_commit_callbacks
):
    version = stored("storm-v1.txt", queued_at=None)
    with (
        mock.patch("config.celery_app.queue_length", return_value=None),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert article_versions_sweep().requeued == []
    assert not sends.called
    assert ArticleVersion.objects.get(pk=version.pk).requeues == 0  # its budget is kept


def test_sweep_sends_running_versions_whose_worker_is_gone(
    sends, settings, django_capture_on_commit_callbacks
):
    settings.CLAIMTRACKER_EXTRACT_TIME_LIMIT = 100
    settings.CLAIMTRACKER_SWEEP_RUNNING_AFTER = 0  # so the floor, time limit + 60 s, applies
    dead = stored("storm-v1.txt", status=Status.RUNNING, claimed_at=ago(161), claim_token="t1")
    alive = stored("storm-v2.txt", status=Status.RUNNING, claimed_at=ago(159), claim_token="t2")
    with django_capture_on_commit_callbacks(execute=True):
        outcome = article_versions_sweep()
    assert outcome.requeued == [dead.pk]
    assert sent_ids(sends) == [dead.pk]
    assert ArticleVersion.objects.get(pk=alive.pk).requeues == 0


def test_sweep_fails_a_version_after_the_bounded_number_of_resends(
    sends, settings, django_capture_on_commit_callbacks
):
    settings.CLAIMTRACKER_SWEEP_MAX_REQUEUES = 2
    version = stored(queued_at=None, requeues=2)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = article_versions_sweep()
    assert outcome.failed == [version.pk]
    assert not sends.called
    version.refresh_from_db()
    assert version.status == Status.FAILED
    assert "extraction never started: sent 3 times and lost each time" in version.error
    # the admin retry gives it a fresh budget
    with django_capture_on_commit_callbacks(execute=True):
        assert article_version_retry(version_id=version.pk)
    version.refresh_from_db()
    assert (version.status, version.requeues, version.attempts) == (Status.PENDING, 0, 0)


def test_sweep_command_dry_run_changes_nothing(sends, capsys):
    version = stored(queued_at=None)
    call_command("sweep", "--dry-run", verbosity=2)
    out = capsys.readouterr().out
    assert (
        "1 stuck version(s) would be sent again, 0 detection(s) would be sent again, "
        "0 would be marked failed"
    ) in out
    assert str(version.pk) in out
    assert ArticleVersion.objects.get(pk=version.pk).requeues == 0
    assert not sends.called


def test_sweep_command_sends_and_the_version_is_extracted(
    capsys, django_capture_on_commit_callbacks
):
    # eager Celery (no broker configured): the sweep's send runs the extraction in-process
    version = stored(queued_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep")
    assert "1 stuck version(s) were sent again" in capsys.readouterr().out
    version.refresh_from_db()
    assert version.status == Status.DONE
    assert Claim.objects.filter(version=version).exists()


def test_retry_takes_stuck_versions_as_well_as_failed_ones(
    sends, django_capture_on_commit_callbacks
):
    stuck = stored("storm-v1.txt", queued_at=None, requeues=3)
    busy = stored("storm-v2.txt", status=Status.RUNNING, claimed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert article_version_retry(version_id=stuck.pk)
        assert not article_version_retry(version_id=busy.pk)  # its worker is on it
    assert sent_ids(sends) == [stuck.pk]
    assert ArticleVersion.objects.get(pk=stuck.pk).requeues == 0


def test_reingesting_a_stuck_version_sends_it_again(sends, django_capture_on_commit_callbacks):
    version = stored(queued_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        again = article_version_ingest(raw=read("storm-v1.txt"), filename="again")
    assert (again.created, again.requeued) == (False, True)
    assert sent_ids(sends) == [version.pk]
    # once sent, re-ingesting is a no-op again
    with django_capture_on_commit_callbacks(execute=True):
        third = article_version_ingest(raw=read("storm-v1.txt"), filename="third")
    assert (third.created, third.requeued) == (False, False)
    assert sends.call_count == 1


def test_sweep_sends_detection_whose_message_was_lost(settings, django_capture_on_commit_callbacks):
    settings.CLAIMTRACKER_SWEEP_PENDING_AFTER = 600
    version = stored()
    with (
        mock.patch.object(contradictions_detect_for_version_task, "apply_async"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        claims_extract_for_version(version_id=version.pk)  # detection sent, then lost
    version.refresh_from_db()
    assert (version.status, version.detected_at) == (Status.DONE, None)
    with django_capture_on_commit_callbacks(execute=True):
        assert article_versions_sweep().redetected == []  # not overdue yet
    ArticleVersion.objects.filter(pk=version.pk).update(extracted_at=ago(601), queued_at=ago(602))
    with (
        mock.patch.object(contradictions_detect_for_version_task, "apply_async") as detection,
        django_capture_on_commit_callbacks(execute=True),
    ):
        outcome = article_versions_sweep()
    assert (outcome.redetected, outcome.requeued) == ([version.pk], [])
    assert detection.call_args.kwargs["args"] == (version.pk,)
    with django_capture_on_commit_callbacks(execute=True):
        assert article_versions_sweep().redetected == []  # just sent: not again at once
    # once detection has run, nothing is due
    contradictions_detect_for_version_task.apply(args=[version.pk])
    version.refresh_from_db()
    assert version.detected_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert article_versions_sweep().redetected == []


# --- the broker down -------------------------------------------------------------------------


def test_ingest_with_the_broker_down_stores_the_version_for_the_sweeper(
    sends, django_capture_on_commit_callbacks
):
    sends.side_effect = OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
    with django_capture_on_commit_callbacks(execute=True):
        first = article_version_ingest(raw=read("storm-v1.txt"), filename="v1")
    with django_capture_on_commit_callbacks(execute=True):
        second = article_version_ingest(raw=read("storm-v2.txt"), filename="v2")
    # one attempt, then the pause: the second ingest did not wait for the broker again
    assert sends.call_count == 1
    versions = ArticleVersion.objects.filter(pk__in=[first.version.pk, second.version.pk])
    assert {(v.status, v.queued_at) for v in versions} == {(Status.PENDING, None)}
    # the broker is back: the sweep sends both
    sends.side_effect = None
    with django_capture_on_commit_callbacks(execute=True):
        outcome = article_versions_sweep()
    assert sorted(outcome.requeued) == sorted([first.version.pk, second.version.pk])
    assert sends.call_count == 3


def test_extraction_with_the_broker_down_stays_done(django_capture_on_commit_callbacks):
    version = stored()
    with (
        mock.patch.object(
            contradictions_detect_for_version_task,
            "apply_async",
            side_effect=OperationalError("connection refused"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outcome = claims_extract_for_version(version_id=version.pk)
    assert outcome.status == "done"
    version.refresh_from_db()
    assert (version.status, version.error) == (Status.DONE, "")


# --- claim tokens ----------------------------------------------------------------------------


def test_a_redelivered_message_takes_over_the_claim_of_its_dead_worker():
    # the worker that held the claim (token = the task id) was killed a moment ago
    version = stored(status=Status.RUNNING, claimed_at=timezone.now(), claim_token="task-1")
    other = claims_extract_for_version(version_id=version.pk, claim_token="task-2", enqueue=False)
    assert other.status == "skipped"
    again = claims_extract_for_version(version_id=version.pk, claim_token="task-1", enqueue=False)
    assert again.status == "done"
    version.refresh_from_db()
    assert (version.status, version.attempts) == (Status.DONE, 1)


def test_the_task_id_is_the_claim_token():
    version = stored(status=Status.RUNNING, claimed_at=timezone.now(), claim_token="abc")
    result = claims_extract_for_version_task.apply(args=[version.pk], task_id="abc")
    assert result.get() == "done"


def test_results_of_an_attempt_that_lost_its_claim_are_dropped():
    from claims import services

    version = stored()
    real = services._run_extraction

    def taken_over_meanwhile(row):
        ArticleVersion.objects.filter(pk=row.pk).update(claim_token="someone-else")
        return real(row)

    with mock.patch.object(services, "_run_extraction", taken_over_meanwhile):
        outcome = claims_extract_for_version(version_id=version.pk, claim_token="me")
    assert outcome.status == "skipped"
    assert not Claim.objects.filter(version=version).exists()
    assert ArticleVersion.objects.get(pk=version.pk).status == Status.RUNNING


def test_a_version_whose_workers_keep_dying_is_failed_with_the_reason(settings):
    settings.CLAIMTRACKER_MAX_ATTEMPTS = 3
    version = stored(status=Status.RUNNING, claim_token="t", attempts=3, claimed_at=ago(1))
    outcome = claims_extract_for_version(version_id=version.pk, claim_token="t", enqueue=False)
    assert outcome.status == "failed"
    version.refresh_from_db()
    assert version.status == Status.FAILED
    assert "started 3 times and never finished" in version.error


def test_a_fresh_run_counts_attempts_from_one(settings):
    settings.CLAIMTRACKER_MAX_ATTEMPTS = 3
    version = stored(status=Status.DONE, attempts=50)  # a long history of earlier runs
    outcome = claims_extract_for_version(version_id=version.pk, force=True, enqueue=False)
    assert outcome.status == "done"
    assert ArticleVersion.objects.get(pk=version.pk).attempts == 1


def test_a_failure_after_losing_the_claim_leaves_the_new_holder_alone():
    from claims import services

    version = stored()

    def taken_over_then_broken(row):
        ArticleVersion.objects.filter(pk=row.pk).update(claim_token="someone-else")
        raise ValueError("broken")

    with mock.patch.object(services, "_run_extraction", taken_over_then_broken):
        outcome = claims_extract_for_version(version_id=version.pk, claim_token="me")
    assert outcome.status == "failed"
    version.refresh_from_db()
    assert (version.status, version.claim_token, version.error) == (
        Status.RUNNING,
        "someone-else",
        "",
    )


def test_extraction_past_the_soft_time_limit_fails_with_the_reason(settings):
    from celery.exceptions import SoftTimeLimitExceeded

    from claims import services

    settings.CLAIMTRACKER_EXTRACT_SOFT_TIME_LIMIT = 42
    version = stored()
    with mock.patch.object(services, "_run_extraction", side_effect=SoftTimeLimitExceeded()):
        outcome = claims_extract_for_version(version_id=version.pk, enqueue=False)
    assert outcome.status == "failed"
    version.refresh_from_db()
    assert version.status == Status.FAILED
    assert "longer than the time allowed per document" in version.error
    assert "42 s" in version.error


# --- detection failures ----------------------------------------------------------------------


def test_detection_failure_is_recorded_and_retried_then_cleared_on_success():
    version = stored(status=Status.DONE)
    task = contradictions_detect_for_version_task
    boom = OverflowError("int too large to convert to float")
    with (
        mock.patch("verification.services.contradictions_detect_for_version", side_effect=boom),
        mock.patch.object(task, "retry", side_effect=Retry()) as retry,
    ):
        task.push_request(retries=0, is_eager=False)
        try:
            with pytest.raises(Retry):
                task.run(version.pk)
        finally:
            task.pop_request()
    assert retry.called
    version.refresh_from_db()
    assert version.status == Status.DONE  # still done: the retry will find it so
    assert version.error == "detection failed: OverflowError: int too large to convert to float"
    with mock.patch("verification.services.contradictions_detect_for_version", return_value=2):
        task.push_request(retries=1, is_eager=False)
        try:
            assert task.run(version.pk) == 2
        finally:
            task.pop_request()
    version.refresh_from_db()
    assert version.error == ""


def test_detection_failure_without_retries_left_fails_the_version():
    version = stored(status=Status.DONE)
    with mock.patch(
        "verification.services.contradictions_detect_for_version", side_effect=KeyError("x")
    ):
        assert contradictions_detect_for_version_task.apply(args=[version.pk]).get() == 0
    version.refresh_from_db()
    assert version.status == Status.FAILED
    assert version.error.startswith("detection failed: KeyError")
