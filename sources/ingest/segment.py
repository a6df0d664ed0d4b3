"""Paragraphs with offsets, and removal of page chrome (comment boxes, share bars, credits)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: ``document.text[start:end] == text`` (stripped of surrounding whitespace).

    ``index`` is the position among kept paragraphs (for dropped ones, among dropped ones).
    """

    start: int
    end: int
    text: str
    index: int


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# A run of non-blank lines; a line is blank when it holds only whitespace.
_BLOCK = re.compile(r"[^\S\n]*\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*")
_LINE = re.compile(r"[^\n]*\S[^\n]*")


def split_paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Paragraph]:
    """Return the paragraphs of ``text[start:end]`` with offsets into ``text``.

    Paragraphs are separated by blank lines; a text without any blank line is split on single
    newlines. Each paragraph is stripped; ``index`` counts from 0 in order.
    """
    end = len(text) if end is None else end
    pattern = _BLOCK if _BLANK_LINE.search(text, start, end) else _LINE
    paragraphs: list[Paragraph] = []
    for match in pattern.finditer(text, start, end):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip())
        begin = match.start() + lead
        paragraphs.append(Paragraph(begin, begin + len(stripped), stripped, len(paragraphs)))
    return paragraphs


#: Paragraphs longer than this are article text, whatever they contain.
MAX_CHROME_CHARS = 300

_DASH = r"[-–—:|]"
#: Page chrome, one regex per kind. Each must match the WHOLE paragraph (whitespace collapsed,
#: case-insensitive), so an article sentence that merely mentions "subscribe" is kept.
CHROME_PATTERNS: tuple[tuple[str, str], ...] = (
    # comment sections
    (
        "comments",
        r"(?:add|post|write|leave|show|hide|view|load|read)( more)?( an?| your| all)?"
        r" comments?[.!]?",
    ),
    ("comments", r"(?:\d+ )?comments?( \(\d+\))?"),
    ("comments", r"sort(ed)? by\b.{0,40}"),
    ("comments", r"(there are no comments|no comments yet)\b.*"),
    ("comments", r"be the first to comment\b.*"),
    ("comments", r"join the (conversation|discussion)\b.*"),
    # widgets and app promotion
    ("widget", r"summari[sz]e (this|the) (article|story|page|news)\b.*"),
    ("widget", r"(this is )?(an? )?ai[- ]generated summar(y|i[sz]ation)\b.*"),
    ("widget", r"how (does|did) (this|the) (article |story |news )?make you feel\??"),
    ("widget", r"(listen to|play) (this|the) (article|story)\b.*"),
    ("widget", r"\d+ min(ute)?s? (read|listen)"),
    ("widget", r"(download|get|install) (the|our) .{0,60}\bapps?\b.*"),
    ("widget", r"(skip to (main )?content|back to top|loading\.*|click here\b.*)"),
    ("widget", r"(most (read|popular|viewed)|trending( now)?|top stories|recommended( for you)?)"),
    # share / subscribe / follow
    (
        "share",
        r"(share|email|tweet|print|copy link)( this)?( (article|story|page|link))?"
        r"( (on|via|with) .{0,40})?[.:!]?",
    ),
    (
        "share",
        r"(facebook|twitter|x|whatsapp|linkedin|telegram|reddit|email)"
        r"(( ?[|,/·] ?| )(facebook|twitter|x|whatsapp|linkedin|telegram|reddit|email|copy link))+",
    ),
    ("share", r"(subscribe|sign up)( now| today| here| free)?( (to|for) .{0,120})?[.!]?"),
    ("share", r"(follow|like) us (on|at) .*"),
    # photo credits and captions
    ("credit", r"(photo|image|picture|video|graphic|illustration)s?( credit)?s?\s*[:|].{0,160}"),
    ("credit", r"\(?(photos?|images?|pictures?) (by|credit|courtesy)\b.{0,160}"),
    ("credit", r".{0,160}\bgetty images\b.{0,60}"),
    (
        "credit",
        r".{0,120}[/|]\s*(afp|reuters|ap|epa|anadolu( agency)?|xinhua|shutterstock|ani"
        r"|pti|efe|dpa|getty|pool)( via getty images| photo)?\)?\.?",
    ),
    ("credit", r"(file )?photo\.?"),
    # advertising and onward links
    (
        "ad",
        r"(advertisement|advert|sponsored( content)?|ad|story continues below"
        r"( advertisement)?|scroll to continue( with content)?|continue reading( below)?)\.?",
    ),
    ("onward", rf"(read|see) (more|also)\b\s*(?:{_DASH}.*)?"),
    (
        "onward",
        rf"(related|more)( (articles?|stories|coverage|content|news|topics|reading))?"
        rf"\s*(?:{_DASH}.*)?",
    ),
    ("onward", r"(tags?|topics?)\s*:.*"),
    # cookie banners and legal footer
    ("cookies", r"(we|this (web)?site|our (web)?site)( and our partners)? uses? cookies\b.*"),
    ("cookies", r"(accept|reject|manage)( all)? (cookies|preferences|settings)\.?"),
    ("cookies", r"cookie (policy|settings|preferences)\.?"),
    ("legal", r"(©|\(c\)\s|copyright\s*(©|\(c\))?\s*\d{4}\b).*"),
    ("legal", r"all rights reserved\.?"),
)
_CHROME = re.compile(
    "|".join(f"(?:{pattern})" for _, pattern in CHROME_PATTERNS), re.IGNORECASE | re.DOTALL
)

