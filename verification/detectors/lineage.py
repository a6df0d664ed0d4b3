"""Lineage: align the claims of two consecutive versions of one article and label each change.

Pure module (standard library only). Matching runs in passes of decreasing strictness, each
a dictionary bucketing (linear), with difflib only inside small buckets, so a few hundred
claims per version align quickly and always the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from claims.extraction import families as families_table
from claims.extraction.stamps import source_stamp
from verification.detectors.base import (
    ClaimFacts,
    describe_claim,
    describe_value,
    has_value,
    is_positive,
    is_zero,
)

NAME = "lineage"
# A hash of this detector, the shared comparison rules and the families table (see stamps.py).
VERSION = source_stamp(
    "lineage",
    [Path(__file__), Path(__file__).with_name("base.py"), Path(families_table.__file__)],
)

UNCHANGED = "unchanged"
ADDED = "added"
REMOVED = "removed"
VALUE_CHANGED = "value_changed"
HEDGE_CHANGED = "hedge_changed"
SOURCE_CHANGED = "source_changed"
NEGATION_FLIPPED = "negation_flipped"

# Text-similarity fallback: matches need a difflib ratio of at least this on digit-masked
# text. In buckets larger than PAIR_BUDGET pairs each claim is only compared with a
# SHORTLIST chosen among its LENGTH_WINDOW nearest neighbours by text length (a ratio
# >= 0.75 needs lengths within a factor of 0.6 anyway) by shared words, and the full
# ratio is computed at most MAX_RATIO_CALLS times, which keeps the fallback near-linear.
SIMILARITY_THRESHOLD = 0.75
PAIR_BUDGET = 400
LENGTH_WINDOW = 40
SHORTLIST = 5
MAX_RATIO_CALLS = 1500
MAX_TEXT = 200
# Texts sharing fewer than this share of words (Dice) never reach a 0.75 character ratio
# in practice, so they skip difflib entirely.
MIN_WORD_OVERLAP = 0.4

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class LineageLink:
    """One claim's fate between two versions; ids are None for added/removed claims."""

    previous_id: str | None
    current_id: str | None
    label: str
    detail: str


def align_versions(
    previous: Sequence[ClaimFacts], current: Sequence[ClaimFacts]
) -> list[LineageLink]:
    """Return one LineageLink per claim of either version, matched one-to-one.

    Passes: same (family, scope, source, measure) slot; same (family, scope); same
    statement_key; digit-masked text similarity >= 0.75. Output follows the current
    version's order, then removed claims in the previous version's order.
    """
    prev_left = set(range(len(previous)))
    cur_left = set(range(len(current)))
    matches: dict[int, int] = {}  # current index -> previous index

    passes: list[Callable[[ClaimFacts], Hashable | None]] = [
        _slot_key,
        _family_scope_key,
        _statement_key,
    ]
    for key in passes:
        _match_by_key(previous, current, prev_left, cur_left, matches, key)
    _match_by_text(previous, current, prev_left, cur_left, matches)
    # Last, a figure of the same family whose scope reading changed ("two miners killed" ->
    # "the death toll rose to six"); only where one claim of the family is left on each side,
    # so that nothing is paired by guesswork.
    _match_unique(previous, current, prev_left, cur_left, matches, _family_key)

    links: list[LineageLink] = []
    for ci, claim in enumerate(current):
        pi = matches.get(ci)
        if pi is None:
            links.append(LineageLink(None, claim.id, ADDED, f"New: {_summary(claim)}."))
        else:
            links.append(_link(previous[pi], claim))
    for pi in sorted(prev_left):
        claim = previous[pi]
        links.append(LineageLink(claim.id, None, REMOVED, f"Dropped: {_summary(claim)}."))
    return links


# ---------------------------------------------------------------------------
# Keys


def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", (text or "").strip().lower())


def _slot_key(f: ClaimFacts) -> Hashable | None:
    if f.kind == "statement":
        # A statement's slot is its predicate+object, so "hit" and "did not hit" share it;
        # without a key only the text can tell two statements of one source apart.
        if f.statement_key is None:
            return None
        return ("s", f.statement_key, f.scope_key, f.source)
    return (f.kind, f.family, f.scope_key, f.source, _norm(f.measure), _norm(f.unit))


def _family_key(f: ClaimFacts) -> Hashable | None:
    if f.kind != "quantity" or f.family is None:
        return None
    return (f.family, _norm(f.unit))


