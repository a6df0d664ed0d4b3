"""Numeric detector: two figures for the same slot (or a part and its total) that cannot both hold.

Pure module (standard library only). Zero-versus-positive pairs belong to the polarity
detector, so the two never report the same pair twice.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from claims.extraction import families as families_table
from claims.extraction.stamps import source_stamp
from verification.detectors.base import (
    ACROSS_ARTICLES,
    BETWEEN_SOURCES,
    CONTRADICTION,
    CORRECTION,
    UPDATE,
    ClaimFacts,
    Finding,
    above,
    approximate_factor,
    bounds,
    capitalise,
    containment,
    correction_applies,
    describe_quantity,
    describe_value,
    disjoint,
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
    tag,
    two_sides,
)
from verification.detectors.families import (
    family_relation,
    figure_name,
    is_cumulative,
    is_event,
    is_state,
    is_tally,
)

NAME = "numeric"
# A hash of this detector, the shared comparison rules and the families table (see stamps.py).
VERSION = source_stamp(
    "numeric",
    [Path(__file__), Path(__file__).with_name("base.py"), Path(families_table.__file__)],
)

# Base confidence by how directly the two figures are comparable. A part/total conflict
# depends on the extractor's scope reading, a parent/child one also on how the outlet
# defines "casualties", so each is a little less certain.
SAME_SLOT_CONFIDENCE = 0.9
PART_TOTAL_CONFIDENCE = 0.8
PARENT_FAMILY_CONFIDENCE = 0.7
# Without a time order, two tolls from different articles may be an unordered update.
UNORDERED_CUMULATIVE_FACTOR = 0.85
# How sure a rising cumulative figure is an update rather than a clash.
UPDATE_SAME_ARTICLE_CONFIDENCE = 0.85
UPDATE_OTHER_ARTICLE_CONFIDENCE = 0.7
UPDATE_SAME_SOURCE_BONUS = 0.05


def comparable(a: ClaimFacts, b: ClaimFacts) -> str | None:
    """Return the slot relation of two quantity claims ("same", "a_in_b", "b_in_a") or None.

    None when either is not a quantity, lacks a value, the units differ, the families are
    unrelated, or the scopes are two different non-None keys.
    """
    if a.kind != "quantity" or b.kind != "quantity":
        return None
    if not (has_value(a) and has_value(b)) or not same_unit(a, b):
        return None
    return containment(a, b)


def compare(a: ClaimFacts, b: ClaimFacts) -> Finding | None:
    """Return a Finding when the two figures cannot both hold, else None.

    Same slot: the intervals are disjoint. Part vs total: the part exceeds the total.
    Across time, a rising cumulative figure is an "update" and a corrected version a
    "correction"; everything else is a "contradiction".
    """
    if a.id == b.id:
        return None
    if a.negated or b.negated:
        return None  # a denied figure is the polarity detector's (it denies only that figure)
    relation = comparable(a, b)
    if relation is None:
        return None
    # Zero against a positive count is the polarity detector's finding.
    if (is_zero(a) and is_positive(b)) or (is_zero(b) and is_positive(a)):
        return None

    if relation == "same":
        part, total = None, None
        if not disjoint(bounds(a), bounds(b)) or _same_round_figure(a, b) or _rounded_alike(a, b):
            return None
    else:
        part, total = (a, b) if relation == "a_in_b" else (b, a)
        if part.family != total.family:
            # A family inside another ("500 missing" against "82 victims"): reports use the
            # wider word loosely (victims for the dead), so only a zero total is certain, and
            # that is the polarity detector's finding ("no casualties" against "six killed").
            return None
        if not above(bounds(part), bounds(total)):
            return None

    earlier, later, ordered = order(a, b)
    kind = finding_kind(a, b)
    cumulative = is_cumulative(a.family) and is_cumulative(b.family)
    if cumulative and a.hedged != b.hedged:
        # "Hundreds feared dead" against "78 bodies recovered": a confirmed toll lags the
        # estimates; only an estimate below the confirmed count disputes it.
        estimate, confirmed = (a, b) if a.hedged else (b, a)
        if above(bounds(estimate), bounds(confirmed)):
            return None
    floors = [c for c in (a, b) if c.cue in FLOOR_CUES]
    if part is None and len(floors) == 1 and a.source != b.source:
        # "Foro Penal has been able to verify 835 detainees" against the government's 2,000
        # arrested: a count established case by case is a floor of the total; only a total
        # below it disputes it.
        verified = floors[0]
        other = b if verified is a else a
        if not above(bounds(verified), bounds(other)):
            return None
    if part is None and is_tally(a.family) and is_tally(b.family):
        decided, finding = _tally(a, b, earlier, later, kind, ordered)
        if decided:
            return finding
    same_moment = same_day(a.time_ref or "", b.time_ref or "")
    if same_moment and kind == ACROSS_ARTICLES and _weekday_only(a.time_ref or ""):
        # "Thursday" in two articles is one day only when they were published the same week.
        gap = (
            abs(a.published_at - b.published_at)
            if a.published_at is not None and b.published_at is not None
            else None
        )
        same_moment = gap is not None and gap < timedelta(days=6)
    if part is None:
        rose = above(bounds(later), bounds(earlier))
    else:
        rose = part is later
    # One day's event (a crowd, a salvo): counts for two days are two events, and an undated
    # count in another article may be another day's.
    two_days = bool(a.time_ref and b.time_ref) or kind == ACROSS_ARTICLES
    if is_event(a.family) and is_event(b.family) and not same_moment and two_days:
        return None
    # Deaths dated by their own verb ("killed on Saturday", "died on Wednesday") belong to that
    # day's event: two days are two events (a second quake), never one total.
    events = [t for t in (a.time_ref or "", b.time_ref or "") if t.startswith("event ")]
    if len(events) == 2 and events[0] != events[1]:
        return None
    by_moment = moment_order(a, b)
    if cumulative and by_moment is not None and not same_moment:
        # A running total given for two days (or as an earlier report's figure): rising is an
        # update, falling a correction or a contradiction, in one text as across texts.
        first, then = by_moment
        went_up = (part is then) if part is not None else above(bounds(then), bounds(first))
        if correction_applies(first, then):
            return _correction(first, then, kind, part)
        if went_up:
            return _update(first, then, kind, part)
        return _contradiction(first, then, kind, True, part, total, cumulative)
    if a.time_ref and b.time_ref and not same_moment:
        if kind == BETWEEN_SOURCES:
            return None  # figures for two stated moments of one report ("at 9 a.m.", "by noon")
        # Figures for two stated moments: an update, except a running total that fell.
        if ordered and not correction_applies(earlier, later) and (rose or not cumulative):
            return _update(earlier, later, kind, part)
    state = is_state(a.family) and is_state(b.family)
    if state and kind != BETWEEN_SOURCES and ordered and not same_moment:
        # The missing are found, the trapped brought out: a later figure for a later moment.
        if correction_applies(earlier, later):
            return _correction(earlier, later, kind, part)
        return _update(earlier, later, kind, part)

    if kind != BETWEEN_SOURCES and ordered:
        if correction_applies(earlier, later):
            return _correction(earlier, later, kind, part)
        if cumulative and rose:
            return _update(earlier, later, kind, part)
    return _contradiction(earlier, later, kind, ordered, part, total, cumulative)


def _tally(
    a: ClaimFacts, b: ClaimFacts, earlier: ClaimFacts, later: ClaimFacts, kind: str, ordered: bool
) -> tuple[bool, Finding | None]:
    """Two figures of one count's result for one holder ("5.15 million votes for Maduro").

    Another source's different figure is a rival count of the same ballots: a contradiction
    whenever it was given (the opposition's tally sheets against the electoral council's
    bulletin). The same source's later figure is its count going on: an update, up or down
    (shares drift as ballots are added), or a correction in a corrected version. Returns
    (decided, finding); undecided when the general rules decide (one source, one text, no
    stated moments apart).
    """
    if a.source != b.source:
        if (
            kind == BETWEEN_SOURCES
            and a.time_ref
            and b.time_ref
            and not same_day(a.time_ref, b.time_ref)
        ):
            # One text's figures for two bulletins ("on Monday ... 44.2%", "on Friday, a
            # second bulletin ... 43.18%"): the count went on, whoever the text credits.
            return True, None
        return True, _contradiction(
            earlier,
            later,
            kind,
            ordered,
            None,
            None,
            False,
            why="two sources give different counts of the same ballots",
        )
    if kind == BETWEEN_SOURCES:
        if a.time_ref and b.time_ref and not same_day(a.time_ref, b.time_ref):
            return True, None  # one count's two bulletins in one text ("at 80%", "at 97% counted")
        return False, None
    if not ordered:
        return False, None
    if correction_applies(earlier, later):
        return True, _correction(earlier, later, kind, None)
    return True, _update(earlier, later, kind, None)


def _rounded_alike(a: ClaimFacts, b: ClaimFacts) -> bool:
    """ "1.1 million" against "1.12 million": the figure written with fewer significant digits
    (two at least: "100" against "130" is not a rounding) is the other rounded to them."""
    if a.low is None or a.low != a.high or b.low is None or b.low != b.high:
        return False
    if a.unit != b.unit or a.low == b.low:
        return False
    rough, fine = (a, b) if _significant(a.low) <= _significant(b.low) else (b, a)
    digits = _significant(rough.low or 0.0)
    if digits >= _significant(fine.low or 0.0):
        return False
    if digits < 2:
        # A round thousand or more ("2,000") is the other rounded when within 5% of it
        # ("2,053"); "100" against "130" is not a rounding.
        rough_value, fine_value = abs(rough.low or 0.0), abs(fine.low or 0.0)
        return rough_value >= 1000 and abs(fine_value - rough_value) <= 0.05 * rough_value
    if float(f"{fine.low:.{digits}g}") == rough.low:
        return True
    # Truncated rather than rounded ("2.75 million" for 2,759,256).
    fine_value, rough_value = abs(fine.low or 0.0), abs(rough.low or 0.0)
    scale = 10 ** (len(str(int(fine_value))) - digits)
    return scale >= 1 and (fine_value // scale) * scale == rough_value


def _significant(value: float) -> int:
    """Significant digits of a figure as written: 1,100,000 has 2, 1,120,000 has 3, 0.5 has 1."""
    text = f"{abs(value):.10g}".replace(".", "").lstrip("0")
    if "e" in text:
        return len(text.split("e")[0])
    return len(text.rstrip("0")) or 1


def _same_round_figure(a: ClaimFacts, b: ClaimFacts) -> bool:
    """ "more than 2,000" against "2,000": a round figure (hundreds) and a bound at the same
    number are the same report told twice, as a headline and its lead do."""
    for point, bound in ((a, b), (b, a)):
        value = point.low
        if value is None or value != point.high or value < 100 or value % 100:
            continue
        if (bound.low_open and bound.low == value) or (bound.high_open and bound.high == value):
            return True
    return False


# A sentence that lowers a running total: "lowered the death toll to around 1,000", "revised
# the toll down to 78", "the figure was reduced to".
LOWERED = re.compile(
    r"\b(?:lowered|lowers|lowering|reduced|reduces|downgraded|revised down|cut)\b"
    r"(?:\s+\S+){0,6}?\s+(?:toll|figure|number|count|tally)\b"
    r"|\b(?:toll|figure|number|count|tally)\s+(?:was|has been|had been)\s+"
    r"(?:lowered|reduced|revised down|downgraded|cut)\b"
    r"|\brevised\s+(?:\S+\s+){0,4}?(?:toll|figure|number|count|tally)\s+down\b",
    re.IGNORECASE,
)
STALE_RATIO = 1.5


def lowered_in(text: str) -> bool:
    """The sentence lowers a running total ("lowered the toll to around 1,000")."""
    return LOWERED.search(text) is not None


def _stale_after_revision(earlier: ClaimFacts, later: ClaimFacts) -> bool:
    """A running total lowered by its keeper, then given by another source at half again or
    more above it: that source repeats the figure the revision withdrew ("more than 2,000" a day
    after the ministry lowered the toll to around 1,000), not a rise. A smaller rise ("1,400")
    is the count going on after the revision."""
    if not (is_cumulative(earlier.family) and is_cumulative(later.family)):
        return False
    if earlier.source == later.source or not earlier.lowered:
        return False
    revised = earlier.high if earlier.high is not None else earlier.low
    return revised is not None and later.low is not None and later.low >= STALE_RATIO * revised


# Verbs of a count established case by case (a monitor's verified or documented cases).
FLOOR_CUES = frozenset({"verify", "document"})


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _weekday_only(time_ref: str) -> bool:
    """A moment an undated text names by its weekday alone ("thursday", "thursday night")."""
    words = time_ref.removeprefix("event ").split()
    return bool(words) and words[0] in WEEKDAYS


def same_day(ta: str, tb: str) -> bool:
    """Two stated moments name one day: the same words, or a day an undated text could only
    name without its year ("03-15") and a full date it fits ("2023-03-15"). A weekday alone
    ("thursday") is not matched to a date: a weekly protest has many Thursdays."""
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    prefix = "event "
    if ta.startswith(prefix) != tb.startswith(prefix):
        return False
    ta, tb = ta.removeprefix(prefix), tb.removeprefix(prefix)
    for full, partial in ((ta, tb), (tb, ta)):
        if not ISO_DAY.match(full):
            continue
        if re.fullmatch(r"\d{2}-\d{2}", partial):
            return full.endswith("-" + partial)
    return False


def moment_order(a: ClaimFacts, b: ClaimFacts) -> tuple[ClaimFacts, ClaimFacts] | None:
    """(earlier, later) by their stated moments: two days ("2023-10-08" before "2023-10-09"),
    or an earlier report's figure ("earlier") before a dated or undated one; None otherwise."""
    ta = (a.time_ref or "").removeprefix("event ")
    tb = (b.time_ref or "").removeprefix("event ")
    if ta == "earlier" and tb != "earlier":
        return a, b
    if tb == "earlier" and ta != "earlier":
        return b, a
    if ISO_DAY.match(ta) and ISO_DAY.match(tb) and ta != tb:
        return (a, b) if ta < tb else (b, a)
    return None