#: Wire agencies whose name alone on a line near the top is a byline, not article text.
AGENCY_BYLINES = frozenset(
    {
        "afp",
        "agence france-presse",
        "agence france presse",
        "reuters",
        "thomson reuters",
        "ap",
        "associated press",
        "the associated press",
        "bloomberg",
        "dpa",
        "efe",
        "ansa",
        "xinhua",
        "anadolu agency",
        "upi",
        "press association",
        "pa media",
    }
)
_BYLINE_WINDOW = 3  # a byline is among the first three paragraphs
_BYLINE_MAX_CHARS = 60


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def is_chrome(text: str) -> bool:
    """Return True when the paragraph is page chrome by one of :data:`CHROME_PATTERNS`."""
    if len(text) > MAX_CHROME_CHARS:
        return False
    return _CHROME.fullmatch(" ".join(text.split())) is not None


def filter_paragraphs(
    paragraphs: Iterable[Paragraph], *, bylines: Iterable[str] = ()
) -> tuple[tuple[Paragraph, ...], tuple[Paragraph, ...]]:
    """Return (kept, dropped) paragraphs, each re-indexed from 0.

    Dropped: page chrome (:func:`is_chrome`), a repeat of an earlier paragraph, and a lone byline
    (an outlet name from ``bylines`` or a wire agency) among the first paragraphs.
    """
    byline_names = {_normal(name) for name in bylines if name} | AGENCY_BYLINES
    kept: list[Paragraph] = []
    dropped: list[Paragraph] = []
    seen: set[str] = set()
    for position, paragraph in enumerate(paragraphs):
        key = _normal(paragraph.text)
        drop = (
            key in seen
            or is_chrome(paragraph.text)
            or (
                position < _BYLINE_WINDOW
                and len(key) <= _BYLINE_MAX_CHARS
                and _strip_by(key) in byline_names
            )
        )
        if drop:
            dropped.append(_reindex(paragraph, len(dropped)))
        else:
            seen.add(key)
            kept.append(_reindex(paragraph, len(kept)))
    return tuple(kept), tuple(dropped)


def is_agency_byline(text: str) -> bool:
    """Return True when the line is a wire agency's name alone ("Agence France-Presse")."""
    key = _normal(text)
    return len(key) <= _BYLINE_MAX_CHARS and _strip_by(key) in AGENCY_BYLINES


def _strip_by(key: str) -> str:
    key = key.strip(" .")
    return key[3:] if key.startswith("by ") else key


def _reindex(paragraph: Paragraph, index: int) -> Paragraph:
    if paragraph.index == index:
        return paragraph
    return Paragraph(paragraph.start, paragraph.end, paragraph.text, index)


# Wire agencies as datelines and credit lines write them -> the agency's name.
WIRE_NAMES = {
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "efe": "EFE",
    "dpa": "dpa",
    "ansa": "ANSA",
    "xinhua": "Xinhua",
    "upi": "UPI",
    "anadolu agency": "Anadolu Agency",
    "ians": "IANS",
    "pti": "PTI",
}
_WIRE = "|".join(sorted((re.escape(name) for name in WIRE_NAMES), key=len, reverse=True))
# "PARIS (AP) —", "ISLAMABAD, Pakistan (Reuters) -": the wire's own dateline.
_WIRE_DATELINE = re.compile(rf"^[^\n()]{{0,80}}\(({_WIRE})\)\s*[—–-]", re.IGNORECASE | re.MULTILINE)
# "Le Monde with AFP", "AFP |", "By Agence France-Presse": a credit line of its own.
_WIRE_CREDIT = re.compile(
    rf"^\s*(?:[^\n]{{0,40}}\bwith\s+|by\s+)?({_WIRE})\s*(?:\||$|\d)", re.IGNORECASE | re.MULTILINE
)
_WIRE_WINDOW = 1500  # characters from the top where a dateline or credit line stands


def wire_agency(text: str) -> str | None:
    """The wire agency a republished story credits at its top (its dateline "PARIS (AP) —" or a
    credit line "Le Monde with AFP", "AFP |"), or None. Unattributed text in such a version is
    the wire's own voice; the republishing site stays the version's outlet."""
    head = text[:_WIRE_WINDOW]
    for pattern in (_WIRE_DATELINE, _WIRE_CREDIT):
        match = pattern.search(head)
        if match is not None:
            return WIRE_NAMES[match.group(1).casefold()]
    return None
