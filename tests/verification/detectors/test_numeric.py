from datetime import UTC, datetime

import pytest

from tests.verification.detectors.factory import make_claim
from verification.detectors import DETECTORS, ClaimFacts, compare_pair, describe_value, numeric

T0 = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)


CLAIM_DEFAULTS = {"published_at": T0}


def claim(id="c1", **overrides) -> ClaimFacts:
    return make_claim(id, CLAIM_DEFAULTS, **overrides)


AIN_AL_ASAD = {"scope": "Ain al-Asad", "scope_key": "ain al asad"}
DOZENS = {"low": 24.0, "high": None, "approximate": True}
MORE_THAN_A_DOZEN = {"low": 12.0, "high": None, "low_open": True}


def deaths(id, value, version, **overrides) -> ClaimFacts:
    base = {
        "measure": "people killed",
        "family": "deaths",
        "source": "Reuters",
        "version": version,
        "published_at": datetime(2024, 1, 8, 8 + version, 0, tzinfo=UTC),
    }
    base.update(overrides)
    return claim(id, value=value, **base)


# --- describe_value ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"value": 22}, "22"),
        ({"value": 0}, "none"),
        ({"value": 3000, "approximate": True}, "about 3,000"),
        (DOZENS, "at least 24"),
        (MORE_THAN_A_DOZEN, "more than 12"),
        ({"low": 10.0, "high": 12.0}, "between 10 and 12"),
        ({"low": None, "high": 5.0, "high_open": True}, "fewer than 5"),
        ({"low": None, "high": 5.0}, "at most 5"),
        ({"value": 4.5, "unit": "USD"}, "4.5 USD"),
        ({"value": 0, "unit": "%"}, "0%"),
        ({"low": None, "high": None}, "an unspecified number"),
    ],
)
def test_describe_value_reads_like_a_person_wrote_it(overrides, expected):
    assert describe_value(claim(**overrides)) == expected


# --- same slot --------------------------------------------------------------------


def test_dozens_conflicts_with_22_in_the_same_slot():
    a = claim("a", **AIN_AL_ASAD)
    b = claim("b", source="Islamic Revolutionary Guard Corps", **AIN_AL_ASAD, **DOZENS)
    finding = numeric.compare(a, b)
    assert finding is not None
    assert finding.relation == "contradiction"
    assert finding.kind == "between_sources"
    assert "Iraqi military" in finding.reason
    assert "Islamic Revolutionary Guard Corps" in finding.reason
    assert "22" in finding.reason
    assert "at least 24" in finding.reason


def test_dozens_at_a_base_cannot_exceed_22_in_all():
    total = claim("a", measure="missile strikes")
    part = claim(
        "b",
        source="Islamic Revolutionary Guard Corps",
        measure="missiles hit",
        **AIN_AL_ASAD,
        **DOZENS,
    )
    finding = numeric.compare(total, part)
    assert finding is not None
    assert finding.relation == "contradiction"
    assert finding.reason == (
        "Islamic Revolutionary Guard Corps says at least 24 missiles hit (Ain al-Asad), more "
        "than the 22 missile strikes in all that Iraqi military reports: a part cannot exceed "
        "its total."
    )


def test_more_than_a_dozen_is_compatible_with_22():
    assert numeric.compare(claim("a"), claim("b", **MORE_THAN_A_DOZEN)) is None
    assert numeric.compare(claim("a"), claim("b", **AIN_AL_ASAD, **MORE_THAN_A_DOZEN)) is None


def test_more_than_a_dozen_is_compatible_with_dozens():
    assert numeric.compare(claim("a", **MORE_THAN_A_DOZEN), claim("b", **DOZENS)) is None


def test_some_3000_is_compatible_with_more_than_3000():
    some = claim("a", measure="marchers", family="protesters", value=3000, approximate=True)
    more = claim("b", measure="marchers", family="protesters", low=3000.0, high=None, low_open=True)
    assert numeric.compare(some, more) is None


