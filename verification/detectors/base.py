"""Types and shared helpers for the contradiction detectors.

Pure module (standard library only). Detectors receive two ``ClaimFacts`` at a time and
return at most one ``Finding``; nothing here needs all the claims of a story at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Protocol

from verification.detectors.families import family_relation

BETWEEN_SOURCES = "between_sources"
ACROSS_VERSIONS = "across_versions"
ACROSS_ARTICLES = "across_articles"

CONTRADICTION = "contradiction"
UPDATE = "update"
CORRECTION = "correction"

MIN_CONFIDENCE = 0.05
MAX_CONFIDENCE = 0.99

# Confidence multipliers shared by the detectors. A hedge ("reportedly") means the source
# itself is unsure, so the conflict is weaker evidence; it never hides the flag.
HEDGE_FACTOR = 0.6
BOTH_HEDGED_FACTOR = 0.85  # applied on top of HEDGE_FACTOR when both sides hedge
APPROXIMATE_FACTOR = 0.9


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """One atomic claim as the detectors see it (built by the database layer)."""

    id: str
    article: str
    version: int
    published_at: datetime | None
    corrected: bool
    kind: str
    measure: str
    family: str | None
    scope: str | None
    scope_key: str | None
    low: float | None
    high: float | None
    low_open: bool
    high_open: bool
    approximate: bool
    unit: str | None
    hedged: bool
    negated: bool
    source: str
    attributed: bool
    text: str
    statement_key: str | None = None
    time_ref: str | None = None  # the moment a figure is given for ("1 p.m."), normalised
    cue: str = ""  # the verb that credits it ("said", "verify"), lemma
    # published_at is only the earliest day an undated text can be from (the latest weekday it
    # names, read in its story), not a printed date.
    date_estimated: bool = False
    # The claim's sentence lowers the figure ("lowered the toll to around 1,000").
    lowered: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """A flagged relation between two claims; ``a`` is the earlier claim."""

    a: str
    b: str
    kind: str
    relation: str
    reason: str
    confidence: float
    detector: str
    detector_version: str


class Detector(Protocol):
    """What every detector exposes (modules satisfy it structurally)."""

    NAME: str
    VERSION: str

    def compare(self, a: ClaimFacts, b: ClaimFacts) -> Finding | None: ...


# ---------------------------------------------------------------------------
# Intervals


class Bounds(NamedTuple):
    """A numeric interval; missing ends are +-inf."""

    low: float
    high: float
    low_open: bool
    high_open: bool


def tolerance(value: float) -> float:
    """Return the slack granted to an approximate point value: max(5% of it, 1). ("close to
    700" is 665-735: "as many as 650" beside it disagrees; "about 1.2 million" is 1.14-1.26
    million.)"""
    return max(abs(value) * 0.05, 1.0)


def is_approximate_point(facts: ClaimFacts) -> bool:
    """Return True for "about 3,000"-style values: approximate and low == high."""
    return facts.approximate and facts.low is not None and facts.low == facts.high


def bounds(facts: ClaimFacts) -> Bounds:
    """Return the claim's interval, widened by the tolerance when it is an approximate point.

    Vague ranges that are already intervals ("dozens" = [24, inf)) are not widened.
    """
    if is_approximate_point(facts):
        assert facts.low is not None
        slack = tolerance(facts.low)
        return Bounds(facts.low - slack, facts.low + slack, False, False)
    low = -math.inf if facts.low is None else facts.low
    high = math.inf if facts.high is None else facts.high
    return Bounds(
        low,
        high,
        facts.low_open and facts.low is not None,
        facts.high_open and facts.high is not None,
    )


def has_value(facts: ClaimFacts) -> bool:
    """Return True when the claim carries at least one numeric bound."""
    return facts.low is not None or facts.high is not None


def above(x: Bounds, y: Bounds) -> bool:
    """Return True when every value of ``x`` is larger than every value of ``y``."""
    if x.low > y.high:
        return True
    # Touching ends only separate the intervals when one of the two ends is open.
    return x.low == y.high and (x.low_open or y.high_open)


def disjoint(x: Bounds, y: Bounds) -> bool:
    """Return True when the two intervals share no value."""
    return above(x, y) or above(y, x)


def is_zero(facts: ClaimFacts) -> bool:
    """Return True for an exact count of zero ("no casualties"); unit-bearing zeros excluded."""
    # A 0% change or a price of 0 is an ordinary number, not the absence of something.
    return facts.unit is None and facts.low == 0 and facts.high == 0


def is_positive(facts: ClaimFacts) -> bool:
    """Return True when the claim rules out zero (after the approximate tolerance)."""
    if not has_value(facts):
        return False
    b = bounds(facts)
    return b.low > 0 or (b.low == 0 and b.low_open)


def same_unit(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Return True when both units are equal (None == None), ignoring case and spaces."""
    ua = a.unit.strip().lower() if a.unit is not None else None
    ub = b.unit.strip().lower() if b.unit is not None else None
    return ua == ub


