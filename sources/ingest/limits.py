"""Limits on one input document, checked before any expensive parsing.

The defaults suit news articles with a wide margin; deployments set them from Django settings
(``CLAIMTRACKER_INGEST_*``, see README "Operating it") and pass them to ``prepare_document``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import DocumentTooComplex, DocumentTooLarge


@dataclass(frozen=True, slots=True)
class IngestLimits:
    #: Characters of article text (plain text, or the text reduced from HTML).
    max_text_chars: int = 1_000_000
    #: Characters of an HTML document, checked before lxml parses it.
    max_html_chars: int = 5_000_000
    #: Attributes on one HTML element (lxml's parse time grows with the square of it).
    max_html_attributes: int = 1000
    #: Characters of the ``---`` front matter block.
    max_front_matter_chars: int = 16_384
    #: Nesting depth of the front matter's YAML (1 is flat ``key: value``).
    max_front_matter_depth: int = 8

    @property
    def max_raw_chars(self) -> int:
        """No input of any type is longer than this (checked before decoding)."""
        return max(self.max_text_chars, self.max_html_chars)


DEFAULT_LIMITS = IngestLimits()


def check_size(length: int, limit: int, what: str) -> None:
    """Raise DocumentTooLarge when ``length`` exceeds ``limit``."""
    if length > limit:
        raise DocumentTooLarge(
            f"{what} is too large: {length:,} characters, the limit is {limit:,}",
            size=length,
            limit=limit,
        )


# A start tag: its name, then attributes whose quoted values may hold anything (even "<" and
# ">"), up to the closing ">" (or wherever the tag stops making sense). Each alternative starts
# with a different character, so matching is linear.
_START_TAG = re.compile(
    r"""<[A-Za-z][^\s/>]*((?:"[^"]*"|'[^']*'|[^"'>])*)""",
)
_ATTRIBUTE = re.compile(r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?""")
_TAG_OPEN = re.compile(r"<[A-Za-z]")
_RAW_TEXT = re.compile(r"<(script|style|textarea|xmp)\b[^>]*>")


def check_html_attributes(html: str, limit: int) -> None:
    """Raise DocumentTooComplex when one element carries more than ``limit`` attributes.

    A cheap linear scan that over-counts rather than under-counts (it does not know about
    comments or scripts), run before lxml, whose time grows quadratically with them.
    """
    lowered = html.lower()
    position = 0
    while True:
        opening = _TAG_OPEN.search(html, position)
        if opening is None:
            return
        raw_text = _RAW_TEXT.match(lowered, opening.start())
        if raw_text is not None:
            # Scripts and styles hold code ("i<n"), not attributes: skip to their end tag.
            end = lowered.find(f"</{raw_text.group(1)}", raw_text.end())
            if end < 0:
                return
            position = end + 2
            continue
        tag = _START_TAG.match(html, opening.start())
        assert tag is not None  # "<" + a letter always matches
        inside = tag.group(1)
        # Fewer characters than the limit cannot hold more attributes than it.
        if len(inside) > limit and len(_ATTRIBUTE.findall(inside)) > limit:
            raise DocumentTooComplex(
                f"an HTML element has more than {limit} attributes (at character "
                f"{opening.start():,}); such markup is refused before parsing"
            )
        position = max(tag.end(), opening.start() + 1)