def test_about_3000_still_conflicts_with_3500():
    about = claim("a", measure="marchers", family="protesters", value=3000, approximate=True)
    exact = claim("b", measure="marchers", family="protesters", value=3500)
    assert numeric.compare(about, exact) is not None


def test_approximate_small_value_gets_a_tolerance_of_one():
    assert numeric.compare(claim("a", value=3, approximate=True), claim("b", value=4)) is None
    assert numeric.compare(claim("a", value=3, approximate=True), claim("b", value=5)) is not None


def test_eight_shells_conflict_with_fifteen_shells_at_the_same_depot():
    depot = {
        "measure": "shells hit",
        "family": "shells",
        "scope": "the depot",
        "scope_key": "depot",
    }
    finding = numeric.compare(
        claim("a", value=8, source="Army spokesman", **depot),
        claim("b", value=15, source="Local governor", **depot),
    )
    assert finding is not None
    assert "8 shells hit (the depot)" in finding.reason
    assert "15 shells hit (the depot)" in finding.reason


def test_open_bound_touching_a_point_conflicts_but_closed_bound_does_not():
    assert numeric.compare(claim("a", value=12), claim("b", **MORE_THAN_A_DOZEN)) is not None
    at_least_12 = {"low": 12.0, "high": None}
    assert numeric.compare(claim("a", value=12), claim("b", **at_least_12)) is None


def test_same_source_twice_in_one_version_says_the_article_contradicts_itself():
    finding = numeric.compare(claim("a", value=8), claim("b", value=15))
    assert finding is not None
    assert finding.kind == "between_sources"
    assert finding.reason.startswith("The article contradicts itself: Iraqi military says")


# --- part vs total and scopes -----------------------------------------------------


def test_part_smaller_than_total_is_fine():
    assert numeric.compare(claim("a", value=22), claim("b", value=10, **AIN_AL_ASAD)) is None


def test_different_scopes_are_never_compared():
    us = claim(
        "a", measure="troops", family="troops", scope="US troops", scope_key="us troops", value=5000
    )
    iraqi = claim(
        "b",
        measure="troops",
        family="troops",
        scope="Iraqi forces",
        scope_key="iraqi forces",
        value=200,
    )
    assert compare_pair(us, iraqi) == []


def test_different_families_are_not_compared():
    assert numeric.compare(claim("a"), claim("b", family="troops", value=900)) is None


def test_different_units_are_not_compared():
    usd = claim("a", measure="price of bread", family="price", value=2, unit="USD")
    eur = claim("b", measure="price of bread", family="price", value=5, unit="EUR")
    assert compare_pair(usd, eur) == []
    # Same figures with the same unit do conflict, so the unit is what kept them apart.
    assert (
        numeric.compare(
            usd, claim("b", measure="price of bread", family="price", value=5, unit="usd")
        )
        is not None
    )


def test_statements_are_not_numeric():
    assert (
        numeric.compare(claim("a", kind="statement"), claim("b", kind="statement", value=40))
        is None
    )


def test_child_family_exceeding_a_positive_parent_is_not_flagged():
    # Reports use the wider word loosely ("82 victims" for the dead against "500 missing"): a
    # family inside another is only certain against a zero total (the polarity detector).
    killed = claim("a", measure="people killed", family="deaths", value=15, source="Reuters")
    casualties = claim("b", measure="casualties", family="casualties", value=10, source="AP")
    assert numeric.compare(killed, casualties) is None
    none = claim("b", measure="casualties", family="casualties", value=0, source="AP")
    findings = compare_pair(none, killed)
    assert [f.detector for f in findings] == ["polarity"]


# --- confidence -------------------------------------------------------------------


