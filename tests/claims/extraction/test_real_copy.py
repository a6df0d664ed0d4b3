"""Rules for what numbers count, when and who says them, as multi-outlet news writes them.
Every sentence here is our own, written for the rule it tests."""

from __future__ import annotations

from datetime import date

import pytest

from claims.extraction import TextBlock, extract_claims
from claims.extraction.moments import event_day, written_days


def quantities(claims):
    return [c for c in claims if c.kind == "quantity"]


def one(claims, low):
    found = [c for c in quantities(claims) if c.low == low or (c.low is None and c.high == low)]
    assert len(found) == 1, [(c.low, c.high, c.family) for c in quantities(claims)]
    return found[0]


def extract(nlp, *paragraphs, published=None, outlet="Valley Gazette"):
    blocks, position = [], 0
    for paragraph in paragraphs:
        blocks.append(TextBlock(position, paragraph))
        position += len(paragraph) + 2
    return list(extract_claims(blocks, outlet=outlet, nlp=nlp, published=published).claims)


# --- what a number counts -------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Some 40,000 people took to the streets of Lyon on Tuesday.",
        "About 12,000 people marched through the town, police said.",
        "The union counted 30,000 participants.",
        "More than 5,000 people joined the protest, organisers said.",
    ],
)
def test_crowd_counts_are_participants(run, sentence):
    [claim] = quantities(run(sentence))
    assert claim.family == "participants"


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The death toll has risen to 109, officials said.", 109),
        ("Officials said the toll stood at 125.", 125),
        ("At least 31 people lost their lives in the floods.", 31),
        ("The ministry put the total number of people killed at 140.", 140),
    ],
)
def test_figure_nouns_and_phrases_count_deaths(run, sentence, value):
    assert one(run(sentence), value).family == "deaths"


def test_a_figure_noun_naming_nothing_continues_the_last_measure(run):
    claims = run("Rescuers said 212 people were killed.", "By the evening the figure rose to 260.")
    assert one(claims, 260).family == "deaths"


def test_a_part_takes_its_whole_measure_and_its_place(run):
    claims = run("Police put the number of protesters at 90,000, including 11,000 in Nantes.")
    whole, part = one(claims, 90000), one(claims, 11000)
    assert whole.family == part.family == "participants"
    assert whole.scope == ""
    assert part.scope == "Nantes"


def test_a_country_is_the_whole_and_a_city_a_part(run):
    national = one(run("About 800,000 people marched across France on Saturday."), 800000)
    city = one(run("In Rennes, 9,000 people marched according to the prefecture."), 9000)
    assert national.scope == ""
    assert city.scope == "Rennes"
    assert city.source.name == "prefecture"


def test_people_on_board_and_a_nationality_among_them(run):
    total = one(run("The trawler was carrying as many as 600 people when it sank."), 600)
    group = one(run("An estimated 140 Syrians were on board the trawler."), 140)
    assert total.family == group.family == "aboard"
    assert group.scope == "syrian"


def test_counts_of_unknown_things_are_compared_only_with_the_same_event(run):
    destroyed = one(run("The agency said 450 homes were destroyed."), 450)
    damaged = one(run("The agency said 900 houses were damaged."), 900)
    assert destroyed.family == "house:destroy"
    assert damaged.family == "house:damage"
    # Nothing says what happened to them: not comparable with anything.
    assert one(run("There were 70 Afghans among them, the official said."), 70).family == ""


def test_people_predicates_never_name_what_homes_count(run):
    claims = run("The quake left 1,300 homes destroyed and 900 people wounded.")
    assert one(claims, 1300).family == "house:destroy"
    assert one(claims, 900).family == "injuries"


def test_shares_are_keyed_by_whose_share_they_are(run):
    claims = run("Officials said Ana Ruiz won 48% of the vote, ahead of Tomas Vidal, who took 41%.")
    assert one(claims, 48).family == "share:ruiz"
    assert one(claims, 41).family == "share:vidal"


# --- when ------------------------------------------------------------------------------


def test_event_days_resolve_against_the_publication_date(nlp):
    claims = extract(
        nlp,
        "About 25,000 people marched in Lille on Thursday, police said.",
        "On March 2, police had counted 18,000 marchers.",
        published=date(2026, 3, 13),  # a Friday
    )
    assert one(claims, 25000).time_ref == "2026-03-12"
    assert one(claims, 18000).time_ref == "2026-03-02"