def _match_unique(
    previous: Sequence[ClaimFacts],
    current: Sequence[ClaimFacts],
    prev_left: set[int],
    cur_left: set[int],
    matches: dict[int, int],
    key: Callable[[ClaimFacts], Hashable | None],
) -> None:
    """Pair the leftovers whose key is held by exactly one claim on each side."""
    before: dict[Hashable, list[int]] = defaultdict(list)
    after: dict[Hashable, list[int]] = defaultdict(list)
    for pi in prev_left:
        k = key(previous[pi])
        if k is not None:
            before[k].append(pi)
    for ci in cur_left:
        k = key(current[ci])
        if k is not None:
            after[k].append(ci)
    for k, cis in after.items():
        pis = before.get(k, [])
        if len(cis) == 1 and len(pis) == 1:
            matches[cis[0]] = pis[0]
            cur_left.discard(cis[0])
            prev_left.discard(pis[0])


def _family_scope_key(f: ClaimFacts) -> Hashable | None:
    if f.kind != "quantity" or f.family is None:
        return None
    return (f.family, f.scope_key, _norm(f.unit))


def _statement_key(f: ClaimFacts) -> Hashable | None:
    if f.kind != "statement" or f.statement_key is None:
        return None
    return f.statement_key


def _masked(f: ClaimFacts) -> str:
    # Evidence texts are short; the cap bounds difflib's quadratic worst case.
    return _SPACE.sub(" ", _DIGITS.sub("#", f.text.lower())).strip()[:MAX_TEXT]


def _text_bucket(f: ClaimFacts) -> Hashable:
    # Quantities compare within their family; statements and unclassified figures within
    # their source, so the fallback never compares everything with everything.
    if f.kind == "quantity" and f.family is not None:
        return ("family", f.family)
    return ("source", f.kind, f.source)


# ---------------------------------------------------------------------------
# Matching


def _match_by_key(
    previous: Sequence[ClaimFacts],
    current: Sequence[ClaimFacts],
    prev_left: set[int],
    cur_left: set[int],
    matches: dict[int, int],
    key: Callable[[ClaimFacts], Hashable | None],
) -> None:
    prev_buckets: dict[Hashable, list[int]] = defaultdict(list)
    for pi in sorted(prev_left):
        k = key(previous[pi])
        if k is not None:
            prev_buckets[k].append(pi)
    cur_buckets: dict[Hashable, list[int]] = defaultdict(list)
    for ci in sorted(cur_left):
        k = key(current[ci])
        if k is not None and k in prev_buckets:
            cur_buckets[k].append(ci)
    for k, cis in cur_buckets.items():
        for pi, ci in _pair_bucket(previous, current, prev_buckets[k], cis):
            matches[ci] = pi
            prev_left.discard(pi)
            cur_left.discard(ci)


def _pair_bucket(
    previous: Sequence[ClaimFacts], current: Sequence[ClaimFacts], pis: list[int], cis: list[int]
) -> list[tuple[int, int]]:
    """Pair one bucket one-to-one: identical values first, then by shared words."""
    if len(pis) == 1 and len(cis) == 1:
        return [(pis[0], cis[0])]
    if len(pis) * len(cis) > PAIR_BUDGET:
        # Huge buckets are rare (one source repeating one measure); pair in document order.
        return list(zip(pis, cis, strict=False))
    scored = []
    for pi in pis:
        for ci in cis:
            p, c = previous[pi], current[ci]
            same_value = _value_signature(p) == _value_signature(c)
            # Word overlap is enough to break ties inside one slot and costs far less
            # than difflib, which is kept for the unkeyed fallback.
            overlap = _dice(frozenset(_masked(p).split()), frozenset(_masked(c).split()))
            scored.append((-int(same_value), -overlap, pi, ci))
    return _greedy(scored)


def _greedy(scored: list[tuple[Any, ...]]) -> list[tuple[int, int]]:
    scored.sort()
    used_p: set[int] = set()
    used_c: set[int] = set()
    pairs = []
    for *_, pi, ci in scored:
        if pi in used_p or ci in used_c:
            continue
        used_p.add(pi)
        used_c.add(ci)
        pairs.append((pi, ci))
    return pairs