def test_hedged_conflict_is_flagged_with_lower_confidence():
    firm = numeric.compare(claim("a", value=8), claim("b", value=15, source="Governor"))
    hedged = numeric.compare(
        claim("a", value=8), claim("b", value=15, source="Governor", hedged=True)
    )
    assert firm is not None
    assert hedged is not None
    assert hedged.confidence < firm.confidence
    assert "tentatively reports" in hedged.reason


def test_approximate_values_lower_confidence_a_little():
    exact = numeric.compare(claim("a", value=8), claim("b", value=15))
    approx = numeric.compare(claim("a", value=8), claim("b", value=15, approximate=True))
    assert exact is not None
    assert approx is not None
    assert exact.confidence * 0.8 < approx.confidence < exact.confidence


def test_part_total_conflict_is_less_certain_than_same_slot():
    same = numeric.compare(claim("a", value=22), claim("b", value=30))
    part = numeric.compare(claim("a", value=22), claim("b", value=30, **AIN_AL_ASAD))
    assert same is not None
    assert part is not None
    assert part.confidence < same.confidence


def test_confidence_stays_within_bounds():
    worst = numeric.compare(
        claim("a", value=8, hedged=True, approximate=True),
        claim("b", value=15, hedged=True, approximate=True, **AIN_AL_ASAD),
    )
    best = numeric.compare(claim("a", value=8), claim("b", value=15))
    assert worst is not None
    assert best is not None
    assert 0.05 <= worst.confidence < best.confidence <= 0.99


# --- time: updates, contradictions, corrections -----------------------------------


def test_rising_toll_across_versions_is_an_update_not_a_contradiction():
    v1, v2, v3 = deaths("d1", 7, 1), deaths("d2", 19, 2), deaths("d3", 41, 3)
    for earlier, later in [(v1, v2), (v2, v3), (v1, v3)]:
        findings = compare_pair(later, earlier)
        assert [f.relation for f in findings] == ["update"]
        assert findings[0].kind == "across_versions"
        assert (findings[0].a, findings[0].b) == (earlier.id, later.id)
    reason = numeric.compare(v1, v2).reason
    assert reason == (
        "The death toll rose from 7 (Reuters, version 1) to 19 (Reuters, version 2): an update, "
        "not a contradiction."
    )


def test_rising_toll_across_articles_is_an_update_when_times_are_known():
    earlier = deaths("a", 7, 1, article="reuters-1")
    later = deaths(
        "b",
        19,
        1,
        article="ap-1",
        source="AP",
        published_at=datetime(2024, 1, 8, 14, 5, tzinfo=UTC),
    )
    finding = numeric.compare(later, earlier)
    assert finding is not None
    assert (finding.kind, finding.relation) == ("across_articles", "update")
    assert "8 Jan 2024 at 14:05 UTC" in finding.reason
    same_article = numeric.compare(deaths("x", 7, 1), deaths("y", 19, 2))
    assert finding.confidence < same_article.confidence


def test_toll_differences_without_time_order_are_contradictions():
    a = deaths("a", 7, 1, article="reuters-1", published_at=None)
    b = deaths("b", 19, 1, article="ap-1", source="AP", published_at=None)
    finding = numeric.compare(a, b)
    assert finding is not None
    assert (finding.kind, finding.relation) == ("across_articles", "contradiction")


def test_different_tolls_from_two_sources_in_one_version_are_a_contradiction():
    finding = numeric.compare(deaths("a", 7, 1), deaths("b", 19, 1, source="Health ministry"))
    assert finding is not None
    assert (finding.kind, finding.relation) == ("between_sources", "contradiction")


def test_falling_toll_without_correction_is_a_contradiction():
    finding = numeric.compare(deaths("a", 19, 2), deaths("b", 7, 3))
    assert finding is not None
    assert (finding.kind, finding.relation) == ("across_versions", "contradiction")
    assert finding.reason == (
        "In version 2, Reuters said 19 people killed, but in version 3, Reuters says 7 people "
        "killed: the death toll fell without a correction, and such totals do not fall."
    )