# ---------------------------------------------------------------------------
# Slots


def containment(a: ClaimFacts, b: ClaimFacts) -> str | None:
    """Return how the slots of ``a`` and ``b`` relate.

    "same" (same family and scope), "a_in_b" (a is a part of b's total), "b_in_a", or None
    when the claims are not comparable (different families, two different scopes).
    """
    rel = family_relation(a.family, b.family)
    if rel is None:
        return None
    if rel == "same":
        if a.scope_key == b.scope_key:
            return "same"
        if b.scope_key is None:
            return "a_in_b"
        if a.scope_key is None:
            return "b_in_a"
        return None
    # Parent/child families: the child sits inside the parent when the parent's scope is
    # the same or the whole event.
    if rel == "child" and (b.scope_key is None or a.scope_key == b.scope_key):
        return "a_in_b"
    if rel == "parent" and (a.scope_key is None or a.scope_key == b.scope_key):
        return "b_in_a"
    return None


def compatible_scope(a: ClaimFacts, b: ClaimFacts) -> bool:
    """Return False only when both claims have different non-None scope keys."""
    return a.scope_key is None or b.scope_key is None or a.scope_key == b.scope_key


# ---------------------------------------------------------------------------
# Time order and kind


def order(a: ClaimFacts, b: ClaimFacts) -> tuple[ClaimFacts, ClaimFacts, bool]:
    """Return (earlier, later, time_ordered).

    Sorted by published_at, then version, then id. ``time_ordered`` is True only when the
    order means something: distinct publication times, or two versions of one article.
    """
    if (
        a.published_at is not None
        and b.published_at is not None
        and a.published_at != b.published_at
        # An undated copy's earliest possible day orders it only against other days.
        and not (
            (a.date_estimated or b.date_estimated)
            and a.published_at.date() == b.published_at.date()
        )
    ):
        return (a, b, True) if a.published_at < b.published_at else (b, a, True)
    if a.version != b.version:
        earlier, later = (a, b) if a.version < b.version else (b, a)
        return earlier, later, a.article == b.article
    return ((a, b) if a.id <= b.id else (b, a)) + (False,)


def finding_kind(a: ClaimFacts, b: ClaimFacts) -> str:
    """Return "between_sources", "across_versions" or "across_articles" for the pair."""
    if a.article != b.article:
        return ACROSS_ARTICLES
    if a.version == b.version:
        return BETWEEN_SOURCES
    return ACROSS_VERSIONS


def correction_applies(earlier: ClaimFacts, later: ClaimFacts) -> bool:
    """Return True when the later claim sits in a corrected version of the same article."""
    # A correction label only speaks for its own article's earlier versions.
    return later.corrected and later.article == earlier.article and later.version > earlier.version


def clamp(confidence: float) -> float:
    """Return ``confidence`` limited to [0.05, 0.99] and rounded to 3 places."""
    return round(min(MAX_CONFIDENCE, max(MIN_CONFIDENCE, confidence)), 3)


def hedge_factor(a: ClaimFacts, b: ClaimFacts) -> float:
    """Return the confidence multiplier for hedges on either side (1.0 when none)."""
    if a.hedged and b.hedged:
        return HEDGE_FACTOR * BOTH_HEDGED_FACTOR
    if a.hedged or b.hedged:
        return HEDGE_FACTOR
    return 1.0


def approximate_factor(a: ClaimFacts, b: ClaimFacts) -> float:
    """Return the confidence multiplier for approximate values on either side."""
    return APPROXIMATE_FACTOR if a.approximate or b.approximate else 1.0


# ---------------------------------------------------------------------------
# Words


