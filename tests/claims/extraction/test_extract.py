"""Quantity and statement claims from extract_claims: one claim per number, its interval, what
it counts, its flags and its evidence span. Every sentence here is invented."""

from __future__ import annotations

import pytest

from claims.extraction import VERSION, ExtractedClaim, TextBlock, extract_claims
from tests.claims.extraction.conftest import OUTLET


def quantities(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    return [c for c in claims if c.kind == "quantity"]


def one_quantity(claims: list[ExtractedClaim]) -> ExtractedClaim:
    found = quantities(claims)
    assert len(found) == 1, [(c.quantity_text, c.family, c.evidence) for c in claims]
    return found[0]


def interval(claim: ExtractedClaim) -> tuple:
    return (claim.low, claim.high, claim.low_open, claim.high_open)


# --------------------------------------------------------------------------------------------
# Counts and their intervals
# --------------------------------------------------------------------------------------------


def test_exact_count_of_missile_strikes(run):
    claim = one_quantity(run("The army said 22 missile strikes hit the airfield near Tarnow."))
    assert interval(claim) == (22, 22, False, False)
    assert claim.family == "projectiles"
    assert not claim.approximate
    assert claim.source.name == "army"


def test_more_than_a_dozen_is_open_below(run):
    claim = one_quantity(run("Rebels fired more than a dozen rockets at the town of Ostrava."))
    assert interval(claim) == (12, None, True, False)
    assert claim.family == "projectiles"


def test_dozens_is_at_least_24_and_approximate(run):
    claim = one_quantity(run("Dozens of shells landed near the hospital in Tarnow overnight."))
    assert (claim.low, claim.high) == (24, None)
    assert claim.approximate
    assert claim.family == "projectiles"


def test_no_casualties_is_zero_casualties(run):
    claim = one_quantity(run("The ministry said there were no casualties in the attack."))
    assert interval(claim) == (0, 0, False, False)
    assert claim.family == "casualties"
    assert not claim.negated


def test_nobody_was_hurt_is_zero_injuries(run):
    claim = one_quantity(run("Nobody was hurt in the explosion at the depot, police said."))
    assert (claim.low, claim.high) == (0, 0)
    assert claim.family == "injuries"
    assert claim.source.name == "police"


def test_killing_all_people_counts_deaths(run):
    claim = one_quantity(
        run("The airliner crashed shortly after take-off, killing all 176 people on board.")
    )
    assert (claim.low, claim.high) == (176, 176)
    assert claim.family == "deaths"


def test_at_least_people_died_is_open_above(run):
    claim = one_quantity(run("At least 7 people died in the warehouse fire on Sunday."))
    assert interval(claim) == (7, None, False, False)
    assert claim.family == "deaths"


def test_about_is_an_approximate_point(run):
    claim = one_quantity(run("About 3,000 marchers crossed the bridge into the old town."))
    assert (claim.low, claim.high) == (3000, 3000)
    assert claim.approximate


def test_exact_number_is_not_approximate(run):
    claim = one_quantity(run("Exactly 3,000 marchers crossed the bridge into the old town."))
    assert (claim.low, claim.high) == (3000, 3000)
    assert not claim.approximate


def test_price_per_barrel(run):
    claim = one_quantity(run("Brent crude rose to $65.54 a barrel on Tuesday morning."))
    assert (claim.low, claim.high) == (pytest.approx(65.54), pytest.approx(65.54))
    assert claim.unit == "USD per barrel"
    assert claim.family.startswith("price")


def test_more_than_a_percentage(run):
    claim = one_quantity(run("Food prices in Kelvia rose more than 4.5% in March."))
    assert interval(claim) == (pytest.approx(4.5), None, True, False)
    assert claim.unit == "percent"


def test_two_quantities_in_one_sentence_share_its_source(run):
    claims = quantities(run("The army said it suffered no casualties in 22 missile strikes."))
    assert len(claims) == 2
    zero = next(c for c in claims if c.low == 0)
    strikes = next(c for c in claims if c.low == 22)
    assert zero.family == "casualties"
    assert (zero.low, zero.high) == (0, 0)
    assert strikes.family == "projectiles"
    assert zero.source.name == strikes.source.name == "army"
    assert zero.attributed
    assert strikes.attributed


def test_reports_of_victims_is_at_least_one_and_hedged(run):
    claim = one_quantity(run("The agency cited reports of victims in the village of Ostrava."))
    assert (claim.low, claim.high) == (1, None)
    assert claim.family == "casualties"
    assert claim.hedged


def test_plain_count_is_not_hedged(run):
    claim = one_quantity(run("The agency said 3 villagers were injured in the village."))
    assert not claim.hedged


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry released the 4th update of its flood report on Tuesday.",
        "The new factory in Tarnow opened its doors in 2019 to great fanfare.",
        "The river burst its banks on January 8, flooding the lower town.",
        "Flight 752 crashed shortly after take-off from the capital, officials said.",
    ],
)
def test_ordinals_years_dates_and_flight_numbers_are_not_counts(run, sentence):
    claims = run(sentence)
    assert claims  # the sentence is still a statement
    assert quantities(claims) == []


