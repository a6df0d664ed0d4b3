"""Polarity detector: "none" against a positive count, and a statement against its negation.

Pure module (standard library only). Zero-versus-positive is checked across a family and
its parent too: "no casualties" contradicts "six killed" in the same scope.
"""

from __future__ import annotations

from pathlib import Path

from claims.extraction import families as families_table
from claims.extraction.stamps import source_stamp
from verification.detectors.base import (
    BETWEEN_SOURCES,
    CONTRADICTION,
    CORRECTION,
    ClaimFacts,
    Finding,
    approximate_factor,
    capitalise,
    compatible_scope,
    containment,
    correction_applies,
    describe_claim,
    describe_quantity,
    finding_kind,
    has_value,
    hedge_factor,
    is_positive,
    is_zero,
    make_finding,
    order,
    place,
    same_unit,
    says,
    two_sides,
)
from verification.detectors.families import family_relation

NAME = "polarity"
# A hash of this detector, the shared comparison rules and the families table (see stamps.py).
VERSION = source_stamp(
    "polarity",
    [Path(__file__), Path(__file__).with_name("base.py"), Path(families_table.__file__)],
)

# "None" vs a positive count in the very same slot is about as clear as conflicts get;
# through a part/total or a parent family it depends on more extraction decisions.
ZERO_SAME_SLOT_CONFIDENCE = 0.9
ZERO_PART_TOTAL_CONFIDENCE = 0.85
ZERO_PARENT_FAMILY_CONFIDENCE = 0.8
# Statement keys are a coarse normalisation of predicate + object, so a negation match is
# less certain than a numeric one.
NEGATION_CONFIDENCE = 0.8


def compare(a: ClaimFacts, b: ClaimFacts) -> Finding | None:
    """Return a Finding for zero-vs-positive counts or negated-vs-affirmed statements, else None.

    Across versions of one article, a change in a version labelled as corrected is a
    "correction"; everything else found here is a "contradiction".
    """
    if a.id == b.id:
        return None
    if a.kind == "quantity" and b.kind == "quantity":
        return _zero_vs_positive(a, b)
    if a.kind == "statement" and b.kind == "statement":
        return _negation(a, b)
    return None


def _zero_vs_positive(a: ClaimFacts, b: ClaimFacts) -> Finding | None:
    if not (has_value(a) and has_value(b)) or not same_unit(a, b):
        return None
    if is_zero(a) and is_positive(b):
        zero, positive = a, b
    elif is_zero(b) and is_positive(a):
        zero, positive = b, a
    else:
        return None
    if zero.hedged:
        # "No immediate reports of casualties" records an absence of information, not an
        # assertion that nobody was hurt: later counts are news, not a contradiction.
        return None
    relation = containment(positive, zero)
    # Only a zero that covers the positive claim's slot is contradicted: "no deaths among
    # French forces" says nothing about the total, and "no deaths" none about casualties.
    if relation == "same":
        confidence = ZERO_SAME_SLOT_CONFIDENCE
        why_same = "a count of none and a positive count cannot both be true"
    elif relation == "a_in_b":
        if family_relation(positive.family, zero.family) == "same":
            confidence = ZERO_PART_TOTAL_CONFIDENCE
            why_same = "a part cannot be positive when the total is none"
        else:
            confidence = ZERO_PARENT_FAMILY_CONFIDENCE
            why_same = (
                f"{positive.measure} are counted among {zero.measure}, "
                f'so "no {zero.measure}" cannot hold'
            )
    else:
        return None

    earlier, later, ordered = order(a, b)
    kind = finding_kind(a, b)
    confidence *= hedge_factor(a, b) * approximate_factor(a, b)
    timed = kind != BETWEEN_SOURCES and ordered
    if timed and correction_applies(earlier, later):
        return _correction(earlier, later, kind, confidence)
    if timed and earlier is zero:
        why = "a later positive count contradicts the earlier report of none"
    elif timed:
        why = "a later report of none contradicts the earlier positive count"
    else:
        why = why_same
    if timed and relation != "same":
        # Across time the slots still differ, so say why the two counts are linked.
        why = f"{why}, and {why_same}"
    opening = two_sides(
        earlier, describe_quantity(earlier), later, describe_quantity(later), kind, past_first=timed
    )
    return _finding(
        earlier, later, kind, CONTRADICTION, f"{capitalise(opening)}: {why}.", confidence
    )


def _negation(a: ClaimFacts, b: ClaimFacts) -> Finding | None:
    if a.statement_key is None or a.statement_key != b.statement_key:
        return None
    if a.negated == b.negated or not compatible_scope(a, b):
        return None
    earlier, later, ordered = order(a, b)
    kind = finding_kind(a, b)
    confidence = NEGATION_CONFIDENCE * hedge_factor(a, b)
    timed = kind != BETWEEN_SOURCES and ordered
    if timed and correction_applies(earlier, later):
        return _correction(earlier, later, kind, confidence)
    if timed:
        why = (
            "the later claim denies what the earlier one affirmed"
            if later.negated
            else "the later claim affirms what the earlier one denied"
        )
    else:
        why = "one affirms what the other denies"
    opening = two_sides(
        earlier, describe_claim(earlier), later, describe_claim(later), kind, past_first=timed
    )
    return _finding(
        earlier, later, kind, CONTRADICTION, f"{capitalise(opening)}: {why}.", confidence
    )


def _correction(earlier: ClaimFacts, later: ClaimFacts, kind: str, confidence: float) -> Finding:
    reason = (
        f"{capitalise(place(later, kind))}, labelled as corrected, {says(later)} "
        f"{describe_claim(later)}, where {place(earlier, kind)} {says(earlier, past=True)} "
        f"{describe_claim(earlier)}: a published correction, not an unexplained change."
    )
    return _finding(earlier, later, kind, CORRECTION, reason, confidence)


def _finding(
    earlier: ClaimFacts, later: ClaimFacts, kind: str, relation: str, reason: str, confidence: float
) -> Finding:
    return make_finding(NAME, VERSION, earlier, later, kind, relation, reason, confidence)
