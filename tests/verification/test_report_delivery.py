"""Reports that reach people: one line per disagreement (pairs about one figure collapsed,
dismissed flags left out), figures that changed, who is most often contradicted; HTML, CSV,
JSON and text; built on demand by a command, listed by the API, e-mailed to the recipients
(locmem and a real SMTP server on loopback) and posted to webhooks; the daily schedule is
seeded into django-celery-beat."""

from __future__ import annotations

import csv
import io
import json
import socket
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests.factories import ClaimFactory, ContradictionFactory, SourceFactory, StoryFactory
from verification import reports
from verification.models import (
    Contradiction,
    ContradictionReport,
    ReportDispatch,
    ReportRecipient,
    WebhookDelivery,
    WebhookSubscriber,
)
from verification.services import contradiction_report_build, contradiction_report_email

END = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
START = END - timedelta(days=1)


def side(source: str, text: str, *, family="deaths", scope="", moment="", n=1, article="a"):
    return {
        "id": n,
        "source": source,
        "text": reports.claim_words(source, text),
        "article": article,
        "version": 1,
        "family": family,
        "measure": family,
        "scope": scope,
        "scope_key": scope.lower(),
        "moment": moment,
    }


def pair(n, a, b, *, status="open", relation="contradiction", story="flood", confidence=0.8):
    return {
        "id": n,
        "kind": "across_articles",
        "relation": relation,
        "confidence": confidence,
        "status": status,
        "story": story,
        "reason": f"reason {n}",
        "a": a,
        "b": b,
    }


# --------------------------------------------------------------------------------------------
# The document (pure)
# --------------------------------------------------------------------------------------------


def test_pairwise_flags_about_one_figure_are_one_disagreement_and_dismissed_are_left_out():
    agency = side("agency", "agency: 14 dead", n=1)
    ministry = side("ministry", "ministry: 12 dead", n=2)
    mayor = side("mayor", "mayor: 9 dead", n=3)
    rows = [
        pair(1, agency, ministry, confidence=0.7),
        pair(2, agency, mayor, confidence=0.9),
        pair(3, ministry, mayor),
        pair(4, agency, ministry, status="confirmed"),  # another detector, same pair
        pair(
            5,
            side("agency", "3 missing", family="missing"),
            side("police", "5 missing"),
            status="dismissed",
        ),  # fmt: skip
        pair(
            6, side("agency", "14 dead", scope="soldiers"), side("army", "2 dead", scope="soldiers")
        ),  # fmt: skip
        pair(
            7, side("agency", "14 dead", moment="1 p.m."), side("army", "2 dead", moment="1 p.m.")
        ),  # fmt: skip
    ]

    body = reports.build(rows, period_start=START, period_end=END)

    [story] = body["stories"]
    lines = story["disagreements"]
    assert body["total"] == len(lines) == 3  # deaths; deaths of soldiers; deaths at 1 p.m.
    deaths = next(line for line in lines if not line["scope"] and not line["moment"])
    assert deaths["contradiction_ids"] == [1, 2, 3, 4]
    assert [c["source"] for c in deaths["claims"]] == ["agency", "mayor", "ministry"]
    assert deaths["confidence"] == 0.9  # the most confident pair speaks for the line
    assert deaths["reason"] == "reason 2"
    assert deaths["statuses"] == ["confirmed", "open"]
    assert not any(5 in line["contradiction_ids"] for line in lines)
    assert body["flags"] == 6


def test_source_is_not_doubled_in_any_rendering():
    rows = [pair(1, side("agency", "agency: 14"), side("ministry", "ministry: 12"))]
    body = reports.build(rows, period_start=START, period_end=END)

    for name, render in reports.RENDERERS.items():
        out = render(body)
        assert "agency: agency" not in out
        assert ('"text": "14"' if name == "json" else "agency: 14") in out


def test_most_contradicted_counts_disagreements_per_source():
    agency = side("agency", "14", n=1)
    rows = [
        pair(1, agency, side("ministry", "12")),
        pair(2, side("agency", "3", family="missing"), side("police", "5", family="missing")),
        pair(3, side("agency", "1", family="injured"), side("ministry", "4", family="injured")),
    ]
    body = reports.build(rows, period_start=START, period_end=END)
    assert body["most_contradicted"][:2] == [
        {"source": "agency", "disagreements": 3},
        {"source": "ministry", "disagreements": 2},
    ]


