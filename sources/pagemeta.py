"""The metadata a news page states about itself: JSON-LD (schema.org NewsArticle) and meta tags.

Pure: HTML text in, a frozen dataclass out; no Django, no network. JSON-LD wins over meta tags
(it is what publishers maintain for search engines); each field falls back separately.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "backgroundnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "liveblogposting",
        "blogposting",
        "webpage",
    }
)
_META_PUBLISHED = ("article:published_time", "og:published_time", "datepublished", "pubdate")
_META_MODIFIED = ("article:modified_time", "og:updated_time", "datemodified", "last-modified")
_MAX_JSON_LD = 512 * 1024  # characters of one script block that we parse


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page says about itself; None where it says nothing (or nothing usable)."""

    canonical_url: str | None = None
    date_published: datetime | None = None
    date_modified: datetime | None = None
    outlet: str | None = None
    headline: str | None = None


def read_page_meta(html: str, *, base_url: str) -> PageMeta:
    """Return the canonical url (absolute, http(s), and on the same site as ``base_url``:
    another site's canonical would let any page write into that site's article), the
    published and modified datetimes (UTC) and the outlet (publisher or og:site_name)."""
    parser = _HeadParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001, S110 - broken markup: keep what was read so far
        pass
    article: dict = {}
    for block in parser.json_ld:
        found = _find_article(block)
        if found:
            article = found
            break
    meta = parser.meta
    canonical = _same_site_url(
        _url_value(article.get("url")) or _url_value(article.get("mainEntityOfPage")),
        base_url,
    ) or _same_site_url(parser.canonical or meta.get("og:url"), base_url)
    published = _datetime(article.get("datePublished")) or _first_datetime(meta, _META_PUBLISHED)
    modified = _datetime(article.get("dateModified")) or _first_datetime(meta, _META_MODIFIED)
    publisher = article.get("publisher")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    outlet = _text(publisher.get("name") if isinstance(publisher, dict) else publisher)
    headline = _text(article.get("headline")) or _text(meta.get("og:title"))
    return PageMeta(
        canonical_url=canonical,
        date_published=published,
        date_modified=modified,
        outlet=outlet or _text(meta.get("og:site_name")),
        headline=headline,
    )


class _HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.json_ld: list[object] = []
        self._in_json_ld = False
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            name = values.get("property") or values.get("name") or values.get("itemprop") or ""
            name = name.strip().lower()
            if name and values.get("content") and name not in self.meta:
                self.meta[name] = values["content"].strip()
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href", "").strip() or None
        elif tag == "script" and values.get("type", "").strip().lower() == "application/ld+json":
            self._in_json_ld, self._buffer = True, []

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_json_ld:
            self._in_json_ld = False
            text = "".join(self._buffer)[:_MAX_JSON_LD]
            # A broken block is skipped; the meta tags may still say it.
            with contextlib.suppress(ValueError):
                self.json_ld.append(json.loads(text))


def _find_article(node: object, depth: int = 0) -> dict | None:
    """The first schema.org article object in a JSON-LD value (lists and @graph searched)."""
    if depth > 5:
        return None
    if isinstance(node, list):
        for item in node:
            found = _find_article(item, depth + 1)
            if found:
                return found
        return None
    if not isinstance(node, dict):
        return None
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types) and (
        node.get("datePublished") or node.get("headline")
    ):
        return node
    return _find_article(node.get("@graph"), depth + 1)


def _url_value(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    if isinstance(value, list) and value:
        value = value[0]
    return value.strip() if isinstance(value, str) and value.strip() else None


def _same_site_url(value: str | None, base_url: str) -> str | None:
    if not value:
        return None
    absolute = urljoin(base_url, value)
    parts, base = urlsplit(absolute), urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return absolute if same_site(parts.hostname, base.hostname or "") else None


def same_site(host: str, other: str) -> bool:
    """True for one host, "www." variants and a host and its subdomains (roughly one site:
    without a public-suffix list, "a.co.uk" and "b.co.uk" count as different)."""
    a, b = host.lower().removeprefix("www."), other.lower().removeprefix("www.")
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value[:200] or None


def _datetime(value: object) -> datetime | None:
    if isinstance(value, list) and value:
        value = value[0]
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # a page without a zone: read as UTC
    return moment.astimezone(UTC)


def _first_datetime(meta: dict[str, str], names: tuple[str, ...]) -> datetime | None:
    for name in names:
        moment = _datetime(meta.get(name))
        if moment is not None:
            return moment
    return None