def test_falling_toll_in_a_corrected_version_is_a_correction():
    finding = numeric.compare(deaths("a", 19, 2), deaths("b", 7, 3, corrected=True))
    assert finding is not None
    assert (finding.kind, finding.relation) == ("across_versions", "correction")
    assert "labelled as corrected" in finding.reason


def test_correction_label_of_another_article_does_not_make_a_correction():
    a = deaths("a", 19, 1, article="reuters-1")
    b = deaths("b", 7, 3, article="ap-1", corrected=True, source="AP")
    finding = numeric.compare(a, b)
    assert finding is not None
    assert finding.relation == "contradiction"


def test_non_cumulative_figure_changing_across_versions_is_a_contradiction():
    finding = numeric.compare(claim("a", version=1), claim("b", version=2, value=15))
    assert finding is not None
    assert (finding.kind, finding.relation) == ("across_versions", "contradiction")
    assert "changed without a correction" in finding.reason
    rising = numeric.compare(claim("a", version=1), claim("b", version=2, value=30))
    assert rising is not None
    assert rising.relation == "contradiction"


def test_non_cumulative_change_in_a_corrected_version_is_a_correction():
    finding = numeric.compare(
        claim("a", version=1), claim("b", version=2, value=15, corrected=True)
    )
    assert finding is not None
    assert finding.relation == "correction"


def test_later_part_exceeding_earlier_total_of_a_toll_is_an_update():
    total = deaths("a", 7, 1)
    part = deaths("b", 12, 2, scope="Baghdad", scope_key="baghdad")
    finding = numeric.compare(total, part)
    assert finding is not None
    assert finding.relation == "update"
    assert "12 for Baghdad alone" in finding.reason


# --- registry ---------------------------------------------------------------------


def test_registry_runs_every_detector_and_orders_the_pair():
    names = [d.NAME for d in DETECTORS]
    assert names == ["polarity", "numeric"]
    assert all(d.VERSION.startswith(d.NAME + "-") for d in DETECTORS)
    findings = compare_pair(claim("b", value=15, source="Governor"), claim("a", value=8))
    assert [(f.detector, f.detector_version, f.a, f.b) for f in findings] == [
        ("numeric", numeric.VERSION, "a", "b")
    ]


def test_a_claim_is_never_compared_with_itself():
    assert compare_pair(claim("a"), claim("a", value=40)) == []


def test_earlier_part_exceeding_a_later_total_of_a_toll_is_a_fall():
    part = deaths("a", 12, 1, scope="Baghdad", scope_key="baghdad")
    total = deaths("b", 7, 2, source="AP")
    finding = numeric.compare(total, part)
    assert finding is not None
    assert (finding.a, finding.relation) == ("a", "contradiction")
    assert finding.reason.endswith(
        "a part cannot exceed its total, so the death toll fell without a correction."
    )


def test_family_tables_link_children_to_parents():
    from verification.detectors import CUMULATIVE_FAMILIES, comparable_families

    assert comparable_families("casualties") == {"casualties", "deaths", "injuries", "missing"}
    assert comparable_families("deaths") == {"deaths", "casualties"}
    assert comparable_families(None) == frozenset()
    assert {"deaths", "arrests", "displaced"} <= CUMULATIVE_FAMILIES
    assert "projectiles" not in CUMULATIVE_FAMILIES


def test_state_figure_that_falls_in_a_later_report_is_an_update():
    earlier = claim("a", family="trapped", value=23, version=1)
    later = claim("b", family="trapped", value=14, version=2, time_ref="2 p.m.")
    finding = numeric.compare(earlier, later)
    assert finding is not None
    assert finding.relation == "update"


def test_state_figures_for_the_same_moment_must_agree():
    earlier = claim("a", article="wire", family="missing", value=14, time_ref="1 p.m.")
    later = claim("b", article="herald", family="missing", value=9, time_ref="1 p.m.")
    finding = numeric.compare(earlier, later)
    assert finding is not None
    assert finding.relation == "contradiction"
    assert finding.kind == "across_articles"


