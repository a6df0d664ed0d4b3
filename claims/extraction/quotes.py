"""Quotation spans in a paragraph: which characters are inside a full quotation."""

from __future__ import annotations

import re

from claims.extraction.syntax import Token

# An opening mark never closed in its paragraph, whose words report other speakers ("“According
# to the ministry, 119,000 ... Minister X said at least 123 ..."), is a stray mark of the copy,
# not a quotation running on to the next paragraph.
STRAY_QUOTE_CUES = re.compile(
    r"\b(?:[Aa]ccording to|said|says|added|stated|estimated|explained|insisted|warned|told)\b"
)

OPEN_QUOTES = "\u201c\u00ab\u201e"

CLOSE_QUOTES = "\u201d\u00bb"


def quote_marks(text: str) -> str:
    """The text with two apostrophes written for a quotation mark ('' as some wires do) turned
    into a straight quote; same length, so offsets still hold."""
    return text.replace("''", '" ')


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of full quotations (at least four words); scare quotes are ignored."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    opening = _OPENING.search(text)
    while opening is not None:
        i = opening.start()
        closing = (_CLOSING if text[i] in OPEN_QUOTES else _STRAIGHT).search(text, i + 1)
        j = closing.start() if closing is not None else n
        inside = text[i + 1 : j]
        stray = j >= n and STRAY_QUOTE_CUES.search(inside) is not None
        if len(inside.split()) >= 4 and not stray:
            spans.append((i, min(j + 1, n)))
        opening = _OPENING.search(text, j + 1)
    return spans


# The marks quote_spans looks for (found by the regex engine, not character by character).
_OPENING = re.compile(f'[{OPEN_QUOTES}"]')
_CLOSING = re.compile(f"[{CLOSE_QUOTES}]")
_STRAIGHT = re.compile('"')


def ends_inside_quote(text: str) -> bool:
    opens = sum(text.count(q) for q in OPEN_QUOTES)
    closes = sum(text.count(q) for q in CLOSE_QUOTES)
    return opens > closes


def in_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def sentence_inside_quote(token: Token, quotes: list[tuple[int, int]]) -> bool:
    sent = token.sent
    return in_spans(sent.start_char, quotes) or in_spans(sent[0].idx + 1, quotes)
