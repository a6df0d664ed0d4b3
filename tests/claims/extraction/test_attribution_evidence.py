"""Sources of evidence and opinion: who holds the figures, data and records a claim cites, who
is credited by "in the opinion of" and "For X, ...", and cues that speak for their own clause
only. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from claims.extraction.pipeline import blank_dateline
from tests.claims.extraction.conftest import OUTLET
from tests.claims.extraction.test_attribution import assert_source, containing


def valued(claims, quantity_text):
    """The one claim whose number reads `quantity_text`."""
    found = [c for c in claims if c.quantity_text == quantity_text]
    assert len(found) == 1, [(c.source.name, c.quantity_text) for c in claims]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "Floods have killed 14 people, according to figures provided by the Rivers Watch.",
            "Rivers Watch",
        ),
        (
            "The number of arrests rose to 63, according to data published online by Civic Ledger.",
            "Civic Ledger",
        ),
        ("Harbor Trust records show that 31 people drowned last year.", "Harbor Trust"),
        ("Some 12 people died, according to figures from the Red Crescent.", "Red Crescent"),
    ],
)
def test_evidence_is_credited_to_its_holder(run, sentence, speaker):
    assert_source(containing(run(sentence), sentence.split()[2]), speaker)


def test_bare_evidence_is_never_a_source_of_its_own(run):
    claims = run(
        "The Coast Authority said on Monday that rescuers were searching the bay.",
        "At least 40 people died, according to the figures.",
    )
    claim = containing(claims, "40")
    assert claim.source.name == "Coast Authority"


def test_bare_evidence_with_no_speaker_before_is_the_outlets(run):
    claim = containing(run("At least 40 people died, according to the data."), "40")
    assert claim.source.name == OUTLET
    assert not claim.attributed


def test_the_short_form_of_a_name_is_that_source(run):
    claims = run(
        "The Rivers Watch, a network of reporters, said 14 people had drowned.",
        "Of those 14 deaths, 30 percent happened at night, according to the Watch report.",
    )
    assert_source(valued(claims, "30 percent"), "Rivers Watch")


def test_in_the_opinion_of_credits_the_nearest_figure(run):
    claims = run(
        "Between 900,000 people marched, according to the ministry, and 2 million, "
        "in the opinion of the unions."
    )
    assert_source(valued(claims, "900,000"), "ministry")
    assert_source(valued(claims, "2 million"), "unions")


def test_a_sentence_opening_for_a_speaker_credits_the_speaker(run):
    assert_source(
        containing(run("For the union, 1.5 million people marched on Tuesday."), "1.5"), "union"
    )


def test_a_sentence_opening_for_something_else_credits_nobody(run):
    claim = containing(run("For the first time, 1.5 million people marched on Tuesday."), "1.5")
    assert not claim.attributed


def test_a_cue_with_its_own_content_does_not_speak_for_the_whole_sentence(run):
    claims = run(
        "Ms Okafor reported 120 detentions, while the attorney general, Tomas Reyes, stated "
        "that over 900 people had been arrested."
    )
    assert_source(valued(claims, "120"), "Okafor")
    assert_source(valued(claims, "over 900"), "Tomas Reyes")


def test_by_a_date_is_not_the_agent_of_an_active_verb(run):
    claims = run(
        "By Tuesday, the opposition coalition had published 80 percent of its copies of the "
        "tally sheets."
    )
    assert containing(claims, "80 percent").source.name != "Tuesday"


def test_the_organisation_after_a_closing_quotation_mark_glued_to_it(run):
    claims = run(
        "The Harbor Trust said the dead were counted on the coast.",
        "\u201cOur records show that 31 people drowned in the storm\u201dthe organisation said.",
    )
    assert_source(containing(claims, "31"), "Harbor Trust")


def test_the_ngo_stands_for_the_organisation_named_before(run):
    claims = run(
        "The Prison Rights Network said on Sunday that the detainees were held in three prisons.",
        "The NGO reported that 90 people had been released.",
    )
    assert_source(containing(claims, "90"), "Prison Rights Network")


@pytest.mark.parametrize(
    "paragraph",
    ["date 2024-07-30 As crowds gathered", "Published: 30 July 2024 As crowds gathered"],
)
def test_a_date_label_at_the_head_of_the_body_is_blanked(paragraph):
    blanked = blank_dateline(paragraph)
    assert len(blanked) == len(paragraph)
    assert blanked.lstrip().startswith("As crowds")


def test_of_two_subjects_the_one_that_can_speak_is_the_speaker(run):
    claims = run(
        "Two strong storms killed at least 12 people in the north on Friday, said a "
        "spokesperson for the regional emergency service."
    )
    assert valued(claims, "at least 12").source.name != "Two strong storms"
    assert valued(claims, "at least 12").attributed


def test_gave_an_estimate_credits_the_giver(run):
    claims = run("Local officials gave an estimate of 60 people killed.")
    assert_source(containing(claims, "60"), "Local officials")


def test_yet_to_release_the_tallies_credits_nobody(run):
    claims = run(
        "The election board has yet to release the tallies from each of the 9,000 polling stations."
    )
    assert not containing(claims, "9,000").attributed


def test_quoted_credits_the_one_quoted_not_the_outlet(run):
    claims = run(
        "The Daily Record quoted a spokesman for the fire brigade as saying that 23 homes "
        "had burned."
    )
    claim = containing(claims, "23")
    assert claim.attributed
    assert "brigade" in claim.source.name.lower() or "spokesman" in claim.source.name.lower()


def test_a_cue_above_beats_a_participle_hanging_from_the_claims_clause(run):
    claims = run(
        "Interior Minister Omar Haddad said rescue crews pulled 40 bodies from the sea, saying "
        "more would be found."
    )
    assert_source(valued(claims, "40"), "Omar Haddad")


@pytest.mark.parametrize("verb", ["clarified", "underscored", "hinted"])
def test_more_verbs_of_speech(run, verb):
    claims = run(f"The Coast Guard {verb} on Thursday that 78 bodies had been recovered.")
    assert_source(containing(claims, "78"), "Coast Guard")


def test_according_to_which_credits_the_document_before_it(run):
    claims = run(
        "The paper cites a summary of the Farmers Union, according to which 40,000 tractors "
        "joined the blockade."
    )
    assert "farmers union" in valued(claims, "40,000").source.name.lower()


def test_counts_side_by_side_each_take_the_phrase_right_after_them(run):
    claims = run(
        "Day of action: 1.2 million marchers nationwide, according to the union, 310,000, "
        "estimates the ministry."
    )
    assert_source(valued(claims, "1.2 million"), "union")
    assert_source(valued(claims, "310,000"), "ministry")


def test_a_count_in_brackets_takes_its_own_according_to(run):
    claims = run(
        "The record dates back to May 2, with 500,000 marchers, according to the union "
        "(61,000, according to the police)."
    )
    assert_source(valued(claims, "500,000"), "union")
    assert_source(valued(claims, "61,000"), "police")


def test_a_count_put_forward_by_a_speaker_is_that_speakers(run):
    claims = run(
        "In Lyon the police counted 9,000 marchers, far fewer than the 60,000 put forward "
        "by the union."
    )
    assert_source(valued(claims, "9,000"), "police")
    assert_source(valued(claims, "60,000"), "union")


def test_counted_in_an_organisation_credits_the_organisation(run):
    claims = run("Some 700 thousand participants were counted in the CFDT.")
    assert_source(valued(claims, "Some 700 thousand"), "CFDT")


def test_an_unclosed_quotation_that_reports_speakers_is_a_stray_mark(run):
    claims = run(
        "\u201cAccording to the prefecture, 52,000 people marched in the city. Interior "
        "Minister Paul Roche said at least 40 police officers were hurt."
    )
    assert_source(valued(claims, "52,000"), "prefecture")
    assert_source(valued(claims, "at least 40"), "Paul Roche")


def test_a_clause_that_sets_the_scene_is_the_outlets(run):
    claims = run(
        "As thousands of people marched across the country, opposition leader Ana Ruiz "
        "announced Monday that her campaign held 70% of the tally sheets."
    )
    assert not valued(claims, "thousands").attributed
    assert_source(valued(claims, "70%"), "Ana Ruiz")


def test_words_after_a_closing_quotation_mark_are_not_the_quotations(run):
    claims = run(
        "\u201cWe have the proof,\u201d Ruiz said as dozens of supporters cheered outside."
    )
    assert not valued(claims, "dozens").attributed


def test_according_to_her_takes_the_person_named_before(run):
    claims = run(
        "Opposition leader Ana Ruiz spoke to reporters on Monday.",
        "According to her, the tally sheets show 7.1 million votes for Ortega.",
    )
    assert_source(valued(claims, "7.1 million"), "Ana Ruiz")


def test_a_headlines_official_is_the_person_its_lead_names(run):
    claims = run(
        "About 300 villagers were trapped by the flood, official says",
        "LAHORE (AP) \u2014 Interior Minister Sara Malik says about 300 villagers were trapped by "
        "the flood on Monday.",
    )
    headline = [c for c in claims if c.start < 60 and c.kind == "quantity"]
    assert headline
    assert_source(headline[0], "Sara Malik")


def test_a_headlines_named_speaker_stays(run):
    claims = run(
        "About 300 villagers were trapped, Red Crescent says",
        "Interior Minister Sara Malik says about 300 villagers were trapped by the flood.",
    )
    headline = [c for c in claims if c.start < 50 and c.kind == "quantity"]
    assert headline
    assert_source(headline[0], "Red Crescent")


def test_bare_reports_credit_nobody_and_hedge(run):
    claim = valued(
        run("Reports suggested between 300 and 500 people were on the ferry."),
        "between 300 and 500",
    )
    assert not claim.attributed
    assert claim.hedged


def test_declaring_a_period_of_mourning_is_an_act_not_a_claim(run):
    claim = valued(run("Italy declared three days of national mourning."), "three")
    assert not claim.attributed


def test_declaring_a_winner_with_a_share_is_a_claim(run):
    claims = run("The electoral board declared Luis Ramos the winner with 51 percent.")
    assert valued(claims, "51 percent").attributed


def test_a_name_before_its_title_in_apposition_speaks(run):
    claims = run(
        "After the flood, Daniel Moreau, Senior Policy Advisor at Rivers Trust, said.",
        "\u201cAt least 40 homes were destroyed in the valley overnight.\u201d",
    )
    assert_source(valued(claims, "At least 40"), "Daniel Moreau")


def test_an_inverted_speaker_after_auxiliaries(run):
    claims = run(
        "\u201cWe expect 40,000 marchers in the city, had already estimated Ana Ruiz on "
        "Friday, the head of the union."
    )
    assert_source(valued(claims, "40,000"), "Ana Ruiz")


def test_an_inverted_title_with_the_name_in_apposition(run):
    claims = run(
        "\u201cWe see 2 million workers rejecting this reform,\u201d added the head of the "
        "union, Paul Roux."
    )
    assert_source(valued(claims, "2 million"), "Paul Roux")


def test_the_cited_newspaper_is_the_outlet_whose_copy_this_is(run):
    claims = run(
        "This number, 1.3 million, exceeds the last rally, according to the cited newspaper.",
        outlet="Le Journal",
    )
    claim = valued(claims, "1.3 million")
    assert claim.attributed
    assert claim.source.name == "Le Journal"


def test_names_after_a_role_word_make_a_person(run):
    claims = run(
        "Opposition leader Ana Lucia Ruiz said on Monday that the bloc obtained 73% of the votes.",
        "According to her, the tally sheets total 2,759,256 votes for Ortega.",
    )
    assert_source(valued(claims, "2,759,256"), "Ana Lucia Ruiz")


def test_evidence_nobody_holds_is_what_the_speaker_above_says_it_shows(run):
    claims = run(
        "The tally sheets in the opposition's hands showed 2.75 million votes for Ortega and "
        "6.27 million for his rival, former judge Luis Ramos, Ruiz said."
    )
    assert_source(valued(claims, "2.75 million"), "Ruiz")


def test_the_year_old_is_the_person_named_before(run):
    claims = run(
        "Kamal Haddad, who lives in Lyon, said he last heard from his brother on Monday. His "
        "brother had paid 4,500 euros for the crossing, the 34-year-old said."
    )
    assert_source(valued(claims, "4,500 euros"), "Kamal Haddad")
