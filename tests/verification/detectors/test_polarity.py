from datetime import UTC, datetime

from tests.verification.detectors.factory import make_claim
from verification.detectors import ClaimFacts, compare_pair, numeric, polarity

T0 = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)
IRAQI = {"scope": "Iraqi forces", "scope_key": "iraqi forces"}
FRENCH = {"scope": "French forces", "scope_key": "french forces"}


CLAIM_DEFAULTS = {
    "article": "base-attack",
    "published_at": T0,
    "measure": "casualties",
    "family": "casualties",
    "low": 0.0,
    "high": 0.0,
    "source": "Coalition spokesman",
    "text": "There were no casualties",
}


def claim(id="c1", **overrides) -> ClaimFacts:
    return make_claim(id, CLAIM_DEFAULTS, **overrides)


def killed(id="k", value=6, **overrides) -> ClaimFacts:
    base = {
        "measure": "people killed",
        "family": "deaths",
        "source": "Pentagon",
        "text": "six were killed",
    }
    base.update(overrides)
    return claim(id, value=value, **base)


def statement(id, negated=False, **overrides) -> ClaimFacts:
    base = {
        "kind": "statement",
        "measure": "hit",
        "family": None,
        "low": None,
        "high": None,
        "negated": negated,
        "statement_key": "missile hit|ain al asad",
        "text": "The missile did not hit Ain al-Asad" if negated else "The missile hit Ain al-Asad",
    }
    base.update(overrides)
    return claim(id, **base)


def staff(id, value, version, **overrides) -> ClaimFacts:
    base = {
        "measure": "staff hurt",
        "family": "injuries",
        "source": "Hospital director",
        "version": version,
        "published_at": datetime(2024, 1, 8, 8 + version, 0, tzinfo=UTC),
    }
    base.update(overrides)
    return claim(id, value=value, **base)


# --- zero vs positive -------------------------------------------------------------


def test_zero_casualties_in_two_different_forces_are_not_flagged():
    assert compare_pair(claim("a", **IRAQI), claim("b", source="French army", **FRENCH)) == []


def test_zero_in_one_force_and_deaths_in_another_are_not_flagged():
    assert compare_pair(claim("a", **IRAQI), killed("b", **FRENCH)) == []


def test_zero_casualties_against_six_killed_in_the_same_scope_is_a_contradiction():
    zero, six = claim("a", **IRAQI), killed("b", **IRAQI)
    findings = compare_pair(zero, six)
    assert [(f.detector, f.relation, f.kind) for f in findings] == [
        ("polarity", "contradiction", "between_sources")
    ]
    assert findings[0].reason == (
        "Coalition spokesman says no casualties (Iraqi forces), but Pentagon says 6 people "
        'killed (Iraqi forces): people killed are counted among casualties, so "no casualties" '
        "cannot hold."
    )


def test_zero_vs_positive_is_left_to_polarity_by_numeric():
    # Same family and slot: numeric would see disjoint intervals but must stay silent.
    zero = claim("a")
    three = claim("b", value=3, source="Medics")
    assert numeric.compare(zero, three) is None
    finding = polarity.compare(zero, three)
    assert finding is not None
    assert "a count of none and a positive count cannot both be true" in finding.reason


def test_zero_deaths_does_not_contradict_positive_casualties():
    no_deaths = killed("a", value=0)
    wounded = claim("b", value=6, source="Medics")
    assert compare_pair(no_deaths, wounded) == []


def test_zero_total_contradicts_a_positive_part_but_not_the_reverse():
    finding = polarity.compare(claim("a"), claim("b", value=2, source="Medics", **IRAQI))
    assert finding is not None
    assert "a part cannot be positive when the total is none" in finding.reason
    assert polarity.compare(claim("a", **IRAQI), claim("b", value=2, source="Medics")) is None


def test_about_one_does_not_rule_out_zero():
    assert polarity.compare(claim("a"), claim("b", value=1, approximate=True)) is None
    assert polarity.compare(claim("a"), claim("b", value=3, approximate=True)) is not None


def test_zero_with_a_unit_is_an_ordinary_number_for_numeric():
    flat = claim("a", measure="price change", family="percent_change", value=0, unit="%")
    rise = claim("b", measure="price change", family="percent_change", value=5, unit="%")
    assert polarity.compare(flat, rise) is None
    assert numeric.compare(flat, rise) is not None