def test_a_baseline_figure_is_an_earlier_moment(nlp):
    claims = extract(
        nlp,
        "Police said 87,000 people took to the streets, up from 61,000 last week.",
        published=date(2026, 3, 13),
    )
    assert one(claims, 61000).time_ref == "earlier"
    assert one(claims, 87000).time_ref != "earlier"


def test_an_undated_sentence_takes_the_lead_day(nlp):
    claims = extract(
        nlp,
        "Tens of thousands marched against the plan on Saturday.",
        "Organisers said 70,000 people took part.",
        published=date(2026, 3, 16),  # a Monday
    )
    assert one(claims, 70000).time_ref == "2026-03-14"


def test_initially_marks_an_earlier_report(run):
    assert one(run("Officials had initially put the death toll at 2,100."), 2100).time_ref == (
        "earlier"
    )


def test_day_expressions():
    published = date(2026, 3, 13)
    assert event_day("this Tuesday", published) == "2026-03-10"
    assert event_day("December 30", published) == "2025-12-30"
    assert event_day("Jan. 19, 2024", published) == "2024-01-19"
    assert event_day("Thursday", None) == "thursday"
    assert event_day("the same month", published) == ""
    assert written_days("published 2025-06-14; on June 15, 2025 we") == [
        "2025-06-15",
        "2025-06-14",
    ]


# --- who -------------------------------------------------------------------------------


def test_each_according_to_speaks_for_its_own_figure(run):
    claims = run(
        "The rally drew 4,000 people according to the police and 15,000 according to the union."
    )
    assert one(claims, 4000).source.name == "police"
    assert one(claims, 15000).source.name == "union"


def test_the_agent_of_a_passive_reporting_verb_speaks(run):
    claim = one(run("The toll rose to 58, as reported by the Red Crescent."), 58)
    assert claim.source.name == "Red Crescent"


def test_a_bare_definite_description_stands_for_the_speaker_named_before(run):
    claims = run(
        "The Food Relief Organization said 3,000 families had fled.",
        "The agency said 420 shelters were open.",
    )
    assert one(claims, 420).source.name == "Food Relief Organization"


def test_a_named_institution_is_not_taken_for_the_one_before(run):
    claims = run(
        "The Food Relief Organization said 3,000 families had fled.",
        "The electoral council said 420 polling stations were open.",
    )
    assert one(claims, 420).source.name != "Food Relief Organization"


def test_a_further_event_keeps_its_own_toll(run):
    claims = run(
        "Officials said 2,053 people were killed in Saturday's quakes.",
        "Another earthquake struck on Wednesday morning in the same area.",
        "Officials said one person died and 130 were injured.",
        "Two days later, officials said 2,100 people had died in all.",
        "The rescue agency said 2,150 people had died.",
    )
    assert one(claims, 1).scope == "another earthquake"
    assert one(claims, 130).scope == "another earthquake"
    assert one(claims, 2053).scope == ""
    assert one(claims, 2150).scope == ""  # two paragraphs on, the story's own toll again


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("one in five trains was cancelled", 20.0, "percent"),
        ("one in two flights was cancelled", 50.0, "percent"),
        ("1 in 10 adults", 10.0, "percent"),
        ("the rally drew 1,19,000 people", 119000.0, None),
    ],
)
def test_shares_written_as_ratios_and_indian_digit_groups(text, value, unit):
    from claims.extraction.quantities import find_quantities

    [mention] = find_quantities(text)
    assert (mention.low, mention.high, mention.unit) == (value, value, unit)


def test_a_count_in_boxes_is_no_ratio():
    from claims.extraction.quantities import find_quantities

    assert [m.low for m in find_quantities("I count 12 in six boxes")] == [12.0, 6.0]