def test_figures_for_two_stated_moments_of_one_report_are_not_compared():
    morning = claim("a", family="boats", value=12, time_ref="9 a.m.")
    noon = claim("b", family="boats", value=21, time_ref="noon")
    assert numeric.compare(morning, noon) is None


def test_a_toll_that_falls_between_stated_moments_is_still_a_contradiction():
    earlier = claim("a", family="deaths", value=19, version=1, time_ref="9 a.m.")
    later = claim("b", family="deaths", value=12, version=2, time_ref="noon")
    finding = numeric.compare(earlier, later)
    assert finding is not None
    assert finding.relation == "contradiction"


def test_the_reason_names_the_shared_moment():
    earlier = claim("a", article="wire", family="missing", value=14, time_ref="1pm")
    later = claim("b", article="herald", family="missing", value=9, time_ref="1pm")
    finding = numeric.compare(earlier, later)
    assert "given for 1pm" in finding.reason


# --- moments of running totals ------------------------------------------------------------


def test_a_running_total_given_for_two_days_rises_as_an_update_in_one_text():
    saturday = claim(
        "a", measure="people killed", family="deaths", value=320, time_ref="2026-03-14"
    )
    sunday = claim("b", measure="people killed", family="deaths", value=2053, source="Ministry",
                   time_ref="2026-03-15")  # fmt: skip
    finding = numeric.compare(sunday, saturday)
    assert finding is not None
    assert finding.relation == "update"


def test_a_running_total_that_falls_after_an_earlier_report_is_flagged():
    initial = claim("a", measure="people killed", family="deaths", value=2053, time_ref="earlier")
    lowered = claim("b", measure="people killed", family="deaths", value=1000, source="Minister")
    finding = numeric.compare(lowered, initial)
    assert finding is not None
    assert finding.relation == "contradiction"
    assert finding.a == "a"


def test_event_counts_for_two_days_are_two_events():
    one_day = claim("a", measure="marchers", family="participants", value=80000,
                    time_ref="2026-01-19")  # fmt: skip
    other_day = claim("b", measure="marchers", family="participants", value=87000,
                      source="Police", time_ref="2026-01-31")  # fmt: skip
    assert numeric.compare(one_day, other_day) is None


def test_a_round_figure_and_a_bound_at_it_are_one_report():
    lead = claim("a", measure="people killed", family="deaths", value=2000)
    headline = claim("b", measure="people killed", family="deaths", low=2000.0, high=None,
                     low_open=True, source="Headline")  # fmt: skip
    assert numeric.compare(lead, headline) is None
    exact = claim("c", measure="people killed", family="deaths", value=2053)
    above = claim("d", measure="people killed", family="deaths", low=2053.0, high=None,
                  low_open=True, source="Other")  # fmt: skip
    assert numeric.compare(exact, above) is not None


def test_damage_counts_grow_as_they_are_assessed():
    from verification.detectors.families import is_cumulative

    assert is_cumulative("house:destroy")
    assert is_cumulative("village:raze")
    assert not is_cumulative("house:build")


@pytest.mark.parametrize(
    ("ta", "tb", "same"),
    [
        ("2023-03-15", "2023-03-15", True),
        ("2023-03-15", "03-15", True),
        ("03-15", "2023-03-15", True),
        ("2023-03-15", "03-16", False),
        ("2023-03-16", "thursday", False),  # a weekly protest has many Thursdays
        ("event 2023-03-15", "2023-03-15", False),
        ("", "", False),
    ],
)
def test_same_day_matches_a_date_written_without_its_year(ta, tb, same):
    assert numeric.same_day(ta, tb) is same


def test_an_estimate_above_the_confirmed_toll_is_no_contradiction():
    estimate = deaths("e", 200, 1, high=None, hedged=True, source="Newshub")
    confirmed = deaths("c", 78, 1, source="coast guard")
    assert numeric.compare(estimate, confirmed) is None


