"""A figure given as a multiple of the one before it: "1 million people demonstrated. Union
estimates had doubled that figure." is a claim of the union estimates, about 2 million of the
same measure, for the same moment and place.

Pure module (standard library only): it reads the paragraph texts and the claims already found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from claims.extraction.types import ExtractedClaim, SourceRef, TextBlock

FACTORS = {"doubled": 2.0, "tripled": 3.0, "quadrupled": 4.0, "halved": 0.5}
# "<who> (had) doubled that figure": who gives the multiple, a figure word for the antecedent.
MULTIPLE = re.compile(
    r"(?P<who>(?:[A-Z][\w'-]*)(?:\s+[\w'-]+){0,3}?)\s+(?:had\s+|have\s+|has\s+)?"
    r"(?P<verb>doubled|tripled|quadrupled|halved)\s+(?:that|this|the)\s+"
    r"(?:figure|number|count|total|estimate|tally)\b"
)


def multiple_claims(
    blocks: Sequence[TextBlock], claims: Sequence[ExtractedClaim]
) -> list[ExtractedClaim]:
    """Claims for the multiples the paragraphs state, each from the last count before it (in
    its paragraph or the one before) that names what it counts."""
    found: list[ExtractedClaim] = []
    counted = sorted(
        (
            c
            for c in claims
            if c.kind == "quantity" and c.family and c.low is not None and c.low == c.high
        ),
        key=lambda c: c.end,
    )
    for index, block in enumerate(blocks):
        earliest = blocks[index - 1].start if index else block.start
        for match in MULTIPLE.finditer(block.text):
            start, end = block.start + match.start(), block.start + match.end()
            before = [c for c in counted if earliest <= c.start and c.end <= start]
            if not before:
                continue
            base = before[-1]
            who = match.group("who").strip()
            value = (base.low or 0.0) * FACTORS[match.group("verb")]
            source = SourceRef(name=who, kind="organisation", aliases=(who,))
            found.append(
                replace(
                    base,
                    start=start,
                    end=end,
                    evidence=match.group(0),
                    text=f"{who}: about {value:,.0f} ({base.measure})"[:500],
                    source=source,
                    source_mention=who,
                    attributed=True,
                    cue=match.group("verb"),
                    low=value,
                    high=value,
                    low_open=False,
                    high_open=False,
                    approximate=True,
                    hedged=False,
                    negated=False,
                    quantity_text=match.group(0),
                )
            )
    return found