# --- zeros and negations -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "family", "hedged"),
    [
        ("There were no immediate reports of casualties.", "casualties", True),
        ("The army did not suffer casualties, a spokesman said.", "casualties", False),
        ("No Americans were harmed, the ministry said.", "casualties", False),
        ("No lives were lost in the fire.", "deaths", False),
    ],
)
def test_absences_are_zero_claims(run, sentence, family, hedged):
    [claim] = quantities(run(sentence))
    assert (claim.low, claim.high) == (0, 0)
    assert claim.family == family
    assert claim.hedged is hedged
    assert not claim.negated


def test_two_days_of_one_month_are_both_written_days():
    assert written_days("the night between June 13 and 14, 2023, near the coast") == [
        "2023-06-13",
        "2023-06-14",
    ]
    assert set(written_days("on 13-14 June 2023")) == {"2023-06-13", "2023-06-14"}


def test_days_without_a_year_take_the_articles_year():
    from datetime import date

    from claims.extraction.moments import dated_days, written_month_days

    assert written_month_days("On Monday, July 29, the council spoke; by 2 August") == [
        "07-29",
        "08-02",
    ]
    signature = {"days": {"2024-07-28": 1}, "month_days": {"07-29": 1, "12-30": 1}}
    # December 30 would fall after a September article: it is last year's.
    assert dated_days(signature, date(2024, 9, 21)) == ["2024-07-28", "2024-07-29", "2023-12-30"]
    assert dated_days(signature, None) == ["2024-07-28"]


def test_a_page_time_stamp_is_not_a_day_the_story_names():
    assert written_days("Jan 04, 2025 04:35 PM IST The facility in Glasgow") == []
    assert written_days("the ferry sank on June 14, 2023 at 2 a.m.") == ["2023-06-14"]


def test_a_spelled_out_count_closes_with_its_units():
    from claims.extraction.quantities import find_quantities

    found = [(m.low, m.high) for m in find_quantities("obtained 5 million 150 thousand 92 votes")]
    assert found == [(5_150_092.0, 5_150_092.0)]
    # Digits after a lone thousand stay a number of their own.
    assert len(find_quantities("had 2 thousand 300 people")) == 2


# --- the day of a comparison, a flashback, a running total -------------------------------------


def test_a_baseline_that_names_its_day_is_that_days_figure(nlp):
    claims = extract(
        nlp,
        "The hardline union put the number of protesters at 3.1 million nationwide, a figure it "
        "said compared to 2.2 million on January 26.",
        "The ministry said 520,000 people marched, slightly more than the 510,000 estimated "
        "during an earlier round of strikes on February 2.",
        published=date(2026, 3, 10),
    )
    assert one(claims, 2200000).time_ref == "2026-01-26"
    assert one(claims, 510000).time_ref == "2026-02-02"


def test_a_date_inside_a_comparison_does_not_date_the_claim(nlp):
    claims = extract(
        nlp,
        "In Nantes, 9,000 people marched on Tuesday, according to the prefecture, against "
        "14,000 demonstrators last Saturday.",
        published=date(2026, 3, 12),  # a Thursday
    )
    assert one(claims, 9000).time_ref == "2026-03-10"
    assert one(claims, 14000).time_ref != "2026-03-10"


def test_a_flashback_date_does_not_carry_to_the_next_sentence(nlp):
    claims = extract(
        nlp,
        "Crowds filled the streets of Lille on Thursday. On March 2, the police had counted "
        "18,000 marchers. This time 25,000 people marched, the union said.",
        published=date(2026, 3, 13),  # a Friday
    )
    assert one(claims, 18000).time_ref == "2026-03-02"
    assert one(claims, 25000).time_ref == "2026-03-12"


def test_an_undated_running_total_is_the_total_as_of_the_report(nlp):
    claims = extract(
        nlp,
        "A ferry sank off the island on Monday.",
        "So far 41 people have been rescued and 17 bodies retrieved, the coast guard said.",
        published=date(2026, 5, 14),  # a Thursday
    )
    assert one(claims, 17).family == "deaths"
    assert one(claims, 17).time_ref == "2026-05-14"


# --- whose share -------------------------------------------------------------------------------


def test_a_share_restating_a_vote_count_is_the_same_candidates(run):
    claims = run(
        "Ortega, the council said, obtained 3,210,400 votes, that is, 53.1 percent of the total."
    )
    assert one(claims, 53.1).family == "share:ortega"


