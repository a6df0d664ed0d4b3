"""A figure given as a multiple of the one before it ("Union estimates had doubled that
figure")."""


def test_a_doubled_figure_is_twice_the_count_before_it(run):
    claims = run(
        "Officials said 40,000 people marched in Lisbon on Tuesday. Union estimates had "
        "doubled that figure.",
    )
    doubled = next(c for c in claims if c.cue == "doubled")
    assert (doubled.low, doubled.high, doubled.approximate) == (80_000.0, 80_000.0, True)
    assert doubled.family == "participants"
    assert doubled.source.name == "Union estimates"


def test_the_antecedent_may_close_the_paragraph_before(run):
    claims = run(
        "Police said 12,000 people marched in Porto on Saturday.",
        "Organisers had tripled that number.",
    )
    tripled = next(c for c in claims if c.cue == "tripled")
    assert tripled.low == 36_000.0


def test_a_multiple_with_no_count_before_it_is_no_claim(run):
    claims = run("The government said the unions had doubled that figure.")
    assert not [c for c in claims if c.cue == "doubled"]
