"""Plain data in and out of the extraction pipeline (no Django, no spaCy objects)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A paragraph to extract from: its text and where it starts in the version's body."""

    start: int
    text: str


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Who asserts a claim: the canonical name, its kind and every way the article named it."""

    name: str
    kind: str  # government, military, person, organisation, media, anonymous, unknown
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """One atomic claim with its evidence span (offsets into the version's body)."""

    start: int
    end: int
    text: str  # a readable one-line summary: "Iraqi military: no casualties (Iraqi forces)"
    evidence: str  # body[start:end]
    kind: str  # "quantity" | "statement"
    source: SourceRef
    source_mention: str
    attributed: bool
    cue: str = ""
    measure: str = ""
    family: str = ""
    scope: str = ""
    scope_key: str = ""
    statement_key: str = ""
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    unit: str | None = None
    approximate: bool = False
    hedged: bool = False
    negated: bool = False
    quantity_text: str = ""
    time_ref: str = ""  # the time the figure is given for ("1 p.m."), normalised


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    claims: tuple[ExtractedClaim, ...]
    version: str
    sources: tuple[SourceRef, ...] = field(default=())
    # What the article is about, for story grouping: {"entities": {name: n}, "terms": {lemma: n}}.
    signature: dict[str, dict[str, int]] = field(default_factory=dict)
