"""A real Celery worker (with its beat) on Redis polls a feed on a local server, fetches the
article, and later, by itself, fetches it again: the changed text is the next version and the
disagreement it brings is flagged."""

from __future__ import annotations

import uuid

import pytest

from sources.feeds import feed_create
from sources.models import ArticleVersion, WatchedUrl
from tests.integration.test_worker import (  # noqa: F401 - broker is a fixture
    broker,
    celery_worker_process,
    wait_for,
    worker_database_url,
)
from tests.sources.feed_server import Reply, Site, article_html, rss
from verification.models import Contradiction

pytestmark = [pytest.mark.services, pytest.mark.slow]

LEAD = (
    "PORT ELLIS (Harbour Daily) - A winter storm cut power to thousands of homes along the "
    "northern coast overnight, the regional utility said on Tuesday."
)


def storm_page(homes: str, label: str, modified: str) -> bytes:
    return article_html(
        title=f"Storm cuts power to coastal towns {label}".strip(),
        paragraphs=[
            LEAD,
            f"The utility said {homes} homes were without electricity at dawn and that crews "
            "would work through the day.",
            "No one was hurt, according to the fire service.",
        ],
        date_published="2026-02-10T07:00:00Z",
        date_modified=modified,
        publisher="Harbour Daily",
    )


@pytest.fixture
def site():
    running = Site().start()
    yield running
    running.stop()


@pytest.fixture
def fetch_worker(broker, postgres, tmp_path, settings):  # noqa: F811 - the imported fixture
    url, queue = broker
    fetch_queue = f"{queue}-fetch"
    settings.CLAIMTRACKER_FETCH_QUEUE = fetch_queue
    settings.CLAIMTRACKER_FETCH_ALLOW_PRIVATE = True
    env = {
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CLAIMTRACKER_FETCH_QUEUE": fetch_queue,
        "CLAIMTRACKER_FETCH_ALLOW_PRIVATE": "true",
        "CLAIMTRACKER_FETCH_DOMAIN_INTERVAL": "0",
        "CLAIMTRACKER_FEED_POLL_EVERY": "1",
        "CLAIMTRACKER_REFETCH_SCHEDULE": "2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2",
    }
    with celery_worker_process(
        tmp_path,
        env,
        "--beat",
        "--scheduler=celery.beat:PersistentScheduler",
        f"--schedule={tmp_path / f'beat-{uuid.uuid4().hex[:6]}'}",
        "--queues",
        f"{queue},{fetch_queue}",
    ) as running:
        yield running


@pytest.mark.django_db(transaction=True)
def test_worker_picks_up_a_new_version_by_itself_and_flags_it(site, fetch_worker):
    process, log = fetch_worker
    site.routes["/feed.xml"] = Reply(
        body=rss([{"title": "Storm cuts power to coastal towns", "link": site.url("/storm")}])
    )
    site.routes["/storm"] = Reply(
        body=storm_page("12,000", "", "2026-02-10T07:00:00Z"),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    # given: a feed, polled by the worker's beat
    feed_create(url=site.url("/feed.xml"), outlet="Harbour Daily")
    wait_for(lambda: ArticleVersion.objects.filter(status="done").count() == 1, process, log)
    # when: the page changes (nobody tells the system)
    site.routes["/storm"] = Reply(
        body=storm_page("9,000", "(UPDATE 1)", "2026-02-10T13:00:00Z"),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    # then: the re-fetch finds the next version and detection flags the falling figure
    wait_for(lambda: ArticleVersion.objects.filter(status="done").count() == 2, process, log)
    wait_for(lambda: Contradiction.objects.filter(kind="across_versions").exists(), process, log)
    versions = list(ArticleVersion.objects.order_by("number"))
    assert [v.update_label for v in versions] == ["", "(UPDATE 1)"]
    assert versions[0].article_id == versions[1].article_id
    assert versions[0].article.outlet.name == "Harbour Daily"
    assert WatchedUrl.objects.get().fetch_count >= 2
    assert "9,000" in Contradiction.objects.filter(kind="across_versions").first().reason
