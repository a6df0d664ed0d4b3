"""Measure families for the detectors: which families nest inside others and how each moves
over time. Everything here is read from the one table in `claims/extraction/families.py`.

Pure module (standard library only).
"""

from __future__ import annotations

from claims.extraction.families import (
    BY_NAME,
    FAMILY_PARENTS,
    Behaviour,
    behaviour_of,
    figure_name,
)

__all__ = [
    "CUMULATIVE_FAMILIES",
    "FAMILY_PARENTS",
    "STATE_FAMILIES",
    "comparable_families",
    "family_relation",
    "figure_name",
    "is_cumulative",
    "is_event",
    "is_state",
    "is_tally",
    "parent_of",
]

# A child family is counted inside its parent: every death is a casualty, so "no casualties"
# contradicts "six killed", while "no deaths" does not contradict "six casualties".
CUMULATIVE_FAMILIES: frozenset[str] = frozenset(
    name for name, family in BY_NAME.items() if family.behaviour is Behaviour.CUMULATIVE
)
STATE_FAMILIES: frozenset[str] = frozenset(
    name for name, family in BY_NAME.items() if family.behaviour is Behaviour.STATE
)


def parent_of(family: str | None) -> str | None:
    """Return the parent family that ``family`` is counted in, or None."""
    if family is None:
        return None
    return FAMILY_PARENTS.get(family)


def is_cumulative(family: str | None) -> bool:
    """Return True when figures of ``family`` only grow over time (tolls, arrests, ...)."""
    return behaviour_of(family) is Behaviour.CUMULATIVE


def is_state(family: str | None) -> bool:
    """Return True when ``family`` is the state of things at a moment (missing, trapped, a
    price): it may move either way between reports."""
    return behaviour_of(family) is Behaviour.STATE


def is_tally(family: str | None) -> bool:
    """Return True when ``family`` is one count's result for a holder (votes, a share of the
    vote): its source's own figures move either way, a rival source's differ."""
    return behaviour_of(family) is Behaviour.TALLY


def is_event(family: str | None) -> bool:
    """Return True when ``family`` counts one event of one day (a crowd, a salvo)."""
    return behaviour_of(family) is Behaviour.EVENT


def family_relation(a: str | None, b: str | None) -> str | None:
    """Return how family ``a`` relates to family ``b``.

    "same" (equal families), "child" (a is counted inside b), "parent" (b is counted
    inside a), or None when they are not comparable (including either being None).
    """
    if a is None or b is None:
        return None
    if a == b:
        return "same"
    if parent_of(a) == b:
        return "child"
    if parent_of(b) == a:
        return "parent"
    return None


def comparable_families(family: str | None) -> frozenset[str]:
    """Return every family a claim of ``family`` can be compared with (itself, parent, children).

    Meant for the database layer, which retrieves candidate pairs by family slot key.
    """
    if family is None:
        return frozenset()
    related = {family}
    parent = parent_of(family)
    if parent is not None:
        related.add(parent)
    related.update(child for child, par in FAMILY_PARENTS.items() if par == family)
    return frozenset(related)