def _finding(
    earlier: ClaimFacts, later: ClaimFacts, kind: str, relation: str, reason: str, confidence: float
) -> Finding:
    return make_finding(NAME, VERSION, earlier, later, kind, relation, reason, confidence)


def _base_confidence(part: ClaimFacts | None, total: ClaimFacts | None) -> float:
    if part is None or total is None:
        return SAME_SLOT_CONFIDENCE
    if family_relation(part.family, total.family) == "same":
        return PART_TOTAL_CONFIDENCE
    return PARENT_FAMILY_CONFIDENCE


def _contradiction(
    earlier: ClaimFacts,
    later: ClaimFacts,
    kind: str,
    ordered: bool,
    part: ClaimFacts | None,
    total: ClaimFacts | None,
    cumulative: bool,
    why: str | None = None,
) -> Finding:
    confidence = _base_confidence(part, total) * hedge_factor(earlier, later)
    confidence *= approximate_factor(earlier, later)
    timed = kind != BETWEEN_SOURCES and ordered
    if cumulative and kind != BETWEEN_SOURCES and not ordered:
        confidence *= UNORDERED_CUMULATIVE_FACTOR

    if part is not None and total is not None:
        reason = _part_total_reason(part, total, kind, earlier, timed)
    else:
        opening = two_sides(
            earlier,
            describe_quantity(earlier),
            later,
            describe_quantity(later),
            kind,
            past_first=timed,
        )
        why = why or _why(earlier, later, timed, cumulative)
        reason = f"{capitalise(opening)}: {why}."
    return _finding(earlier, later, kind, CONTRADICTION, reason, confidence)