def test_figures_that_changed_come_from_updates_once_each():
    earlier, later = side("agency", "12 dead", article="a"), side("agency", "14 dead", article="b")
    updates = [
        pair(1, earlier, later, relation="update"),
        pair(2, earlier, later, relation="update"),
    ]
    body = reports.build([], updates=updates, period_start=START, period_end=END)
    [change] = body["changed_figures"]
    assert (change["from"]["text"], change["to"]["text"]) == ("12 dead", "14 dead")
    assert "12 dead (a v1) -> agency: 14 dead (b v1)" in reports.render_text(body)


def test_csv_has_one_line_per_disagreement_and_html_escapes():
    rows = [
        pair(1, side("<b>agency</b>", "14"), side("ministry", "12")),
        pair(2, side("<b>agency</b>", "14"), side("mayor", "9")),
        pair(3, side("army", "2", family="missing"), side("police", "5", family="missing")),
    ]
    body = reports.build(rows, period_start=START, period_end=END)

    lines = list(csv.DictReader(io.StringIO(reports.render_csv(body))))
    assert len(lines) == 2
    assert {line["figure"] for line in lines} == {"deaths", "missing"}
    html = reports.render_html(body)
    assert "<b>agency" not in html
    assert "&lt;b&gt;agency&lt;/b&gt;" in html
    assert html.startswith("<!DOCTYPE html>")
    assert json.loads(reports.render_json(body)) == body


# --------------------------------------------------------------------------------------------
# Built from the database, on demand and by beat
# --------------------------------------------------------------------------------------------


def flag_in_period(**fields) -> Contradiction:
    flag = ContradictionFactory(**fields)
    Contradiction.objects.filter(pk=flag.pk).update(created_at=END - timedelta(hours=3))
    return flag


@pytest.fixture
def disagreement(db):
    """Three sources disagreeing on one figure of one story (three pairwise flags), and a
    dismissed flag."""
    story = StoryFactory(key="flood")
    claims = [
        ClaimFactory(source=SourceFactory(name=name), low=n, high=n, text=f"{n} homes")
        for name, n in (("agency", 14), ("ministry", 12), ("mayor", 9))
    ]
    flags = [
        flag_in_period(story=story, claim_a=a, claim_b=b)
        for a, b in ((claims[0], claims[1]), (claims[0], claims[2]), (claims[1], claims[2]))
    ]
    flag_in_period(story=story, status=Contradiction.Status.DISMISSED, reason="not one")
    return flags


def test_daily_report_collapses_the_pairs_of_one_figure(disagreement):
    report = contradiction_report_build(period_end=END)

    assert report.contradiction_count == 1
    [line] = report.body["stories"][0]["disagreements"]
    assert sorted(line["contradiction_ids"]) == sorted(f.pk for f in disagreement)
    assert [c["source"] for c in line["claims"]] == ["agency", "ministry", "mayor"]
    assert "not one" not in report.text
    assert "agency: 14 homes" in report.text
    assert "agency: agency" not in report.text


@pytest.mark.parametrize("fmt", ["text", "html", "csv", "json"])
def test_command_builds_a_report_on_demand_in_each_format(disagreement, capsys, fmt):
    call_command(
        "contradiction_report", "--since", START.isoformat(), "--until", END.isoformat(),
        "--format", fmt,
    )  # fmt: skip
    out = capsys.readouterr().out
    assert ('"text": "14 homes"' if fmt == "json" else "agency: 14 homes") in out
    assert not ContradictionReport.objects.exists()  # printed, not stored
    if fmt == "json":
        assert json.loads(out)["total"] == 1


def test_command_refuses_a_bad_period(db):
    with pytest.raises(CommandError, match="not a date"):
        call_command("contradiction_report", "--since", "yesterday-ish")
    with pytest.raises(CommandError, match="before"):
        call_command("contradiction_report", "--since", "2026-03-02", "--until", "2026-03-01")


def test_command_takes_a_duration(disagreement, capsys, time_machine):
    time_machine.move_to(END)
    call_command("contradiction_report", "--since", "1d")
    assert "Disagreements flagged" in capsys.readouterr().out


def test_schedule_is_seeded_into_beat_with_an_expiry_beat_keeps(db):
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import ModelEntry

    task = PeriodicTask.objects.get(name="daily-0615-contradiction-report")
    assert task.task == "verification.tasks.contradiction_report_build_task"
    assert (task.crontab.minute, task.crontab.hour, str(task.crontab.timezone)) == (
        "15",
        "6",
        "UTC",
    )
    assert task.enabled
    entry = ModelEntry(task)
    assert entry.options["expires"] == 3600  # what the DatabaseScheduler sends with the task


# --------------------------------------------------------------------------------------------
# Delivery
# --------------------------------------------------------------------------------------------


