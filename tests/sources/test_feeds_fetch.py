"""sources.fetch and sources.pagemeta against a local HTTP server on loopback: no database."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sources.fetch import (
    BlockedUrl,
    Fetcher,
    FetchPolicy,
    HttpStatusError,
    NetworkError,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
    address_allowed,
    normalise_url,
)
from sources.pagemeta import read_page_meta
from tests.sources.feed_server import Reply, Site, article_html

PROJECT = Path(__file__).resolve().parents[2]
LOCAL = FetchPolicy(allow_private=True, timeout=5.0)


@pytest.fixture
def site():
    running = Site().start()
    yield running
    running.stop()


@pytest.fixture
def fetcher():
    with Fetcher(LOCAL) as client:
        yield client


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "::1", "fc00::1"],
)
def test_private_and_loopback_addresses_are_refused_by_default(address):
    assert address_allowed(address, allow_private=False) is False


def test_ipv4_mapped_loopback_is_refused_and_public_addresses_pass():
    assert address_allowed("::ffff:127.0.0.1", allow_private=False) is False
    assert address_allowed("8.8.8.8", allow_private=False) is True
    assert address_allowed("2001:4860:4860::8888", allow_private=False) is True


def test_allowing_private_still_refuses_unspecified_and_multicast():
    assert address_allowed("127.0.0.1", allow_private=True) is True
    assert address_allowed("0.0.0.0", allow_private=True) is False  # noqa: S104
    assert address_allowed("224.0.0.1", allow_private=True) is False


def test_fetch_refuses_loopback_without_the_setting_and_sends_nothing(site):
    site.routes["/page"] = Reply(body=b"hello")
    with Fetcher(FetchPolicy()) as strict:
        with pytest.raises(BlockedUrl, match="not public"):
            strict.fetch(site.url("/page"))
        # A name that resolves to loopback is refused the same way.
        with pytest.raises(BlockedUrl, match="not public"):
            strict.fetch(site.url("/page").replace("127.0.0.1", "localhost"))
    assert site.requests == []


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x", "http:///nohost"]
)
def test_fetch_refuses_other_schemes_and_hostless_urls(fetcher, url):
    with pytest.raises(BlockedUrl):
        fetcher.fetch(url)


def test_conditional_get_answers_not_modified_with_the_validators_sent(site, fetcher):
    def page(request):
        if request.headers.get("if-none-match") == '"v1"':
            return Reply(status=304, headers={"ETag": '"v1"'})
        return Reply(body=b"<p>text</p>", headers={"ETag": '"v1"', "Content-Type": "text/html"})

    site.routes["/page"] = page
    first = fetcher.fetch(site.url("/page"))
    second = fetcher.fetch(site.url("/page"), etag=first.etag)
    assert (first.status, first.etag, first.not_modified) == (200, '"v1"', False)
    assert second.not_modified is True
    assert second.body == b""
    assert site.hits("/page")[1].headers["if-none-match"] == '"v1"'


def test_server_error_is_a_transient_http_error(site, fetcher):
    site.routes["/page"] = Reply(status=500, body=b"boom", headers={"Retry-After": "120"})
    with pytest.raises(HttpStatusError) as caught:
        fetcher.fetch(site.url("/page"))
    assert caught.value.status == 500
    assert caught.value.transient is True
    assert caught.value.retry_after == 120


def test_missing_page_is_a_permanent_http_error(site, fetcher):
    with pytest.raises(HttpStatusError) as caught:
        fetcher.fetch(site.url("/nowhere"))
    assert (caught.value.status, caught.value.transient) == (404, False)


def test_slow_page_times_out(site):
    site.routes["/slow"] = Reply(body=b"late", delay=30)
    impatient = Fetcher(FetchPolicy(allow_private=True, timeout=0.5))
    with impatient, pytest.raises(NetworkError, match="timed out") as caught:
        impatient.fetch(site.url("/slow"))
    assert caught.value.transient is True


def test_ten_megabyte_page_is_refused_while_streaming(site, fetcher):
    site.routes["/big"] = Reply(body=b"<html><body>", stream_bytes=10 * 1024 * 1024)
    with pytest.raises(TooLarge, match="larger than the limit of 5120 KiB"):
        fetcher.fetch(site.url("/big"))


def test_declared_oversize_page_is_refused_before_reading_it(site, fetcher):
    def big(request):
        return Reply(body=b"x" * (LOCAL.max_bytes + 1))

    site.routes["/big"] = big
    with pytest.raises(TooLarge):
        fetcher.fetch(site.url("/big"))


def test_redirect_loop_is_refused(site, fetcher):
    site.routes["/a"] = Reply(status=302, headers={"Location": "/b"})
    site.routes["/b"] = Reply(status=301, headers={"Location": "/a"})
    with pytest.raises(TooManyRedirects, match="loop"):
        fetcher.fetch(site.url("/a"))
    assert len(site.hits("/a")) == 1


def test_redirects_are_followed_up_to_the_limit(site, fetcher):
    for n in range(8):
        site.routes[f"/r{n}"] = Reply(status=302, headers={"Location": f"/r{n + 1}"})
    site.routes["/r8"] = Reply(body=b"arrived")
    with pytest.raises(TooManyRedirects, match="more than 5 redirects"):
        fetcher.fetch(site.url("/r0"))
    result = fetcher.fetch(site.url("/r4"))
    assert result.body == b"arrived"
    assert result.url == site.url("/r8")
    assert len(result.redirects) == 4


def test_redirect_to_another_scheme_is_refused(site, fetcher):
    site.routes["/a"] = Reply(status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(BlockedUrl):
        fetcher.fetch(site.url("/a"))


def test_robots_txt_is_obeyed_and_read_once(site, fetcher):
    site.routes["/robots.txt"] = Reply(body=b"User-agent: *\nDisallow: /private/\n")
    site.routes["/private/page"] = Reply(body=b"secret")
    site.routes["/public"] = Reply(body=b"open")
    with pytest.raises(RobotsDisallowed):
        fetcher.fetch(site.url("/private/page"))
    assert fetcher.fetch(site.url("/public")).body == b"open"
    assert site.hits("/private/page") == []
    assert len(site.hits("/robots.txt")) == 1


def test_normalise_url_drops_tracking_fragment_and_default_port():
    assert (
        normalise_url("HTTPS://News.Example.org:443/a/b?utm_source=rss&id=3&fbclid=x#top")
        == "https://news.example.org/a/b?id=3"
    )
    assert normalise_url("http://example.org") == "http://example.org/"
    assert normalise_url("http://example.org:8080/x") == "http://example.org:8080/x"


def test_page_meta_reads_json_ld_dates_canonical_and_publisher():
    html = article_html(
        title="Storm cuts power",
        paragraphs=["Text."],
        canonical="/world/storm-power",
        date_published="2026-03-14T06:40:00+01:00",
        date_modified="2026-03-14T09:00:00Z",
    ).decode()
    meta = read_page_meta(html, base_url="https://www.herald.example.org/amp/storm?x=1")
    assert meta.canonical_url == "https://www.herald.example.org/world/storm-power"
    assert meta.date_published == datetime(2026, 3, 14, 5, 40, tzinfo=UTC)
    assert meta.date_modified == datetime(2026, 3, 14, 9, 0, tzinfo=UTC)
    assert meta.outlet == "Coastal Herald"
    assert meta.headline == "Storm cuts power"


def test_page_meta_falls_back_to_meta_tags_inside_a_graph_less_page():
    html = """<html><head>
    <meta property="og:url" content="https://herald.example.org/s">
    <meta property="og:site_name" content="Herald">
    <meta property="article:published_time" content="2026-03-14T06:40:00Z">
    <meta property="article:modified_time" content="2026-03-15T06:40:00Z">
    <script type="application/ld+json">{broken</script></head><body></body></html>"""
    meta = read_page_meta(html, base_url="https://herald.example.org/s?amp")
    assert meta.canonical_url == "https://herald.example.org/s"
    assert meta.outlet == "Herald"
    assert meta.date_modified == datetime(2026, 3, 15, 6, 40, tzinfo=UTC)


def test_page_meta_finds_the_article_in_a_json_ld_graph():
    html = """<script type="application/ld+json">{"@graph": [
      {"@type": "WebSite", "name": "Herald"},
      {"@type": ["NewsArticle"], "headline": "H", "datePublished": "2026-03-14",
       "mainEntityOfPage": {"@id": "https://herald.example.org/h"},
       "publisher": [{"name": "Herald Media"}]}]}</script>"""
    meta = read_page_meta(html, base_url="https://herald.example.org/h?x")
    assert meta.canonical_url == "https://herald.example.org/h"
    assert meta.outlet == "Herald Media"
    assert meta.date_published == datetime(2026, 3, 14, tzinfo=UTC)


def test_page_meta_ignores_a_canonical_url_on_another_site():
    html = '<link rel="canonical" href="https://wire.example.com/exclusive">'
    meta = read_page_meta(html, base_url="https://attacker.example.net/page")
    assert meta.canonical_url is None


@pytest.mark.parametrize("module", ["sources.fetch", "sources.pagemeta"])
def test_fetch_and_page_meta_import_no_django_or_celery(module):
    code = (
        f"import sys; import {module}; "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('django', 'celery', 'rest_framework'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