def test_an_estimate_below_the_confirmed_toll_is_a_contradiction():
    estimate = deaths("e", 20, 1, hedged=True, source="Newshub")
    confirmed = deaths("c", 78, 1, source="coast guard")
    finding = numeric.compare(estimate, confirmed)
    assert finding is not None
    assert finding.relation == "contradiction"


def test_people_aboard_given_in_two_articles_are_compared_whatever_the_day():
    a = claim("a", family="aboard", measure="migrants", low=None, high=650, source="UPI")
    b = claim(
        "b",
        family="aboard",
        measure="people carried",
        low=700,
        high=750,
        source="IOM",
        article="other-article",
        published_at=datetime(2024, 1, 10, 9, 0, tzinfo=UTC),
    )
    finding = numeric.compare(a, b)
    assert finding is not None
    assert finding.relation == "contradiction"


@pytest.mark.parametrize(
    ("published", "compared"),
    [
        (datetime(2024, 2, 20, 9, 0, tzinfo=UTC), False),
        (datetime(2024, 1, 9, 9, 0, tzinfo=UTC), True),
    ],
)
def test_a_weekday_in_two_articles_is_one_day_only_within_a_week(published, compared):
    a = claim("a", family="participants", value=800000, time_ref="thursday", source="union")
    b = claim(
        "b",
        family="participants",
        value=119000,
        time_ref="thursday",
        source="police",
        article="other-article",
        published_at=published,
    )
    assert (numeric.compare(a, b) is not None) is compared


def test_a_figure_rounded_from_the_other_is_no_contradiction():
    precise = claim("a", family="participants", value=1_120_000, source="ministry")
    rounded = claim("b", family="participants", value=1_100_000, source="interior ministry")
    assert numeric.compare(precise, rounded) is None


@pytest.mark.parametrize(
    ("first", "second"), [(1_200_000, 1_120_000), (100, 130), (80_000, 87_000)]
)
def test_figures_that_no_rounding_reconciles_disagree(first, second):
    a = claim("a", family="participants", value=first, source="ministry")
    b = claim("b", family="participants", value=second, source="union")
    assert numeric.compare(a, b) is not None


def test_a_figure_truncated_from_the_other_is_no_contradiction():
    precise = claim("a", family="votes:ortega", value=2_759_256, source="opposition")
    truncated = claim("b", family="votes:ortega", value=2_750_000, source="opposition leader")
    assert numeric.compare(precise, truncated) is None


def test_as_many_as_650_and_close_to_700_disagree():
    at_most = claim("a", family="aboard", low=None, high=650, source="UPI")
    close_to = claim("b", family="aboard", value=700, approximate=True, source="survivors")
    assert numeric.compare(at_most, close_to) is not None


def test_about_a_figure_and_a_figure_within_five_percent_agree():
    about = claim("a", family="aboard", value=700, approximate=True, source="survivors")
    near = claim("b", family="aboard", value=680, source="coast guard")
    assert numeric.compare(about, near) is None


# --- tallies: one count's result for a holder ------------------------------------------------


def _votes(id, value, source, *, article, day, family="votes:ortega"):
    return claim(
        id,
        family=family,
        measure="votes (ortega)",
        value=value,
        source=source,
        article=article,
        published_at=datetime(2024, 7, day, 9, 0, tzinfo=UTC),
    )


def test_a_rival_count_of_the_same_ballots_a_day_later_is_a_contradiction():
    council = _votes("a", 5_150_092, "electoral council", article="wire", day=29)
    opposition = _votes("b", 2_759_256, "opposition", article="paper", day=30)
    finding = numeric.compare(council, opposition)
    assert finding is not None
    assert finding.relation == "contradiction"
    assert "different counts of the same ballots" in finding.reason