def test_a_sides_group_claims_a_share_for_its_candidate(run):
    claims = run(
        "The ruling party's Ana Ortega won 52 percent, while opposition candidate Luis Ramos "
        "Vidal received 45 percent, the council said.",
        "But the opposition alliance insisted it had won 64 percent of the vote.",
    )
    assert one(claims, 45).family == "share:ramos"
    assert one(claims, 64).family == "share:ramos"


def test_a_rival_count_compared_without_time_is_the_same_moments(nlp):
    claims = extract(
        nlp,
        "Crowds marched through Lyon on Thursday.",
        "The prefecture counted 12,000 demonstrators, ten times less than the 120,000 put "
        "forward by the union.",
        "The police counted 9,000 people against 7,000 during the last mobilization.",
        published=date(2026, 3, 13),  # a Friday
    )
    assert one(claims, 120000).time_ref == one(claims, 12000).time_ref == "2026-03-12"
    assert one(claims, 7000).time_ref == "earlier"


def test_a_count_the_parse_hangs_on_according_takes_the_clauses_place(run):
    claims = run(
        "In Toulouse, 20,000 people marched, the prefecture said.",
        "Between 4,500 people, according to the police, and nearly 30,000 demonstrators, "
        "according to the unions, demonstrated in Rennes.",
    )
    assert one(claims, 30000).scope == "Rennes"


def test_the_same_update_is_the_moment_of_the_report_before(nlp):
    claims = extract(
        nlp,
        "The agency gave a preliminary figure of 320 dead. Local officials gave an estimate of "
        "100 people killed, according to the same update from the agency.",
        published=date(2026, 10, 8),
    )
    assert one(claims, 320).time_ref == "earlier"
    assert one(claims, 100).time_ref == "earlier"


def test_a_toll_where_a_named_district_is_that_districts(run):
    claims = run(
        "The epicentre was in Kala Mir district, where 412 people died, according to the agency."
    )
    assert one(claims, 412).scope == "Kala Mir"


def test_a_headline_count_for_an_organisation_is_its_count(run):
    claims = run(
        "Strike: 2.1 million demonstrators in France for the CGT, 800,000 according to police"
    )
    assert one(claims, 2100000).source.name == "CGT"
    assert one(claims, 2100000).scope == ""
    assert one(claims, 800000).family == "participants"


def test_votes_for_a_candidate_stay_the_candidates(run):
    claims = run("The council said Ortega won 3.2 million votes, against 2.9 million for Ramos.")
    assert one(claims, 2900000).family == "votes:ramos"
    assert one(claims, 2900000).source.name != "Ramos"  # votes for him, not his count


def test_a_compared_figure_counts_what_it_is_compared_with(run):
    claims = run(
        "In Lyon the prefecture counted 12,000 demonstrators, ten times less than the 120,000 "
        "put forward by the union."
    )
    assert one(claims, 120000).family == "participants"


def test_people_an_event_drew_or_who_went_to_it_are_its_participants(run):
    claims = run(
        "The ministry said the march in Lyon drew 45,000 people.",
        "According to the police, 30,000 people went to the rallies in Nantes.",
        "In all, 1.3 million people came out to protest, the union said.",
    )
    assert (one(claims, 45000).family, one(claims, 45000).scope) == ("participants", "Lyon")
    assert (one(claims, 30000).family, one(claims, 30000).scope) == ("participants", "Nantes")
    assert one(claims, 1300000).family == "participants"


def test_the_capital_of_the_country_an_article_names(run):
    claims = run(
        "Protesters marched across France on Monday against the pension plan.",
        "The interior ministry counted 782,000 protesters, including 112,000 in the capital.",
    )
    assert one(claims, 112000).scope == "Paris"


def test_people_in_custody_are_arrests(run):
    claims = run("Seven men suspected of smuggling are in pretrial custody in Italy.")
    assert one(claims, 7).family == "arrests"


def test_people_there_were_on_board(run):
    claims = run("According to survivors on board there were more than 400 people.")
    assert one(claims, 400).family == "aboard"


def test_a_decimal_that_leaves_out_its_pairs_scale_word(run):
    claims = run(
        "On Tuesday, between 1.4 million people marched, according to the police, and 3.1, "
        "according to the unions."
    )
    assert one(claims, 3100000).family == "participants"


