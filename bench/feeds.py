"""Benchmark of feed polling and of re-fetching an unchanged article, against a local server.

Run from the project root::

    .venv/bin/python bench/feeds.py [--feeds 200] [--entries 20] [--pages 50] [--postgres]

A loopback HTTP server (tests/sources/feed_server.py) serves ``--feeds`` RSS feeds of
``--entries`` entries each (with ETags) and ``--pages`` article pages. In one process, serially
(what one fetch worker does), it measures ``feed_poll``: the first poll (every entry new), a
re-poll answered 304, and a re-poll answered 200 with the same entries (the server ignores the
ETag); then ``watched_url_fetch`` of an article: the first fetch (a new version), an unchanged
re-fetch answered 304, and an unchanged re-fetch answered 200 (the page is extracted again and
its hash found). Tasks are not queued (no broker, no extraction): this measures the fetch
workers' own cost. Database: a temporary SQLite file, or ``--postgres`` (a throwaway
``bench_feeds_<pid>``). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _corpus import postgres_create, postgres_drop  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL db")
    args = parser.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="bench-feeds-")
    db_name = f"bench_feeds_{os.getpid()}"
    if args.postgres:
        os.environ["DATABASE_URL"] = postgres_create(db_name)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["CLAIMTRACKER_FETCH_ALLOW_PRIVATE"] = "true"
    os.environ["CLAIMTRACKER_FETCH_DOMAIN_INTERVAL"] = "0"
    os.environ.pop("CELERY_BROKER_URL", None)
    try:
        return run(args)
    finally:
        if args.postgres:
            postgres_drop(db_name)
        tmp.cleanup()


def run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    import sources.feeds as feeds
    from claims.tasks import claims_extract_for_version_task
    from sources.models import Feed, WatchedUrl
    from sources.tasks import feed_poll_task, watched_url_fetch_task
    from tests.sources.feed_server import Reply, Site, article_html, rss

    call_command("migrate", interactive=False, verbosity=0)
    # Measure the fetch worker alone: nothing is queued (no fetch tasks, no extraction).
    feeds._enqueue_fetches = lambda ids, urls=None: None
    claims_extract_for_version_task.delay_on_commit = lambda *a, **k: None
    feed_poll_task.delay_on_commit = lambda *a, **k: None
    watched_url_fetch_task.delay_on_commit = lambda *a, **k: None

    site = Site().start()
    honour_etag = {"on": True}

    def feed_route(n: int):
        body = rss(
            [
                {"title": f"Story {n}-{e} (UPDATE 1)", "link": site.url(f"/a/{n}/{e}")}
                for e in range(args.entries)
            ]
        )
        etag = f'"feed-{n}"'

        def reply(request):
            if honour_etag["on"] and request.headers.get("if-none-match") == etag:
                return Reply(status=304, headers={"ETag": etag})
            return Reply(body=body, headers={"ETag": etag, "Content-Type": "application/rss+xml"})

        return reply

    for n in range(args.feeds):
        site.routes[f"/feed/{n}.xml"] = feed_route(n)
    paragraphs = (ROOT / "tests/fixtures/articles/storm-v1.txt").read_text().split("---\n")[-1]
    for n in range(args.pages):
        page = article_html(
            title=f"Storm cuts power to coastal towns {n}",
            paragraphs=[p for p in paragraphs.split("\n\n") if p.strip()][1:]
            + [f"This is report number {n} of the day."],
        )
        etag = f'"page-{n}"'

        def page_reply(request, page=page, etag=etag):
            if honour_etag["on"] and request.headers.get("if-none-match") == etag:
                return Reply(status=304, headers={"ETag": etag})
            return Reply(body=page, headers={"ETag": etag, "Content-Type": "text/html"})

        site.routes[f"/page/{n}"] = page_reply

    try:
        feed_ids = [
            feeds.feed_create(url=site.url(f"/feed/{n}.xml"))[0].pk for n in range(args.feeds)
        ]
        feeds.fetcher()  # the connection pool, built once per worker process

        outcomes: Counter[str] = Counter()

        def poll_all() -> float:
            start = time.perf_counter()
            for pk in feed_ids:
                outcomes[feeds.feed_poll(feed_id=pk).status] += 1
            return time.perf_counter() - start

        first = poll_all()
        not_modified = poll_all()
        honour_etag["on"] = False
        same_entries = poll_all()
        honour_etag["on"] = True
        print(f"feeds: {args.feeds} x {args.entries} entries, {WatchedUrl.objects.count()} urls")
        for name, seconds in (
            ("first poll (all entries new)", first),
            ("re-poll, 304 Not Modified", not_modified),
            ("re-poll, 200 with the same entries", same_entries),
        ):
            print(
                f"  {name:38s} {args.feeds / seconds:8.1f} feeds/s "
                f"({1000 * seconds / args.feeds:6.2f} ms per feed)"
            )
        errors = Feed.objects.exclude(error="").count()
        print(f"  outcomes {dict(outcomes)}, feeds with an error: {errors}")
        outcomes.clear()

        watched = [
            feeds.watched_url_submit(url=site.url(f"/page/{n}"))[0].pk for n in range(args.pages)
        ]

        def fetch_all() -> list[float]:
            times = []
            for pk in watched:
                start = time.perf_counter()
                outcomes[feeds.watched_url_fetch(watched_url_id=pk).status] += 1
                times.append(time.perf_counter() - start)
            return times

        runs = {"first fetch (new version)": fetch_all(), "re-fetch, 304": fetch_all()}
        honour_etag["on"] = False
        runs["re-fetch, 200 with the same text"] = fetch_all()
        print(f"article pages: {args.pages}")
        for name, times in runs.items():
            print(
                f"  {name:38s} median {1000 * statistics.median(times):7.2f} ms, "
                f"p90 {1000 * sorted(times)[int(0.9 * (len(times) - 1))]:7.2f} ms"
            )
        statuses = WatchedUrl.objects.exclude(error="").values_list("error", flat=True)[:3]
        print(f"  outcomes {dict(outcomes)}, urls with an error: {len(statuses)} {list(statuses)}")
    finally:
        site.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
