"""HTML -> article text with trafilatura (no network), plus a plain tag stripper as a fallback."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser

import trafilatura
from trafilatura.settings import set_date_params

from .frontmatter import to_utc

logger = logging.getLogger(__name__)

_HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")
_PLAIN_CONTENT_TYPES = ("text/plain", "text/markdown", "text/x-markdown")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START = re.compile(
    r"\ufeff?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
_MARKUP_START = re.compile(r"\ufeff?\s*<[a-zA-Z!]")
_CLOSING_TAG = re.compile(
    r"</(?:p|div|body|article|section|span|a|li|ul|h[1-6]|table|main|header|footer)\s*>",
    re.IGNORECASE,
)


#: Below this many words, trafilatura's output is checked against the furniture-free page text.
SHORT_EXTRACTION_WORDS = 60


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    """Reduced article text (paragraphs separated by blank lines) and page metadata."""

    text: str
    title: str | None
    published_at: datetime | None
    url: str | None
    sitename: str | None
    method: str  # "trafilatura", "tag-stripper" or "none"


def is_html(text: str, *, filename: str | None = None, content_type: str | None = None) -> bool:
    """Return True when the document should be treated as HTML.

    An explicit HTML or plain-text ``content_type`` decides; otherwise a filename ending
    .html/.htm/.xhtml; otherwise the text itself (a doctype/``<html>`` start, or text that starts
    with a tag and contains closing block tags).
    """
    if content_type:
        media_type = content_type.split(";", 1)[0].strip().lower()
        if media_type in _HTML_CONTENT_TYPES:
            return True
        if media_type in _PLAIN_CONTENT_TYPES:
            return False
    if filename and filename.lower().endswith(_HTML_SUFFIXES):
        return True
    head = text[:4096]
    if _HTML_START.match(head):
        return True
    return bool(_MARKUP_START.match(head) and _CLOSING_TAG.search(text))


def extract_html(html: str) -> HtmlExtraction:
    """Return the article text of ``html`` and its metadata; never fetches anything.

    Uses trafilatura; a short result is checked against :func:`strip_tags` (menus are dropped);
    if no text is left, falls back to :func:`strip_tags` so nothing is lost.
    ``text`` is empty when neither finds text. Metadata failures are logged and ignored.
    """
    extracted = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        output_format="txt",
    )
    text = _join_lines(extracted or "")
    method = "trafilatura"
    if text and len(text.split()) < SHORT_EXTRACTION_WORDS:
        # On a page without an article trafilatura may return the menu ("Home World Sport"):
        # keep only lines that are also visible outside navigation, banners and comments.
        visible = " ".join(strip_tags(html).split())
        text = "\n\n".join(line for line in text.split("\n\n") if line in visible)
    if not text:
        text = strip_tags(html)
        method = "tag-stripper" if text else "none"
    title = published_at = url = sitename = None
    try:
        date_config = set_date_params(True)
        date_config["outputformat"] = "%Y-%m-%dT%H:%M:%S%z"
        meta = trafilatura.extract_metadata(html, date_config=date_config)
    except Exception:  # metadata is a bonus; a bug in it must not lose the article
        logger.warning("trafilatura metadata extraction failed", exc_info=True)
    else:
        title = _clean(meta.title)
        url = _clean(meta.url)
        sitename = _clean(meta.sitename)
        try:
            published_at = to_utc(meta.date)
        except (TypeError, ValueError, OverflowError):
            published_at = None
    return HtmlExtraction(
        text=text,
        title=title,
        published_at=published_at,
        url=url,
        sitename=sitename,
        method=method,
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _join_lines(text: str) -> str:
    """One paragraph per non-blank line, whitespace collapsed, separated by blank lines."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)


# Elements whose content is never article text.
_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "nav",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "iframe",
        "object",
        "canvas",
    }
)
# Elements with one of these words in their class or id are page furniture (cookie banners, ...).
_SKIP_MARKERS = frozenset(
    {
        "cookie",
        "cookies",
        "consent",
        "gdpr",
        "comment",
        "comments",
        "share",
        "sharing",
        "social",
        "newsletter",
        "subscribe",
        "subscription",
        "advert",
        "advertisement",
        "ad",
        "ads",
        "promo",
        "sidebar",
        "related",
        "recommended",
        "banner",
        "modal",
        "popup",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "nav",
        "navbar",
        "navigation",
        "footer",
        "paywall",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "table",
        "tr",
        "td",
        "th",
        "br",
        "hr",
        "address",
    }
)
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_MARKER_SPLIT = re.compile(r"[\s_\-]+")


class _TagStripper(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_tag: str | None = None
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth += 1
            elif self._skip_tag == "head" and tag == "body":  # an unclosed <head>
                self._skip_tag, self._skip_depth = None, 0
            return
        if tag in _VOID_TAGS:
            if tag in _BLOCK_TAGS:
                self.parts.append("\n\n")
            return
        if tag in _SKIP_TAGS or _is_furniture(attrs):
            self._skip_tag, self._skip_depth = tag, 1
            return
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is None and tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
            return
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._skip_tag is None:
            self.parts.append(data)


def _is_furniture(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name in ("class", "id", "role") and value:
            words = _MARKER_SPLIT.split(value.lower())
            if any(word in _SKIP_MARKERS for word in words):
                return True
    return False


def strip_tags(html: str) -> str:
    """Return the visible text of ``html`` as paragraphs separated by blank lines.

    Skips scripts, styles, navigation, forms, footers, asides and elements whose class/id marks
    them as cookie banners, comments, share bars, ads and the like.
    """
    parser = _TagStripper()
    parser.feed(html)
    parser.close()
    blocks = (" ".join(block.split()) for block in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(block for block in blocks if block)