def test_a_decimal_with_no_pair_keeps_its_value(run):
    assert one(run("The union said 2.5 percent of members voted."), 2.5).unit == "percent"


def test_a_bracketed_figure_of_an_earlier_day_is_that_days(nlp):
    claims = extract(
        nlp,
        "In Lille, the union claimed 45,000 demonstrators on Thursday, more than the last day "
        "of mobilization on Saturday (30,000).",
        published=date(2026, 3, 13),  # a Friday
    )
    assert one(claims, 30000).family == "participants"
    assert one(claims, 30000).time_ref == "2026-03-07"
    assert one(claims, 45000).time_ref == "2026-03-12"


def test_money_for_an_organisation_is_not_its_count(run):
    claims = run("The government set aside 2 million euros for the ministry, an official said.")
    assert one(claims, 2000000).source.name != "ministry"


def test_a_vote_share_is_as_of_the_bulletin_its_sentence_dates(nlp):
    claims = extract(
        nlp,
        "On Friday, August 2, the electoral body issued a second bulletin, claiming that Ortega "
        "had obtained 51.95% compared to 43.18% for Ramos.",
        published=date(2026, 9, 21),
    )
    assert one(claims, 43.18).time_ref == "2026-08-02"


def test_others_are_people(run):
    claims = run("The crush killed 125 people and 323 others were injured.")
    assert one(claims, 323).family == "injuries"


def test_raising_a_toll_from_a_figure_makes_it_the_earlier_one(nlp):
    claims = extract(
        nlp,
        "A local official said 174 had died by Sunday afternoon, raising the toll from 129.",
        "Authorities revised the confirmed death toll from 79 to 78 after a recount.",
        published=date(2026, 10, 2),
    )
    assert one(claims, 129).time_ref == "earlier"
    assert one(claims, 174).time_ref != "earlier"
    assert one(claims, 79).time_ref == "earlier"
    assert one(claims, 78).time_ref != "earlier"


def test_the_name_that_closes_a_long_role_phrase_speaks(run):
    claims = run(
        '"33 children died," deputy for special child protection at the ministry Nahar said.',
        "The toll is 125, Chief of the Public Relations Division of the National Police "
        "Inspector General Dedi Prasetyo said on Tuesday.",
    )
    assert one(claims, 33).source.name == "Nahar"
    assert one(claims, 125).source.name == "Dedi Prasetyo"


def test_a_country_name_used_as_an_adjective_is_its_demonym():
    from claims.extraction.sources import canonical_institution

    assert canonical_institution("Indonesia authorities") == "Indonesian authorities"
    assert canonical_institution("US military") == "US military"


def test_a_when_clause_is_the_day_it_hangs_on(nlp):
    claims = extract(
        nlp,
        "In the capital, police said 87,000 people took to the streets Tuesday, up from 80,000 "
        "in the first big protest on Jan. 19, when authorities said 1 million people "
        "demonstrated nationwide.",
        published=date(2023, 1, 31),
    )
    assert one(claims, 1000000).time_ref == "2023-01-19"
    assert one(claims, 87000).time_ref == "2023-01-31"


def test_a_toll_of_a_figure_counts_deaths_not_the_figure(run):
    claims = run(
        "The government said 1,000 people were killed, revising down an earlier toll of over 2,000."
    )
    assert one(claims, 2000).family == "deaths"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Over the past three days, conflicting figures were published.", 3),
        ("News of the war in the last two days drew attention away.", 2),
        ("Five days after the flood, roads remain closed.", 5),
        ("The flood hit three villages.", None),
    ],
)
def test_how_long_after_the_event_a_text_says_it_was_written(text, days):
    from claims.extraction.moments import elapsed_days

    assert elapsed_days(text) == days


def test_a_subject_the_parser_read_as_the_object_of_after_speaks(run):
    claims = run(
        "Confusion over the toll emerged after the regional health office over the weekend "
        "announced 1,300 dead."
    )
    assert one(claims, 1300).source.name != "Confusion"


def test_others_counted_beside_a_total_are_another_group(run):
    claims = run("The office announced 10,100 missing in the city and an estimated 170 others.")
    assert one(claims, 170).scope != one(claims, 10100).scope