def test_flight_number_does_not_hide_the_real_count(run):
    claim = one_quantity(run("Flight 752 crashed after take-off, killing all 176 people on board."))
    assert claim.low == 176
    assert claim.family == "deaths"


def test_one_claim_per_number(run):
    claims = quantities(
        run("Rebels fired 12 rockets and 3 drones at the base, wounding 5 soldiers.")
    )
    assert sorted(c.low for c in claims) == [3, 5, 12]


# --------------------------------------------------------------------------------------------
# Evidence spans
# --------------------------------------------------------------------------------------------


def test_evidence_is_the_body_slice(nlp):
    paragraphs = [
        "Tarnow flood update",
        "The town council said 14 homes were flooded.",
        "About 300 residents were moved to the school, where volunteers served meals.",
    ]
    body = "\n\n".join(paragraphs)
    blocks, position = [], 0
    for paragraph in paragraphs:
        blocks.append(TextBlock(position, paragraph))
        position += len(paragraph) + 2
    claims = extract_claims(blocks, outlet=OUTLET, nlp=nlp).claims
    assert len(quantities(list(claims))) == 2
    for claim in claims:
        assert body[claim.start : claim.end] == claim.evidence
        assert claim.quantity_text in claim.evidence


def test_block_offset_shifts_every_claim(nlp):
    text = "The town council said 14 homes were flooded. The ministry denied any delay."
    at_zero = extract_claims([TextBlock(0, text)], outlet=OUTLET, nlp=nlp).claims
    at_500 = extract_claims([TextBlock(500, text)], outlet=OUTLET, nlp=nlp).claims
    assert len(at_zero) == len(at_500) >= 2
    body = " " * 500 + text
    for a, b in zip(at_zero, at_500, strict=True):
        assert (b.start, b.end) == (a.start + 500, a.end + 500)
        assert b.evidence == a.evidence
        assert body[b.start : b.end] == b.evidence


def test_result_carries_version_and_is_deterministic(nlp):
    blocks = [TextBlock(0, "The town council said 14 homes were flooded on Monday.")]
    first = extract_claims(blocks, outlet=OUTLET, nlp=nlp)
    second = extract_claims(blocks, outlet=OUTLET, nlp=nlp)
    assert first.version == VERSION
    assert first.claims == second.claims


# --------------------------------------------------------------------------------------------
# Statements
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        (
            "The harbour authority said the ferry would resume service on Friday.",
            "harbour authority",
        ),
        ("Tomas Reiner said the levee had been inspected.", "Tomas Reiner"),
        ("According to the fire service, the blaze was started deliberately.", "fire service"),
    ],
)
def test_reported_statement_without_a_number_is_a_statement_claim(run, sentence, speaker):
    claims = run(sentence)
    assert len(claims) == 1
    claim = claims[0]
    assert claim.kind == "statement"
    assert claim.source.name == speaker
    assert claim.attributed
    assert (claim.low, claim.high) == (None, None)
    assert claim.family == ""


def test_reported_number_is_not_also_a_statement(run):
    claims = run("The town council said 14 homes were flooded.")
    assert [c.kind for c in claims] == ["quantity"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry denied that troops had crossed the border.",
        "Acme Mining said the smelting plant did not close.",
        "The governor said the water supply was not contaminated.",
    ],
)
def test_negated_statements(run, sentence):
    claims = run(sentence)
    assert len(claims) == 1
    assert claims[0].kind == "statement"
    assert claims[0].attributed
    assert claims[0].negated


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry confirmed that troops had crossed the border.",
        "Acme Mining said the smelting plant closed.",
    ],
)
def test_affirmative_statements_are_not_negated(run, sentence):
    claims = run(sentence)
    assert len(claims) == 1
    assert not claims[0].negated


def test_hedged_statement(run):
    claims = run("Witnesses said the mayor may have left the city before the flood.")
    assert len(claims) == 1
    assert claims[0].hedged


def test_short_fragments_are_not_statements(run):
    assert run("Tarnow flood update") == []


def test_a_qualified_toll_is_a_part_of_the_toll(run):
    claims = run("Officials said 31 people died instantly and the toll later rose to 35.")
    instantly = next(c for c in claims if c.low == 31)
    assert instantly.family == "deaths"
    assert instantly.scope == "instantly"


def test_a_toll_that_passes_a_figure_is_more_than_it(run):
    (claim,) = [c for c in run("The death toll passed three dozen on Sunday.") if c.low]
    assert (claim.low, claim.high, claim.low_open) == (36, None, True)


def test_counts_of_different_groups_are_different_slots(run):
    claims = run("The port authority said 212 passengers and 14 crew were on board.")
    scopes = {c.low: c.scope_key for c in claims}
    assert scopes[212] != scopes[14]