def test_the_counting_bodys_own_later_share_is_an_update_either_way():
    first = _votes("a", 44.2, "electoral council", article="wire", day=29, family="share:ortega")
    second = _votes("b", 43.18, "electoral council", article="paper", day=31, family="share:ortega")
    finding = numeric.compare(first, second)
    assert finding is not None
    assert finding.relation == "update"


def test_two_shares_of_one_holder_from_two_sources_in_one_text_disagree():
    council = claim("a", family="share:ramos", value=51, source="electoral council")
    researchers = claim("b", family="share:ramos", value=31, source="researchers")
    finding = numeric.compare(council, researchers)
    assert finding is not None
    assert finding.relation == "contradiction"


# --- a count established case by case is a floor ---------------------------------------------


def _arrests(id, value, source, cue="say"):
    return claim(
        id, value=value, source=source, cue=cue, family="arrests", measure="people arrested"
    )


def test_a_verified_count_below_anothers_total_is_no_contradiction():
    verified = _arrests("a", 835, "Foro Penal", cue="verify")
    total = _arrests("b", 2000, "Government")
    assert [f for f in compare_pair(verified, total) if f.relation == "contradiction"] == []


def test_a_total_below_a_verified_count_is_a_contradiction():
    verified = _arrests("a", 835, "Foro Penal", cue="verify")
    total = _arrests("b", 400, "Government")
    assert [f.relation for f in compare_pair(verified, total)] == ["contradiction"]


def test_two_said_counts_still_disagree():
    assert [
        f.relation
        for f in compare_pair(_arrests("a", 835, "Monitor"), _arrests("b", 2000, "Government"))
    ] == ["contradiction"]


def _share(id, value, source, time_ref, article="vote-story", version=1):
    return claim(
        id,
        value=value,
        source=source,
        family="share:ramos",
        measure="ramos share (percent)",
        unit="percent",
        time_ref=time_ref,
        article=article,
        version=version,
    )


def test_one_texts_shares_for_two_bulletins_are_not_rival_counts():
    first = _share("a", 44.2, "Council president", "2026-07-29")
    second = _share("b", 43.18, "electoral body", "2026-08-02")
    assert [f for f in compare_pair(first, second) if f.relation == "contradiction"] == []


def test_rival_shares_for_one_day_disagree():
    council = _share("a", 44.2, "Electoral council", "2026-07-29")
    opposition = _share("b", 70, "Opposition coalition", "2026-07-29")
    assert [f.relation for f in compare_pair(council, opposition)] == ["contradiction"]


def test_a_round_thousand_is_a_rounding_of_a_figure_within_five_percent():
    # One version, two sources: "2,000" and "2,053" are one toll, rounded.
    assert compare_pair(deaths("a", 2000, 1), deaths("b", 2053, 1, source="Officials")) == []


def test_a_round_hundred_is_not_a_rounding_of_a_figure_a_third_above():
    findings = compare_pair(deaths("a", 100, 1), deaths("b", 130, 1, source="Officials"))
    assert [f.relation for f in findings] == ["contradiction"]


def test_an_undated_copys_earliest_day_does_not_order_it_within_that_day():
    from verification.detectors.base import order

    undated = claim("a", date_estimated=True, published_at=datetime(2024, 1, 8, tzinfo=UTC))
    dated = claim("b", published_at=datetime(2024, 1, 8, 9, tzinfo=UTC))
    later = claim("c", published_at=datetime(2024, 1, 9, 9, tzinfo=UTC))
    assert order(undated, dated)[2] is False
    assert order(undated, later)[:2] == (undated, later)


def test_a_denied_figure_is_not_compared_as_a_figure_given():
    # "The Red Crescent denied that the toll had reached 11,300" says nothing of 3,958.
    denied = deaths("a", 11300, 1, negated=True, source="Red Crescent")
    given = deaths("b", 3958, 1, source="UN office")
    assert compare_pair(denied, given) == []