def format_number(value: float) -> str:
    """Return ``value`` as a reader writes it: "3,000", "4.5", "-2"."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _with_unit(number: str, unit: str | None) -> str:
    if unit is None:
        return number
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}"


def describe_value(facts: ClaimFacts) -> str:
    """Return the claim's value in words a person reads.

    Examples: "22", "none", "about 3,000", "at least 24", "more than 12", "fewer than 5",
    "between 10 and 12", "an unspecified number".
    """
    low, high, unit = facts.low, facts.high, facts.unit
    if low is None and high is None:
        return "an unspecified number"
    if is_zero(facts):
        return "none"
    if low is not None and low == high:
        text = _with_unit(format_number(low), unit)
        return f"about {text}" if facts.approximate else text
    if high is None:
        assert low is not None
        word = "more than" if facts.low_open else "at least"
        return f"{word} {_with_unit(format_number(low), unit)}"
    if low is None:
        word = "fewer than" if facts.high_open else "at most"
        return f"{word} {_with_unit(format_number(high), unit)}"
    if facts.low_open or facts.high_open:
        lo = ("more than " if facts.low_open else "at least ") + format_number(low)
        hi = ("fewer than " if facts.high_open else "at most ") + format_number(high)
        text = _with_unit(f"{lo} and {hi}", unit)
    else:
        text = _with_unit(f"between {format_number(low)} and {format_number(high)}", unit)
    return f"roughly {text}" if facts.approximate else text


def describe_quantity(facts: ClaimFacts, *, in_all: bool = False) -> str:
    """Return a noun phrase for a quantity claim: "22 missiles fired (Ain al-Asad)".

    Zero counts read "no casualties"; unit-bearing values read "price of bread at 4.5 USD".
    ``in_all`` marks an unscoped total ("22 missiles fired in all").
    """
    if is_zero(facts):
        phrase = f"no {facts.measure}"
    elif facts.unit is not None:
        phrase = f"{facts.measure} at {describe_value(facts)}"
    else:
        phrase = f"{describe_value(facts)} {facts.measure}"
    if facts.scope:
        phrase += f" ({facts.scope})"
    elif in_all:
        phrase += " in all"
    return phrase


def describe_claim(facts: ClaimFacts) -> str:
    """Return a short phrase for any claim: a quantity phrase, or the quoted statement text."""
    if facts.kind == "quantity" and has_value(facts):
        return describe_quantity(facts)
    text = " ".join(facts.text.split())
    if len(text) > 90:
        text = text[:87].rstrip() + "..."
    return f'"{text}"'


def says(facts: ClaimFacts, *, past: bool = False) -> str:
    """Return "<source> says" (or "reported tentatively" wording when the claim is hedged)."""
    if facts.hedged:
        verb = "tentatively reported" if past else "tentatively reports"
    else:
        verb = "said" if past else "says"
    return f"{facts.source} {verb}"


def tag(facts: ClaimFacts, kind: str) -> str:
    """Return "<source>" plus where it appeared when that matters: "Reuters, version 2"."""
    if kind == ACROSS_VERSIONS:
        return f"{facts.source}, version {facts.version}"
    if kind == ACROSS_ARTICLES:
        if facts.published_at is not None and facts.date_estimated:
            return f"{facts.source}, article {facts.article} (undated, {_day(facts)} or later)"
        if facts.published_at is not None:
            return f"{facts.source}, {_when(facts.published_at)}"
        return f"{facts.source}, article {facts.article}"
    return facts.source


def place(facts: ClaimFacts, kind: str) -> str:
    """Return an introductory phrase: "in version 2", "on 8 Jan 2024 at 14:05 UTC", ""."""
    if kind == ACROSS_VERSIONS:
        return f"in version {facts.version}"
    if kind == ACROSS_ARTICLES:
        if facts.published_at is not None and facts.date_estimated:
            return f"in article {facts.article} (undated, {_day(facts)} or later)"
        if facts.published_at is not None:
            return f"on {_when(facts.published_at)}"
        return f"in article {facts.article}"
    return ""


def _when(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y} at {moment:%H:%M} UTC"


def _day(facts: ClaimFacts) -> str:
    moment = facts.published_at
    return f"{moment.day} {moment:%b %Y}" if moment is not None else ""


def two_sides(
    first: ClaimFacts,
    first_phrase: str,
    second: ClaimFacts,
    second_phrase: str,
    kind: str,
    *,
    past_first: bool = False,
) -> str:
    """Return the opening of a reason: who says what on each side, without the "why".

    Same article and version with one source reads "The article contradicts itself: ...".
    """
    if kind == BETWEEN_SOURCES:
        if first.source == second.source:
            return (
                f"The article contradicts itself: {says(first)} {first_phrase} "
                f"and also {second_phrase}"
            )
        return f"{says(first)} {first_phrase}, but {says(second)} {second_phrase}"
    return (
        f"{place(first, kind)}, {says(first, past=past_first)} {first_phrase}, "
        f"but {place(second, kind)}, {says(second)} {second_phrase}"
    )


def capitalise(sentence: str) -> str:
    """Return ``sentence`` with its first letter upper-cased (source names may be lower)."""
    return sentence[:1].upper() + sentence[1:]


def make_finding(
    detector: str,
    detector_version: str,
    earlier: ClaimFacts,
    later: ClaimFacts,
    kind: str,
    relation: str,
    reason: str,
    confidence: float,
) -> Finding:
    """A Finding from the earlier claim to the later one, confidence kept within bounds."""
    return Finding(
        a=earlier.id,
        b=later.id,
        kind=kind,
        relation=relation,
        reason=reason,
        confidence=clamp(confidence),
        detector=detector,
        detector_version=detector_version,
    )
