"""Feed polling, page fetching and ingest (sources.feeds) against a local HTTP server."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from sources.feeds import (
    SubmitError,
    feed_create,
    feed_poll,
    feeds_poll_due,
    watched_url_fetch,
    watched_url_submit,
)
from sources.models import Article, ArticleVersion, Feed, VersionFetch, WatchedUrl
from sources.routing import route_task
from tests.sources.feed_server import Reply, Site, article_html, rss

PARAGRAPHS = [
    "BAGHDAD (Reuters) - Iraq's military said on Tuesday that 12 missiles struck the base "
    "overnight, and that no soldiers were hurt in the attack on the western province.",
    "A spokesman for the coalition said the damage was being assessed and that flights from "
    "the base had been suspended until further notice, according to a statement.",
    "The government called an emergency meeting of its security council for Wednesday "
    "morning, officials said, as residents described hearing several loud blasts.",
]


def update(number: int, missiles: int = 12) -> list[str]:
    first = PARAGRAPHS[0].replace("12 missiles", f"{missiles} missiles")
    return [f"(UPDATE {number})", first, *PARAGRAPHS[1:]]


@pytest.fixture
def site(settings):
    settings.CLAIMTRACKER_FETCH_ALLOW_PRIVATE = True
    settings.CLAIMTRACKER_FETCH_DOMAIN_INTERVAL = 0
    settings.CLAIMTRACKER_FETCH_TIMEOUT = 5
    settings.CLAIMTRACKER_REFETCH_SCHEDULE = [600, 3600, 86400]
    cache.clear()
    running = Site().start()
    yield running
    running.stop()


def serve_page(site, path, *, number=1, missiles=12, modified=None, canonical=None, etag=None):
    body = article_html(
        title="Missiles strike base in Iraq",
        paragraphs=update(number, missiles),
        canonical=canonical,
        date_modified=modified,
    )

    def page(request):
        if etag and request.headers.get("if-none-match") == etag:
            return Reply(status=304, headers={"ETag": etag})
        headers = {"Content-Type": "text/html; charset=utf-8"}
        if etag:
            headers["ETag"] = etag
        return Reply(body=body, headers=headers)

    site.routes[path] = page


def watch(site, path) -> WatchedUrl:
    watched, _ = watched_url_submit(url=site.url(path))
    return watched


@pytest.mark.django_db
def test_feed_poll_watches_its_entries_and_later_a_new_one(site):
    entries = [
        {"title": "Missiles strike base", "link": site.url("/world/missiles")},
        {"title": "Storm cuts power", "link": site.url("/world/storm?utm_source=rss")},
    ]
    site.routes["/feed.xml"] = lambda request: Reply(
        body=rss(entries), headers={"Content-Type": "application/rss+xml"}
    )
    feed, created = feed_create(url=site.url("/feed.xml"))
    assert created

    first = feed_poll(feed_id=feed.pk)
    assert (first.status, first.new_urls) == ("polled", 2)
    assert set(WatchedUrl.objects.values_list("url", flat=True)) == {
        site.url("/world/missiles"),
        site.url("/world/storm"),  # the tracking parameter is not part of the article's key
    }
    feed.refresh_from_db()
    assert feed.title == "Coastal Herald: World"
    assert feed.next_poll_at > timezone.now() + timedelta(seconds=feed.poll_interval - 60)

    entries.append({"title": "Ceasefire talks", "link": site.url("/world/talks")})
    second = feed_poll(feed_id=feed.pk)
    assert (second.status, second.new_urls, second.refreshed_urls) == ("polled", 1, 0)
    assert WatchedUrl.objects.filter(feed=feed).count() == 3


@pytest.mark.django_db
def test_unchanged_feed_answers_304_and_nothing_is_written(site):
    def feed_xml(request):
        if request.headers.get("if-none-match") == '"f1"':
            return Reply(status=304, headers={"ETag": '"f1"'})
        return Reply(body=rss([{"title": "A", "link": site.url("/a")}]), headers={"ETag": '"f1"'})

    site.routes["/feed.xml"] = feed_xml
    feed, _ = feed_create(url=site.url("/feed.xml"))
    assert feed_poll(feed_id=feed.pk).status == "polled"
    assert feed_poll(feed_id=feed.pk).status == "not-modified"
    assert site.hits("/feed.xml")[-1].headers["if-none-match"] == '"f1"'
    assert WatchedUrl.objects.count() == 1


@pytest.mark.django_db
def test_page_moving_from_update_1_to_update_2_is_the_next_version(site):
    serve_page(site, "/world/missiles", number=1, modified="2026-03-14T07:00:00Z")
    watched = watch(site, "/world/missiles")

    first = watched_url_fetch(watched_url_id=watched.pk)
    assert first.status == "new-version"
    again = watched_url_fetch(watched_url_id=watched.pk)
    assert (again.status, again.version_id) == ("unchanged", first.version_id)
    watched.refresh_from_db()
    assert watched.step == 1  # unchanged: one step further along the schedule

    serve_page(site, "/world/missiles", number=2, missiles=14, modified="2026-03-14T09:30:00Z")
    second = watched_url_fetch(watched_url_id=watched.pk)
    assert second.status == "new-version"

    versions = list(ArticleVersion.objects.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert {v.article_id for v in versions} == {watched.refresh_from_db() or watched.article_id}
    assert [v.update_label for v in versions] == ["(UPDATE 1)", "(UPDATE 2)"]
    assert "14 missiles" in versions[1].body
    assert versions[1].published_at.isoformat() == "2026-03-14T09:30:00+00:00"
    assert versions[0].article.outlet.name == "Coastal Herald"
    fetched = VersionFetch.objects.get(version=versions[1])
    assert fetched.date_modified.isoformat() == "2026-03-14T09:30:00+00:00"
    assert fetched.date_published.isoformat() == "2026-03-14T06:40:00+00:00"
    # A new UPDATE label: look again soon (first step of the schedule).
    assert watched.step == 0
    assert watched.next_fetch_at - watched.last_fetched_at == timedelta(seconds=600)


@pytest.mark.django_db
def test_not_modified_page_moves_along_the_schedule_then_stops(site):
    serve_page(site, "/a", etag='"p1"')
    watched = watch(site, "/a")
    assert watched_url_fetch(watched_url_id=watched.pk).status == "new-version"
    statuses = [watched_url_fetch(watched_url_id=watched.pk).status for _ in range(3)]
    assert statuses == ["not-modified"] * 3
    assert site.hits("/a")[-1].headers["if-none-match"] == '"p1"'
    watched.refresh_from_db()
    assert watched.step == 3
    assert watched.next_fetch_at is None  # past the last step: no more fetches
    assert feeds_poll_due() == (0, 0)
    assert ArticleVersion.objects.count() == 1


@pytest.mark.django_db
def test_moved_date_modified_brings_the_next_fetch_forward(site):
    serve_page(site, "/a", modified="2026-03-14T07:00:00Z")
    watched = watch(site, "/a")
    watched_url_fetch(watched_url_id=watched.pk)
    watched_url_fetch(watched_url_id=watched.pk)
    WatchedUrl.objects.filter(pk=watched.pk).update(step=2)
    serve_page(site, "/a", modified="2026-03-14T08:00:00Z")  # same text, newer dateModified
    assert watched_url_fetch(watched_url_id=watched.pk).status == "unchanged"
    watched.refresh_from_db()
    assert watched.step == 0


@pytest.mark.django_db
def test_changed_text_without_a_label_keeps_the_pace(site):
    def plain(missiles):
        site.routes["/a"] = Reply(
            body=article_html(title="Missiles", paragraphs=update(1, missiles)[1:]),
            headers={"Content-Type": "text/html"},
        )

    plain(12)
    watched = watch(site, "/a")
    watched_url_fetch(watched_url_id=watched.pk)
    WatchedUrl.objects.filter(pk=watched.pk).update(step=2)
    plain(14)
    assert watched_url_fetch(watched_url_id=watched.pk).status == "new-version"
    watched.refresh_from_db()
    assert watched.step == 2
    assert watched.next_fetch_at - watched.last_fetched_at == timedelta(seconds=86400)


@pytest.mark.django_db
def test_the_feeds_outlet_wins_over_the_page_publisher(site):
    site.routes["/feed.xml"] = Reply(body=rss([{"title": "A", "link": site.url("/a")}]))
    serve_page(site, "/a")  # the page says "Coastal Herald"
    feed, _ = feed_create(url=site.url("/feed.xml"), outlet="Reuters")
    feed_poll(feed_id=feed.pk)
    watched_url_fetch(watched_url_id=WatchedUrl.objects.get().pk)
    assert Article.objects.get().outlet.name == "Reuters"


@pytest.mark.django_db
def test_same_article_through_two_urls_is_one_article_watched_once(site):
    canonical = site.url("/world/missiles")
    serve_page(site, "/world/missiles", canonical=canonical)
    serve_page(site, "/amp/missiles", canonical=canonical)
    main = watch(site, "/world/missiles")
    amp = watch(site, "/amp/missiles")

    assert watched_url_fetch(watched_url_id=main.pk).status == "new-version"
    assert watched_url_fetch(watched_url_id=amp.pk).status == "unchanged"

    assert Article.objects.count() == 1
    assert Article.objects.get().key == canonical
    assert ArticleVersion.objects.count() == 1
    amp.refresh_from_db()
    assert (amp.duplicate_of_id, amp.active) == (main.pk, False)
    assert watched_url_fetch(watched_url_id=amp.pk).status == "inactive"


@pytest.mark.django_db
def test_feed_entry_with_a_new_update_label_is_fetched_again_now(site):
    entries = [{"title": "Missiles strike base (UPDATE 1)", "link": site.url("/a")}]
    site.routes["/feed.xml"] = lambda request: Reply(body=rss(entries))
    serve_page(site, "/a")
    feed, _ = feed_create(url=site.url("/feed.xml"))
    feed_poll(feed_id=feed.pk)
    watched = WatchedUrl.objects.get()
    watched_url_fetch(watched_url_id=watched.pk)
    WatchedUrl.objects.filter(pk=watched.pk).update(step=2, next_fetch_at=None)

    assert feed_poll(feed_id=feed.pk).refreshed_urls == 0
    entries[0]["title"] = "Missiles strike base (UPDATE 2)"
    outcome = feed_poll(feed_id=feed.pk)
    assert outcome.refreshed_urls == 1
    watched.refresh_from_db()
    assert watched.step == 0
    assert watched.next_fetch_at <= timezone.now()


@pytest.mark.django_db
def test_server_errors_are_recorded_with_growing_backoff(site):
    site.routes["/a"] = Reply(status=500, body=b"down")
    watched = watch(site, "/a")
    delays = []
    for _ in range(3):
        outcome = watched_url_fetch(watched_url_id=watched.pk)
        assert outcome.status == "error"
        watched.refresh_from_db()
        delays.append(round((watched.next_fetch_at - watched.last_fetched_at).total_seconds()))
    assert delays == [300, 600, 1200]
    assert "HTTP 500" in watched.error
    assert watched.error_count == 3
    assert watched.active

    serve_page(site, "/a")
    assert watched_url_fetch(watched_url_id=watched.pk).status == "new-version"
    watched.refresh_from_db()
    assert (watched.error, watched.error_count) == ("", 0)


@pytest.mark.django_db
def test_page_gone_stops_the_watch(site):
    watched = watch(site, "/gone")
    assert watched_url_fetch(watched_url_id=watched.pk).status == "error"
    watched.refresh_from_db()
    assert watched.next_fetch_at is None
    assert "HTTP 404" in watched.error


@pytest.mark.django_db
def test_slow_huge_and_looping_pages_are_errors_not_crashes(site, settings):
    settings.CLAIMTRACKER_FETCH_TIMEOUT = 0.5
    site.routes["/slow"] = Reply(body=b"late", delay=30)
    site.routes["/big"] = Reply(body=b"<html><body>", stream_bytes=10 * 1024 * 1024)
    site.routes["/loop"] = Reply(status=302, headers={"Location": "/loop"})
    errors = {}
    for path in ("/slow", "/big", "/loop"):
        watched = watch(site, path)
        assert watched_url_fetch(watched_url_id=watched.pk).status == "error"
        watched.refresh_from_db()
        errors[path] = watched.error
        assert watched.next_fetch_at is not None
    assert "timed out" in errors["/slow"]
    assert "larger than the limit" in errors["/big"]
    assert "redirect loop" in errors["/loop"]
    assert not ArticleVersion.objects.exists()


@pytest.mark.django_db
def test_a_broken_feed_is_recorded_and_tried_again_later(site):
    site.routes["/feed.xml"] = Reply(status=500)
    site.routes["/notfeed"] = Reply(
        body=b"just text, no feed", headers={"Content-Type": "text/plain"}
    )
    feed, _ = feed_create(url=site.url("/feed.xml"))
    other, _ = feed_create(url=site.url("/notfeed"))
    assert feed_poll(feed_id=feed.pk).status == "error"
    assert feed_poll(feed_id=other.pk).status == "error"
    feed.refresh_from_db()
    other.refresh_from_db()
    assert "HTTP 500" in feed.error
    assert "not an RSS or Atom feed" in other.error
    assert feed.next_poll_at >= feed.last_polled_at + timedelta(seconds=feed.poll_interval)


@pytest.mark.django_db
def test_a_page_without_article_text_is_an_error_and_loses_nothing(site):
    site.routes["/empty"] = Reply(body=b"<html><body></body></html>")
    watched = watch(site, "/empty")
    assert watched_url_fetch(watched_url_id=watched.pk).status == "error"
    watched.refresh_from_db()
    assert "no article text" in watched.error
    assert not ArticleVersion.objects.exists()


@pytest.mark.django_db
def test_a_page_that_is_not_text_is_an_error(site):
    site.routes["/file.pdf"] = Reply(
        body=b"%PDF-1.7 ...", headers={"Content-Type": "application/pdf"}
    )
    watched = watch(site, "/file.pdf")
    assert watched_url_fetch(watched_url_id=watched.pk).status == "error"
    watched.refresh_from_db()
    assert "content type application/pdf" in watched.error


@pytest.mark.django_db
def test_poller_hands_out_due_rows_once(site, django_capture_on_commit_callbacks):
    feed, _ = feed_create(url=site.url("/feed.xml"))
    watched = watch(site, "/a")
    Feed.objects.update(next_poll_at=timezone.now() - timedelta(seconds=1))
    WatchedUrl.objects.update(next_fetch_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks() as callbacks:
        assert feeds_poll_due() == (1, 1)
    assert len(callbacks) == 2
    assert feeds_poll_due() == (0, 0)  # leased until the task reschedules them
    watched.refresh_from_db()
    assert watched.next_fetch_at > timezone.now() + timedelta(minutes=5)
    assert feed.pk


@pytest.mark.django_db
def test_submit_refuses_loopback_without_the_setting(settings):
    settings.CLAIMTRACKER_FETCH_ALLOW_PRIVATE = False
    for url in ("http://127.0.0.1/x", "http://localhost:8000/admin/", "http://[::1]/"):
        with pytest.raises(SubmitError, match="not a public address"):
            watched_url_submit(url=url)
    with pytest.raises(SubmitError, match="only http and https"):
        watched_url_submit(url="file:///etc/passwd")
    assert not WatchedUrl.objects.exists()


@pytest.mark.django_db
def test_submitting_a_known_url_fetches_it_again(site):
    serve_page(site, "/a")
    watched = watch(site, "/a")
    watched_url_fetch(watched_url_id=watched.pk)
    WatchedUrl.objects.filter(pk=watched.pk).update(step=3, next_fetch_at=None)
    again, created = watched_url_submit(url=site.url("/a#comments"))
    assert (again.pk, created) == (watched.pk, False)
    watched.refresh_from_db()
    assert watched.step == 0
    assert watched.next_fetch_at is not None


@pytest.mark.django_db
def test_an_unexpected_failure_is_recorded_not_raised(site, monkeypatch):
    serve_page(site, "/a")
    site.routes["/feed.xml"] = Reply(body=rss([{"title": "A", "link": site.url("/a")}]))
    watched = watch(site, "/a")
    feed, _ = feed_create(url=site.url("/feed.xml"))

    def broken(*args, **kwargs):
        raise RuntimeError("parser bug")

    monkeypatch.setattr("sources.feeds.read_page_meta", broken)
    monkeypatch.setattr("sources.feeds.feedparser.parse", broken)
    assert watched_url_fetch(watched_url_id=watched.pk).status == "error"
    assert feed_poll(feed_id=feed.pk).status == "error"
    watched.refresh_from_db()
    feed.refresh_from_db()
    assert watched.error == feed.error == "unexpected error: RuntimeError: parser bug"
    assert watched.next_fetch_at is not None
    assert feed.next_poll_at is not None


def test_fetch_tasks_are_registered_late_acked_and_json():
    from config.celery_app import app

    app.loader.import_default_modules()
    for name in (
        "sources.tasks.feeds_poll_due_task",
        "sources.tasks.feed_poll_task",
        "sources.tasks.watched_url_fetch_task",
    ):
        task = app.tasks[name]
        assert task.acks_late is True
        assert task.serializer == "json"


def test_fetch_tasks_run_on_the_fetch_queue(settings):
    settings.CLAIMTRACKER_FETCH_QUEUE = "fetch-test"
    assert route_task("sources.tasks.feed_poll_task", (), {}, {}) == {"queue": "fetch-test"}
    assert route_task("claims.tasks.claims_extract_for_version_task", (), {}, {}) is None
