"""Who asserts a claim: reporting cues, pronouns, quotations and the outlet's own voice.

Every sentence here is invented; names and places are fictional.
"""

from __future__ import annotations

import pytest

from claims.extraction import ExtractedClaim
from claims.extraction.sources import fold
from tests.claims.extraction.conftest import OUTLET


def only(claims: list[ExtractedClaim], **wanted) -> ExtractedClaim:
    found = [c for c in claims if all(getattr(c, k) == v for k, v in wanted.items())]
    assert len(found) == 1, [(c.kind, c.source.name, c.evidence) for c in claims]
    return found[0]


def containing(claims: list[ExtractedClaim], words: str) -> ExtractedClaim:
    """The one claim whose evidence holds `words`."""
    found = [c for c in claims if words in c.evidence]
    assert len(found) == 1, [(c.kind, c.source.name, c.evidence) for c in claims]
    return found[0]


def assert_source(claim: ExtractedClaim, name: str) -> None:
    assert claim.attributed, claim
    assert fold(claim.source.name) == fold(name), claim.source.name


# --------------------------------------------------------------------------------------------
# Reporting frames
# --------------------------------------------------------------------------------------------


def test_subject_said_attributes_the_clause(run):
    claim = only(run("The town council said the ferry service would resume on Friday."))
    assert claim.kind == "statement"
    assert_source(claim, "town council")


def test_inverted_said_after_the_clause_attributes_to_the_named_person(run):
    claim = only(run("The talks will resume in Ostrava on Monday, said Jana Novak."))
    assert_source(claim, "Jana Novak")
    assert claim.source.kind == "person"


def test_quotation_followed_by_said_the_ministry(run):
    claim = only(run("\u201cThe power plant will reopen next week,\u201d said the ministry."))
    assert_source(claim, "ministry")
    assert claim.source_mention == "ministry"


def test_according_to_at_the_start_of_the_sentence(run):
    claim = only(run("According to the fire service, the blaze was started deliberately."))
    assert_source(claim, "fire service")


def test_according_to_with_a_number_at_the_start(run):
    claim = only(
        run("According to the police, at least 7 people died in the blaze."), kind="quantity"
    )
    assert_source(claim, "police")
    assert claim.family == "deaths"


def test_according_to_at_the_end_covers_both_clauses(run):
    claims = run(
        "Three bridges collapsed and 40 homes were flooded, according to the city council."
    )
    bridges = only(claims, low=3)
    homes = only(claims, low=40)
    assert_source(bridges, "city council")
    assert_source(homes, "city council")
    assert not any(c.source.name == OUTLET for c in claims)


def test_according_to_at_the_end_covers_a_statement_of_two_clauses(run):
    claim = only(
        run("The bridge collapsed and the road was closed, according to the city council.")
    )
    assert_source(claim, "city council")
    assert "bridge collapsed" in claim.evidence
    assert "road was closed" in claim.evidence


def test_possessive_statement_is_attributed_to_its_owner(run):
    claims = run(
        "Acme Mining said the mine would reopen in the spring.",
        "Acme Mining's statement said the ventilation shaft was safe.",
    )
    said = containing(claims, "would reopen")
    statement = containing(claims, "shaft was safe")
    assert_source(said, "Acme Mining")
    assert statement.source.name == said.source.name


def test_possessive_statement_is_not_attributed_to_the_document(run):
    claim = only(run("Acme Mining's statement said the ventilation shaft was safe."))
    assert claim.attributed
    assert "acme mining" in fold(claim.source.name)
    assert "statement" not in fold(claim.source.name)


def test_statement_by_a_spokesman_is_attributed_to_the_spokesman(run):
    claim = only(
        run("The statement by Acme Mining's spokesman said the ventilation shaft was safe.")
    )
    assert claim.attributed
    assert fold(claim.source.name) == "acme mining spokesman"
    assert "statement" not in fold(claim.source.name)


def test_said_with_a_colon_before_the_quotation(run):
    claim = only(
        run("Chief Inspector Mara Holt said: \u201cWe will find whoever started this fire.\u201d")
    )
    assert_source(claim, "Mara Holt")
    assert claim.source.kind == "person"


# --------------------------------------------------------------------------------------------
# Speech verbs
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Officials told reporters that the Tarnow dam was safe.", "Officials"),
        ("The mayor added that the Tarnow dam was safe.", "mayor"),
        ("The general warned that the Tarnow dam could fail.", "general"),
        ("The Kelvian rail company pledged to rebuild the station.", "Kelvian rail company"),
        ("The militia threatened to attack the aid convoy.", "militia"),
        ("The ministry announced that the airport would reopen.", "ministry"),
        ("Police confirmed that the suspect had been arrested.", "Police"),
        ("The governor insisted that the tap water was safe.", "governor"),
        ("The minister stressed that the talks would continue.", "minister"),
    ],
)
def test_speech_verb_attributes_to_its_subject(run, sentence, speaker):
    claim = only(run(sentence))
    assert claim.kind == "statement"
    assert_source(claim, speaker)
    assert not claim.negated