def test_built_report_is_emailed_to_active_recipients_once(
    disagreement, django_capture_on_commit_callbacks
):
    ReportRecipient.objects.create(email="desk@example.org", name="Desk")
    ReportRecipient.objects.create(email="editor@example.org")
    ReportRecipient.objects.create(email="gone@example.org", active=False)

    with django_capture_on_commit_callbacks(execute=True):
        report = contradiction_report_build(period_end=END)
    with django_capture_on_commit_callbacks(execute=True):
        contradiction_report_build(period_end=END)  # rebuilt: nobody is mailed twice

    assert sorted(m.to[0] for m in mail.outbox) == ["desk@example.org", "editor@example.org"]
    message = mail.outbox[0]
    assert all(len(m.to) == 1 for m in mail.outbox)  # recipients do not see each other
    assert "1 disagreement" in message.subject
    assert "agency: 14 homes" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "agency: 14 homes" in html
    assert sorted(ReportDispatch.objects.get(report=report).sent_to) == [
        "desk@example.org",
        "editor@example.org",
    ]


def test_recipient_added_later_gets_the_report_on_the_next_delivery(disagreement):
    report = contradiction_report_build(period_end=END)
    ReportRecipient.objects.create(email="desk@example.org")
    assert contradiction_report_email(report_id=report.pk) == 1
    ReportRecipient.objects.create(email="late@example.org")
    assert contradiction_report_email(report_id=report.pk) == 1
    assert [m.to for m in mail.outbox] == [["desk@example.org"], ["late@example.org"]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_report_reaches_a_real_smtp_server_on_loopback(disagreement, settings):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    class Inbox(Sink):
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.DEFAULT_FROM_EMAIL = "reports@claimtracker.example.org"
        ReportRecipient.objects.create(email="desk@example.org")
        report = contradiction_report_build(period_end=END)

        assert contradiction_report_email(report_id=report.pk) == 1
    finally:
        controller.stop()
    [envelope] = inbox.messages
    assert envelope.rcpt_tos == ["desk@example.org"]
    assert envelope.mail_from == "reports@claimtracker.example.org"
    text = envelope.content.decode()
    assert "multipart/alternative" in text
    assert "text/html" in text


def test_smtp_failure_is_recorded_and_raised_for_the_task_to_retry(disagreement, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    ReportRecipient.objects.create(email="desk@example.org")
    report = contradiction_report_build(period_end=END)

    with pytest.raises(ConnectionRefusedError):
        contradiction_report_email(report_id=report.pk)

    dispatch = ReportDispatch.objects.get(report=report)
    assert dispatch.sent_to == []
    assert dispatch.error.startswith("ConnectionRefusedError")


def test_built_report_is_posted_to_webhooks(disagreement, settings):
    settings.CLAIMTRACKER_WEBHOOK_ALLOW_PRIVATE = True
    WebhookSubscriber.objects.create(
        name="dashboard", url="http://127.0.0.1:9/", secret="s", events=["report.built"]
    )
    report = contradiction_report_build(period_end=END)

    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "report.built"
    assert delivery.payload["id"] == report.pk
    assert delivery.payload["report"]["total"] == 1


# --------------------------------------------------------------------------------------------
# API and admin
# --------------------------------------------------------------------------------------------


@pytest.fixture
def token_client(db, django_user_model):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    user = django_user_model.objects.create_user("reader", "r@example.org", "pw")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_reports_api_lists_and_details_with_a_token(
    disagreement, token_client, django_assert_max_num_queries
):
    report = contradiction_report_build(period_end=END)

    with django_assert_max_num_queries(4):
        listing = token_client.get("/api/v1/reports/")
    assert listing.status_code == 200
    [row] = listing.json()["results"]
    assert row["id"] == report.pk
    assert row["contradiction_count"] == 1
    assert "body" not in row

    detail = token_client.get(f"/api/v1/reports/{report.pk}/").json()
    assert detail["body"]["stories"][0]["story"] == "flood"
    assert detail["html"].startswith("<!DOCTYPE html>")
    assert detail["csv"].startswith("story,figure")
    assert "agency: 14 homes" in detail["text"]


def test_reports_api_needs_a_token(db, client):
    assert client.get("/api/v1/reports/").status_code == 401


def test_admin_shows_the_report_as_html(disagreement, client, staff_user):
    report = contradiction_report_build(period_end=END)
    client.force_login(staff_user)
    page = client.get(f"/admin/verification/contradictionreport/{report.pk}/change/")
    assert page.status_code == 200
    assert b"<h1>Disagreements flagged: 1</h1>" in page.content
    recipients = client.get("/admin/verification/reportrecipient/")
    assert recipients.status_code == 200