def _why(earlier: ClaimFacts, later: ClaimFacts, timed: bool, cumulative: bool) -> str:
    """Why two figures of one slot cannot both hold, in words."""
    if earlier.time_ref and earlier.time_ref == later.time_ref:
        return f"both figures are given for {earlier.time_ref}, so they cannot both be true"
    if timed and cumulative:
        return (
            f"the {figure_name(later.family, later.measure)} fell without a correction, "
            "and such totals do not fall"
        )
    if timed:
        return "the figure for a single event changed without a correction"
    return "the two figures do not overlap, so they cannot both be true"


def _part_total_reason(
    part: ClaimFacts, total: ClaimFacts, kind: str, earlier: ClaimFacts, timed: bool
) -> str:
    part_place = place(part, kind)
    total_place = place(total, kind)
    part_verb = says(part, past=timed and part is earlier)
    total_verb = "reported" if timed and total is earlier else "reports"
    part_phrase = describe_quantity(part)
    total_phrase = describe_quantity(total, in_all=True)
    opening = f"{part_verb} {part_phrase}" + (f" {part_place}" if part_place else "")
    other = f"the {total_phrase} that {total.source} {total_verb}" + (
        f" {total_place}" if total_place else ""
    )
    if family_relation(part.family, total.family) == "same":
        why = "a part cannot exceed its total"
    else:
        why = f"{part.measure} are counted among {total.measure}, so they cannot outnumber them"
    if timed and part is earlier and is_cumulative(part.family) and is_cumulative(total.family):
        why += f", so the {figure_name(total.family, total.measure)} fell without a correction"
    return f"{capitalise(opening)}, more than {other}: {why}."