def test_hedged_zero_vs_positive_has_lower_confidence():
    firm = polarity.compare(claim("a", **IRAQI), killed("b", **IRAQI))
    hedged = polarity.compare(claim("a", **IRAQI), killed("b", hedged=True, **IRAQI))
    assert firm is not None
    assert hedged is not None
    assert hedged.confidence < firm.confidence


# --- across versions --------------------------------------------------------------


def test_no_staff_hurt_then_twelve_treated_is_a_contradiction_not_an_update():
    before = staff("a", 0, 1)
    after = staff("b", 12, 2, measure="staff treated for smoke inhalation")
    findings = compare_pair(after, before)
    assert [(f.detector, f.relation, f.kind) for f in findings] == [
        ("polarity", "contradiction", "across_versions")
    ]
    assert (findings[0].a, findings[0].b) == ("a", "b")
    assert findings[0].reason == (
        "In version 1, Hospital director said no staff hurt, but in version 2, Hospital director "
        "says 12 staff treated for smoke inhalation: a later positive count contradicts the "
        "earlier report of none."
    )


def test_positive_then_none_is_a_contradiction():
    finding = polarity.compare(staff("a", 12, 1), staff("b", 0, 2))
    assert finding is not None
    assert finding.relation == "contradiction"
    assert "a later report of none contradicts the earlier positive count" in finding.reason


def test_none_then_positive_in_a_corrected_version_is_a_correction():
    finding = polarity.compare(staff("a", 0, 1), staff("b", 12, 2, corrected=True))
    assert finding is not None
    assert finding.relation == "correction"


# --- statements -------------------------------------------------------------------


def test_negated_and_affirmed_statements_contradict():
    finding = polarity.compare(statement("a"), statement("b", negated=True, source="Pentagon"))
    assert finding is not None
    assert (finding.relation, finding.kind) == ("contradiction", "between_sources")
    assert finding.reason == (
        'Coalition spokesman says "The missile hit Ain al-Asad", but Pentagon says "The missile '
        'did not hit Ain al-Asad": one affirms what the other denies.'
    )


def test_statements_with_same_polarity_or_other_keys_are_not_flagged():
    assert polarity.compare(statement("a"), statement("b", source="Pentagon")) is None
    other = statement("b", negated=True, statement_key="missile hit|erbil")
    assert polarity.compare(statement("a"), other) is None
    unkeyed = statement("b", negated=True, statement_key=None)
    assert polarity.compare(statement("a", statement_key=None), unkeyed) is None


def test_statements_about_different_scopes_are_not_flagged():
    a = statement("a", scope="Erbil", scope_key="erbil")
    b = statement("b", negated=True, scope="Ain al-Asad", scope_key="ain al asad")
    assert polarity.compare(a, b) is None


def test_hedged_statement_conflict_has_lower_confidence():
    firm = polarity.compare(statement("a"), statement("b", negated=True))
    hedged = polarity.compare(statement("a", hedged=True), statement("b", negated=True))
    assert firm is not None
    assert hedged is not None
    assert hedged.confidence < firm.confidence


def test_statement_denied_in_a_later_version_and_in_a_corrected_one():
    flip = polarity.compare(statement("b", negated=True, version=2), statement("a"))
    assert flip is not None
    assert (flip.a, flip.b, flip.kind, flip.relation) == (
        "a",
        "b",
        "across_versions",
        "contradiction",
    )
    assert "the later claim denies what the earlier one affirmed" in flip.reason
    fixed = polarity.compare(
        statement("a"), statement("b", negated=True, version=2, corrected=True)
    )
    assert fixed is not None
    assert fixed.relation == "correction"


def test_statement_across_articles_is_an_across_articles_contradiction():
    finding = polarity.compare(statement("a"), statement("b", negated=True, article="other"))
    assert finding is not None
    assert finding.kind == "across_articles"


def test_no_immediate_reports_of_casualties_is_no_assertion_to_contradict():
    # A hedged zero ("no immediate reports of casualties") records an absence of information.
    absence, six = claim("a", hedged=True, **IRAQI), killed("b", **IRAQI)
    assert compare_pair(absence, six) == []
