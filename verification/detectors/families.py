"""Measure families: which slot families nest inside others and which ones only grow.

Pure module (standard library only). The extraction layer assigns each quantity claim a
``family`` such as "deaths" or "missiles"; the detectors use this module to decide whether
two families are comparable and whether a changing figure is an update or a contradiction.
"""

from __future__ import annotations

# A child family is counted inside its parent: every death is a casualty, so "no casualties"
# contradicts "six killed", while "no deaths" does not contradict "six casualties".
FAMILY_PARENTS: dict[str, str] = {
    "deaths": "casualties",
    "injuries": "casualties",
    "missing": "casualties",
    # People taken to hospital were hurt: "no injuries" contradicts "three hospitalised".
    "hospitalised": "injuries",
}

# Running totals that reporters revise upwards as information arrives. A later, larger
# figure in these families is an update; a later, smaller one means something was wrong.
CUMULATIVE_FAMILIES: frozenset[str] = frozenset(
    {
        "deaths",
        "injuries",
        "casualties",
        "arrests",
        "detained",
        "displaced",
        "evacuated",
        "refugees",
        "cases",
        "rescued",
        "damaged_buildings",
        "destroyed_buildings",
    }
)

# Figures of the state of things at a moment: they go up and down as an event unfolds (the
# missing are found, the trapped are brought out, a share price moves). Two such figures given
# for different moments are an update; for the same stated moment they must agree.
STATE_FAMILIES: frozenset[str] = frozenset(
    {"missing", "trapped", "hospitalised", "stranded", "without_power"}
)
STATE_PREFIXES = ("price", "percent")

# How a fact-checker names a running figure in a sentence ("The death toll rose ...").
_FIGURE_NAMES: dict[str, str] = {
    "deaths": "death toll",
    "casualties": "casualty toll",
    "injuries": "number of injured",
    "missing": "number of missing",
    "arrests": "number of arrests",
    "detained": "number of detained",
    "displaced": "number of displaced people",
    "evacuated": "number of evacuated people",
    "refugees": "number of refugees",
    "cases": "case count",
    "hospitalised": "number of people in hospital",
    "trapped": "number of people trapped",
    "rescued": "number of people rescued",
}


def parent_of(family: str | None) -> str | None:
    """Return the parent family that ``family`` is counted in, or None."""
    if family is None:
        return None
    return FAMILY_PARENTS.get(family)


def is_cumulative(family: str | None) -> bool:
    """Return True when figures of ``family`` only grow over time (tolls, arrests, ...)."""
    return family is not None and family in CUMULATIVE_FAMILIES


def is_state(family: str | None) -> bool:
    """Return True when ``family`` is the state of things at a moment (missing, trapped, a
    price): it may move either way between reports."""
    if family is None:
        return False
    return family in STATE_FAMILIES or family.startswith(STATE_PREFIXES)


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


def figure_name(family: str | None, measure: str) -> str:
    """Return a plain noun phrase for the running figure ("death toll", "figure for X")."""
    if family is not None and family in _FIGURE_NAMES:
        return _FIGURE_NAMES[family]
    return f"figure for {measure}"