def _update(earlier: ClaimFacts, later: ClaimFacts, kind: str, part: ClaimFacts | None) -> Finding:
    if part is None and _stale_after_revision(earlier, later):
        return _contradiction(
            earlier,
            later,
            kind,
            True,
            None,
            None,
            True,
            why=f"the figure was lowered to {_value(earlier)}; a later report still gives "
            f"{_value(later)}, half again above it or more, the figure it had been lowered from",
        )
    confidence = (
        UPDATE_SAME_ARTICLE_CONFIDENCE
        if earlier.article == later.article
        else UPDATE_OTHER_ARTICLE_CONFIDENCE
    )
    if earlier.source == later.source:
        confidence += UPDATE_SAME_SOURCE_BONUS
    # A hedged or part-only figure is weaker evidence that the toll itself moved.
    if earlier.hedged or later.hedged:
        confidence *= 0.8
    if part is not None:
        confidence *= 0.9
    confidence *= 0.95 if (earlier.approximate or later.approximate) else 1.0
    moved = "rose" if above(bounds(later), bounds(earlier)) else "changed"
    when = ""
    if earlier.time_ref and later.time_ref and earlier.time_ref != later.time_ref:
        when = f" between {earlier.time_ref} and {later.time_ref}"
    reason = (
        f"The {figure_name(later.family, later.measure)} {moved}{when} from {_value(earlier)} "
        f"({tag(earlier, kind)}) to {_value(later)} ({tag(later, kind)}): "
        "an update, not a contradiction."
    )
    return _finding(earlier, later, kind, UPDATE, capitalise(reason), confidence)


def _correction(
    earlier: ClaimFacts, later: ClaimFacts, kind: str, part: ClaimFacts | None
) -> Finding:
    confidence = PART_TOTAL_CONFIDENCE if part is not None else SAME_SLOT_CONFIDENCE
    confidence *= hedge_factor(earlier, later) * approximate_factor(earlier, later)
    reason = (
        f"{capitalise(place(later, kind))}, labelled as corrected, {says(later)} "
        f"{describe_quantity(later)}, where {place(earlier, kind)} {says(earlier, past=True)} "
        f"{describe_quantity(earlier)}: a published correction, not an unexplained change."
    )
    return _finding(earlier, later, kind, CORRECTION, reason, confidence)


def _value(facts: ClaimFacts) -> str:
    """Value with the scope when the figure covers only part of the event."""
    value = describe_value(facts)
    if facts.scope:
        return f"{value} for {facts.scope} alone"
    return value