def test_claimed_is_hedged(run):
    claim = only(run("The rebels claimed that the Tarnow dam had been destroyed."))
    assert_source(claim, "rebels")
    assert claim.hedged


def test_claimed_with_a_number_is_hedged(run):
    claim = only(run("The rebels claimed 40 soldiers were killed in the ambush."))
    assert claim.kind == "quantity"
    assert_source(claim, "rebels")
    assert claim.hedged
    assert (claim.low, claim.high, claim.family) == (40, 40, "deaths")


def test_said_is_not_hedged(run):
    claim = only(run("The army said 40 soldiers were killed in the ambush."))
    assert not claim.hedged


def test_denied_is_a_negated_statement(run):
    claim = only(run("The ministry denied that troops had crossed the border."))
    assert claim.kind == "statement"
    assert_source(claim, "ministry")
    assert claim.negated


def test_confirmed_is_not_negated(run):
    claim = only(run("The ministry confirmed that troops had crossed the border."))
    assert not claim.negated


def test_denied_number_is_negated(run):
    claim = only(run("The ministry denied that 40 soldiers were killed in the ambush."))
    assert_source(claim, "ministry")
    assert claim.negated


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("The mayor spoke for an hour, adding that the Tarnow dam was safe.", "mayor"),
        ("The senator criticised the budget, slamming the cuts to hospitals.", "senator"),
        ("The union called off the strike, citing progress in the pay talks.", "union"),
    ],
)
def test_participle_shares_the_subject_of_its_verb(run, sentence, speaker):
    claims = run(sentence)
    assert claims
    for claim in claims:
        assert_source(claim, speaker)


def test_participle_shares_the_subject_for_a_number(run):
    claim = only(
        run("The coastguard ended the search, adding that 12 fishermen were still missing."),
        kind="quantity",
    )
    assert_source(claim, "coastguard")
    assert claim.low == 12


# --------------------------------------------------------------------------------------------
# Passives
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Residents were warned of the flood.",
        "Residents were warned that the river would burst its banks.",
        "Coalition troops were told that the base would be attacked.",
    ],
)
def test_passive_speech_verb_does_not_attribute_to_its_subject(run, sentence):
    claims = run(sentence)
    assert claims
    for claim in claims:
        assert not claim.attributed
        assert claim.source.name == OUTLET
        assert "resident" not in fold(claim.source.name)


# --------------------------------------------------------------------------------------------
# Pronouns and quotations across sentences and paragraphs
# --------------------------------------------------------------------------------------------


def test_he_said_in_the_next_paragraph_takes_the_named_person(run):
    claims = run(
        "Tomas Reiner said the levee had been inspected.",
        "He said the repairs would cost nothing extra.",
    )
    claim = containing(claims, "He said")
    assert_source(claim, "Tomas Reiner")
    assert claim.source_mention == "He"


def test_he_said_in_the_same_paragraph_takes_the_named_person(run):
    claims = run(
        "Tomas Reiner said the levee had been inspected. He said the repairs would end in May."
    )
    assert_source(containing(claims, "He said"), "Tomas Reiner")


def test_he_said_skips_an_organisation_named_in_between(run):
    claims = run(
        "Tomas Reiner said the levee was sound. The Harbour Authority said the storm had passed.",
        "He warned that the port would stay closed.",
    )
    assert_source(containing(claims, "He warned"), "Tomas Reiner")


def test_he_said_after_a_person_named_without_speaking(run):
    claims = run(
        "Prime Minister Tomas Reiner arrived in the flooded capital on Monday.",
        "He said the airport would reopen within a week.",
    )
    assert_source(containing(claims, "He said"), "Tomas Reiner")


def test_it_warned_takes_the_last_organisation(run):
    claims = run(
        "The Harbour Authority said the storm had passed. Tomas Reiner said the levee was fine.",
        "It warned that the port would stay closed.",
    )
    claim = containing(claims, "It warned")
    assert_source(claim, "Harbour Authority")
    assert claim.source.kind != "person"


def test_quotation_paragraph_continues_the_previous_speaker(run):
    claims = run(
        "Tomas Reiner said the levee had been inspected twice this week.",
        "\u201cThe levee will hold through the winter, whatever the river does.\u201d",
    )
    assert_source(containing(claims, "will hold"), "Tomas Reiner")


