"""A figure given as a multiple of the one before it ("Union estimates had doubled that
figure")."""

from claims.extraction import TextBlock, extract_claims


def _claims(nlp, *paragraphs):
    blocks, start = [], 0
    for text in paragraphs:
        blocks.append(TextBlock(start, text))
        start += len(text) + 2
    return extract_claims(blocks, outlet="Example News", nlp=nlp).claims


def test_a_doubled_figure_is_twice_the_count_before_it(nlp):
    claims = _claims(
        nlp,
        "Officials said 40,000 people marched in Lisbon on Tuesday. Union estimates had "
        "doubled that figure.",
    )
    doubled = next(c for c in claims if c.cue == "doubled")
    assert (doubled.low, doubled.high, doubled.approximate) == (80_000.0, 80_000.0, True)
    assert doubled.family == "participants"
    assert doubled.source.name == "Union estimates"


def test_the_antecedent_may_close_the_paragraph_before(nlp):
    claims = _claims(
        nlp,
        "Police said 12,000 people marched in Porto on Saturday.",
        "Organisers had tripled that number.",
    )
    tripled = next(c for c in claims if c.cue == "tripled")
    assert tripled.low == 36_000.0


def test_a_multiple_with_no_count_before_it_is_no_claim(nlp):
    claims = _claims(nlp, "The government said the unions had doubled that figure.")
    assert not [c for c in claims if c.cue == "doubled"]