def _match_by_text(
    previous: Sequence[ClaimFacts],
    current: Sequence[ClaimFacts],
    prev_left: set[int],
    cur_left: set[int],
    matches: dict[int, int],
) -> None:
    prev_buckets: dict[Hashable, list[int]] = defaultdict(list)
    for pi in sorted(prev_left):
        prev_buckets[_text_bucket(previous[pi])].append(pi)
    cur_buckets: dict[Hashable, list[int]] = defaultdict(list)
    for ci in sorted(cur_left):
        cur_buckets[_text_bucket(current[ci])].append(ci)

    budget = MAX_RATIO_CALLS
    for bucket in sorted(cur_buckets, key=repr):
        pis = prev_buckets.get(bucket)
        if not pis:
            continue
        cis = cur_buckets[bucket]
        masked_p = {pi: _masked(previous[pi]) for pi in pis}
        masked_c = {ci: _masked(current[ci]) for ci in cis}
        words_p = {pi: frozenset(text.split()) for pi, text in masked_p.items()}
        large = len(pis) * len(cis) > PAIR_BUDGET
        scored = []
        for ci in cis:
            text = masked_c[ci]
            words = frozenset(text.split())
            candidates = _candidates(pis, masked_p, words_p, text) if large else pis
            for pi in candidates:
                if budget <= 0:
                    break
                if _dice(words, words_p[pi]) < MIN_WORD_OVERLAP:
                    continue
                matcher = SequenceMatcher(None, masked_p[pi], text, autojunk=False)
                if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD:
                    continue
                if matcher.quick_ratio() < SIMILARITY_THRESHOLD:
                    continue
                budget -= 1
                ratio = matcher.ratio()
                if ratio >= SIMILARITY_THRESHOLD:
                    scored.append((-ratio, pi, ci))
        for pi, ci in _greedy(scored):
            matches[ci] = pi
            prev_left.discard(pi)
            cur_left.discard(ci)


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    total = len(a) + len(b)
    return 2 * len(a & b) / total if total else 1.0


def _candidates(
    pis: list[int], masked_p: dict[int, str], words_p: dict[int, frozenset[str]], text: str
) -> list[int]:
    """Shortlist for a large bucket: nearest by length, then the best by shared words."""
    near = sorted(pis, key=lambda pi: (abs(len(masked_p[pi]) - len(text)), pi))[:LENGTH_WINDOW]
    words = frozenset(text.split())
    ranked = sorted(near, key=lambda pi: (-_dice(words, words_p[pi]), pi))
    return ranked[:SHORTLIST]


# ---------------------------------------------------------------------------
# Labels


def _value_signature(f: ClaimFacts) -> tuple[Any, ...]:
    return (f.low, f.high, f.low_open, f.high_open, f.approximate, _norm(f.unit))


def _flipped(p: ClaimFacts, c: ClaimFacts) -> bool:
    if p.negated != c.negated:
        return True
    if p.kind == "quantity" and c.kind == "quantity":
        return (is_zero(p) and is_positive(c)) or (is_positive(p) and is_zero(c))
    return False


def _label(p: ClaimFacts, c: ClaimFacts) -> str:
    if _flipped(p, c):
        return NEGATION_FLIPPED
    if p.kind == "quantity" and c.kind == "quantity" and _value_signature(p) != _value_signature(c):
        return VALUE_CHANGED
    if p.source != c.source:
        return SOURCE_CHANGED
    if p.hedged != c.hedged:
        return HEDGE_CHANGED
    return UNCHANGED


def _link(p: ClaimFacts, c: ClaimFacts) -> LineageLink:
    label = _label(p, c)
    sources = c.source if p.source == c.source else f"{p.source} -> {c.source}"
    if label == NEGATION_FLIPPED and not (has_value(p) and has_value(c)):
        before = "denied" if p.negated else "affirmed"
        after = "denied" if c.negated else "affirmed"
        detail = f"{before} -> {after}: {describe_claim(c)} ({sources})"
    elif label in (NEGATION_FLIPPED, VALUE_CHANGED):
        detail = f"{describe_value(p)} -> {describe_value(c)} {c.measure}{_scope(c)} ({sources})"
    elif label == SOURCE_CHANGED:
        detail = f"{_phrase(c)}: source {sources}"
    elif label == HEDGE_CHANGED:
        before = "hedged" if p.hedged else "firm"
        after = "hedged" if c.hedged else "firm"
        detail = f"{_phrase(c)} ({sources}): {before} -> {after}"
    else:
        detail = f"{_phrase(c)} ({sources})"
    return LineageLink(p.id, c.id, label, detail)


def _scope(f: ClaimFacts) -> str:
    return f", {f.scope}" if f.scope else ""


def _phrase(f: ClaimFacts) -> str:
    # Scope after a comma so the source can take the parentheses: "3 killed, Mosul (AP)".
    if f.kind == "quantity" and has_value(f):
        value = f"no {f.measure}" if is_zero(f) else f"{describe_value(f)} {f.measure}"
        return value + _scope(f)
    return describe_claim(f)


def _summary(f: ClaimFacts) -> str:
    return f"{_phrase(f)} ({f.source})"