def test_quotation_paragraph_with_a_number_continues_the_previous_speaker(run):
    claims = run(
        "The town's fire chief, Jana Novak, said the crews were exhausted.",
        "\u201cWe pulled 14 people out of the water before midnight.\u201d",
    )
    claim = only(claims, kind="quantity")
    assert_source(claim, "Jana Novak")
    assert claim.low == 14


def test_quotation_over_three_paragraphs_belongs_to_the_first_speaker(run):
    claims = run(
        "Harbour master Piet Olsen said on Tuesday: \u201cThe first wave broke over the sea wall "
        "at midnight.",
        "\u201cBy dawn the water had reached the church and the school.",
        "\u201cOnly the lighthouse stayed dry, and that is where we sheltered.\u201d",
        "The coastguard later reopened the harbour to small fishing boats.",
    )
    for words in ("first wave", "By dawn", "lighthouse stayed dry"):
        assert_source(containing(claims, words), "Piet Olsen")
    after = containing(claims, "coastguard later reopened")
    assert not after.attributed
    assert after.source.name == OUTLET


# --------------------------------------------------------------------------------------------
# Several speakers in one sentence
# --------------------------------------------------------------------------------------------


def test_coordinated_reports_split_into_two_claims_with_two_sources(run):
    claims = run(
        "Kelvia said its forces suffered no casualties while Dravonia was concerned about "
        "reports of injuries."
    )
    assert len(claims) == 2
    kelvia = containing(claims, "no casualties")
    dravonia = containing(claims, "reports of injuries")
    assert_source(kelvia, "Kelvia")
    assert_source(dravonia, "Dravonia")
    assert (kelvia.low, kelvia.high, kelvia.family) == (0, 0, "casualties")
    assert dravonia.family == "injuries"
    assert dravonia.hedged
    assert "Dravonia" not in kelvia.evidence
    assert "Kelvia" not in dravonia.evidence


def test_coordinated_statements_split_by_speaker(run):
    claims = run(
        "Kelvia said its soldiers crossed the river while Dravonia said its troops stayed home."
    )
    assert {c.source.name for c in claims} == {"Kelvia", "Dravonia"}
    assert len(claims) == 2


# --------------------------------------------------------------------------------------------
# The outlet's own voice and relative clauses
# --------------------------------------------------------------------------------------------


def test_unattributed_sentence_belongs_to_the_outlet(run):
    claim = only(run("The river burst its banks overnight, flooding the lower town."))
    assert not claim.attributed
    assert claim.source.name == OUTLET
    assert claim.kind == "statement"


def test_unattributed_number_belongs_to_the_outlet(run):
    claim = only(run("At least 7 people died in the warehouse fire.", outlet="Northern Wire"))
    assert not claim.attributed
    assert claim.source.name == "Northern Wire"


def test_relative_clause_attributes_to_the_antecedent(run):
    claims = run(
        "Two miners died in the collapse of the shaft, owned by Acme Mining, which said the "
        "ventilation fans had failed."
    )
    fans = containing(claims, "fans had failed")
    assert_source(fans, "Acme Mining")
    deaths = only(claims, kind="quantity")
    assert deaths.family == "deaths"
    assert deaths.source.name != "Acme Mining"


def test_counted_speaker_still_makes_a_statement(run):
    claims = run("One official said the airport would reopen on Thursday.")
    statement = only(claims, kind="statement")
    assert statement.attributed
    assert "official" in fold(statement.source.name)
    assert not [c for c in claims if c.kind == "quantity"]


def test_each_quotation_belongs_to_the_cue_that_follows_it(run):
    claims = run(
        "\u201cThe pier is closed to all traffic,\u201d harbour master Ana Ruiz told reporters. "
        "\u201cThe ferry will not sail before Monday,\u201d said the operator's director Ivo Pek."
    )
    pier = next(c for c in claims if "pier is closed" in c.evidence)
    ferry = next(c for c in claims if "will not sail" in c.evidence)
    assert "Ruiz" in pier.source.name
    assert ferry.source.name == "Ivo Pek"


def test_two_apostrophes_mark_a_quotation(run):
    claims = run(
        "''The road to the valley will stay shut for a week,'' regional governor Mila Horvat "
        "said on Friday."
    )
    assert {c.source.name for c in claims} == {"Mila Horvat"}


def test_a_reported_figure_in_a_quotation_is_one_claim_not_two(run):
    claims = run("\u201cThe death toll has risen to 61,\u201d said the ministry spokesman.")
    assert [c.kind for c in claims] == ["quantity"]
