"""Numbers as news copy writes them: glued units, spaced thousands, change vs level, bounds.

Pure tests of claims.extraction.quantities (no Django); the sentences are our own.
"""

from __future__ import annotations

import pytest

from claims.extraction.quantities import QuantityMention, find_quantities, parse_number


def values(text: str) -> list[tuple[str, float | None, float | None, str, str | None]]:
    return [(m.text, m.low, m.high, m.kind, m.unit) for m in find_quantities(text)]


def only(text: str) -> QuantityMention:
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


# --- 1. Units and currencies glued to the number -------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value", "kind", "unit"),
    [
        ("The cheaper model ships with 64GB of storage.", "64GB", 64, "measure", "GB"),
        ("House prices climbed 24pc over the decade.", "24pc", 24, "percent", "percent"),
        ("Turnover fell 3pct in March.", "3pct", 3, "percent", "percent"),
        ("The council set aside £6m for repairs.", "£6m", 6e6, "money", "GBP"),
        ("a $13.6M settlement with the regulator", "$13.6M", 13.6e6, "money", "USD"),
        ("The ministry allocated RM3.06mil to the scheme.", "RM3.06mil", 3.06e6, "money", "MYR"),
        ("The lorry was doing 50mph in a 30 zone.", "50mph", 50, "measure", "mph"),
        ("Rain of 1.5mm fell overnight.", "1.5mm", 1.5, "measure", "mm"),
        ("The fire blackened 10km of coastline.", "10km", 10, "measure", "km"),
        ("The airline carried 3bn passengers.", "3bn", 3e9, "count", None),
        ("The bank raised €2bn in bonds.", "€2bn", 2e9, "money", "EUR"),
        ("a ferry steaming at 30km/h", "30km/h", 30, "measure", "km/h"),
        ("The wind turbine farm produces 400MW at peak.", "400MW", 400, "measure", "MW"),
        ("A 500ml bottle of water", "500ml", 500, "measure", "ml"),
        ("Temperatures hit 41°C on Tuesday.", "41°C", 41, "measure", "°C"),
        ("Overnight lows of -5C are forecast.", "-5C", -5, "measure", "°C"),
        ("They seized 20kg of cocaine.", "20kg", 20, "measure", "kg"),
    ],
)
def test_glued_units_and_currencies(text, span, value, kind, unit):
    found = [m for m in find_quantities(text) if m.text.endswith(span)]
    assert len(found) == 1, values(text)
    m = found[0]
    assert m.low == pytest.approx(value)
    assert m.high == pytest.approx(value)
    assert (m.kind, m.unit) == (kind, unit)
    assert text[m.start : m.end] == m.text


def test_millimetres_are_not_millions_but_dollar_mm_is():
    assert values("a crack 1.5mm wide")[0][1:] == (1.5, 1.5, "measure", "mm")
    assert values("a $1.5mm bond")[0][1:] == (1.5e6, 1.5e6, "money", "USD")
    assert values("revenue of 1.5MM a year")[0][1] == 1.5e6


def test_lower_case_m_reads_the_next_word():
    assert values("Some 1.5m people live in the valley.")[0][1:] == (1.5e6, 1.5e6, "count", None)
    assert values("The tower is 90m high.")[0][1:] == (90, 90, "measure", "m")
    assert values("a 30m-long tunnel")[0][1:] == (30, 30, "measure", "m")
    assert values("She won the 100m sprint.")[0][1:] == (100, 100, "measure", "m")
    # Nothing tells metres from millions: no mention rather than a guess.
    assert values("He said it was 10m.") == []


def test_glued_capital_after_a_name_stays_a_model():
    assert values("The iPhone 5C sold poorly.") == [("5C", 5.0, 5.0, "identifier", None)]
    assert values("Operators rolled out 5G masts.")[0][3] == "identifier"


def test_glued_units_in_a_range_share_the_unit():
    m = only("The villages lie 3-5km from the border.")
    assert (m.low, m.high, m.kind, m.unit) == (3, 5, "measure", "km")


def test_a_million_glued_to_the_second_end_scales_both():
    m = only("Between 2 and 3m people watched.")
    assert (m.low, m.high) == (2e6, 3e6)


def test_bounds_apply_to_glued_units():
    m = only("The storm brought more than 80mm of rain.")
    assert (m.low, m.high, m.low_open, m.unit) == (80, None, True, "mm")


def test_parse_number_ignores_glued_units():
    assert parse_number("64GB") is None
    assert parse_number("£6m") == 6e6


# --- 2. Thousands grouped with spaces ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Organisers said 42 000 people marched.", "42 000", 42_000),
        ("About 3 000 homes lost power.", "About 3 000", 3_000),
        ("A crowd of 40\u202f000 filled the stadium.", "40\u202f000", 40_000),
        ("The ground holds 25\u00a0500 fans.", "25\u00a0500", 25_500),
        ("Police counted 12 500 protesters.", "12 500", 12_500),
        ("The bill came to $42 000.", "$42 000", 42_000),
        ("Turnout was 1 234 567 voters.", "1 234 567", 1_234_567),
        ("The fund paid out 7 250.50 in fees.", "7 250.50", 7_250.5),
    ],
)
def test_space_grouped_thousands(text, span, value):
    found = [m for m in find_quantities(text) if m.text == span]
    assert len(found) == 1, values(text)
    assert found[0].low == pytest.approx(value)


def test_spaced_range_of_thousands():
    m = only("Between 3 000 and 4 000 troops were deployed.")
    assert (m.low, m.high) == (3000, 4000)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        # A year and a count side by side stay apart (the year is four digits).
        ("In 2023 15 people drowned there.", [2023, 15]),
        # A name before the first group makes it an identifier.
        ("Drive along Route 66 200 metres further.", [66, 200]),
        # A compound after the second group: "100-metre" is its own number.
        ("She ran the 12 100-metre heats.", [12, 100]),
        # After a number of its own, no join.
        ("He was aged 12 100 days ago", [12, 100]),
    ],
)
def test_space_grouping_never_joins_separate_numbers(text, numbers):
    assert [m.low for m in find_quantities(text)] == numbers


def test_parse_number_reads_a_spaced_group():
    assert parse_number("42 000") == 42_000


# --- 3. A change and a level in one phrase -------------------------------------------------


def test_percent_change_then_level_are_two_mentions():
    found = find_quantities("The FTSE gained 0.7 percent to 6,327.80 by the close.")
    assert [(m.text, m.low, m.high, m.kind) for m in found] == [
        ("0.7 percent", 0.7, 0.7, "percent"),
        ("6,327.80", 6327.8, 6327.8, "count"),
    ]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("The number of patients rose from 240 to 273 overnight.", [240, 273]),
        ("Registrations climbed from 1,200 to 1,450.", [1200, 1450]),
        ("Enrolment dropped from 80 to 95 percent of capacity.", [80, 95]),
        ("The jobless count fell by 300 to 41,000.", [300, 41000]),
        ("Output increased by 2% to 9%.", [2, 9]),
        # A bare move after an intransitive change verb, then a level many times larger.
        ("The index fell 20 to 1,500 in early trade.", [20, 1500]),
        ("The Nikkei rose 150 to 33,000 on Monday.", [150, 33000]),
    ],
)
def test_change_verb_from_x_to_y_is_two_figures(text, numbers):
    found = find_quantities(text)
    assert [m.low for m in found] == numbers
    assert all(m.low == m.high for m in found)


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("From 200 to 300 people queued outside.", (200, 300)),
        ("Tickets sold for from 20 to 45 dollars.", (20, 45)),
        ("The firm will cut 100 to 200 jobs.", (100, 200)),
        ("Prices fell 20 to 30 percent in a week.", (20, 30)),
        ("Prices rose 5 to 10 in most shops.", (5, 10)),
        ("Sales rose 2 to 3 million units.", (2e6, 3e6)),
        ("The firm will cut 100 to 2,000 jobs.", (100, 2000)),
        ("Between 5 and 7 percent of voters were undecided.", (5, 7)),
        ("Analysts expect prices to rise 5-10%.", (5, 10)),
    ],
)
def test_ranges_without_a_change_stay_ranges(text, interval):
    m = only(text)
    assert (m.low, m.high) == interval


# --- 4. Bounds and signs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high", "low_open", "high_open", "approximate"),
    [
        # "just under N" keeps the analyze contract's approximate point (as "nearly N").
        ("Just under 500 flats were inspected.", 500, 500, False, False, True),
        ("Slightly less than 4% of the vote went to them.", 4, 4, False, False, True),
        ("He ran a sub-20 time in the 5,000 metres.", None, 20, False, True, False),
        ("The deal is worth north of 1 million dollars.", 1e6, None, True, False, False),
        ("Shares trade south of $50.", None, 50, False, True, False),
        ("Upwards of 300 volunteers turned up.", 300, None, False, False, False),
        ("Well over 50 lorries were stuck.", 50, None, True, False, False),
        ("Well under 10 boats made it.", None, 10, False, True, False),
    ],
)
def test_news_bounds(text, low, high, low_open, high_open, approximate):
    m = find_quantities(text)[0]
    assert (m.low, m.high) == (low, high)
    assert (m.low_open, m.high_open, m.approximate) == (low_open, high_open, approximate)


def test_sub_is_only_a_bound_before_a_number():
    assert [m.kind for m in find_quantities("sub-Saharan states sent 40 envoys")] == ["count"]


@pytest.mark.parametrize(
    ("text", "converted"),
    [
        ("The rocket flew more than 100 km (60 miles) north.", (60, None, True, False)),
        ("Waves of up to 12 metres (39ft) were recorded.", (None, 39, False, False)),
        ("The dam is over 300 metres (984 ft) wide.", (984, None, True, False)),
        ("Losses of more than $5m (£4m) were reported.", (4e6, None, True, False)),
        ("The fire burned at least 20 square miles (52 sq km).", (52, None, False, False)),
    ],
)
def test_bound_carries_into_a_bracketed_conversion(text, converted):
    second = find_quantities(text)[1]
    assert (second.low, second.high, second.low_open, second.high_open) == converted


def test_approximation_carries_into_a_conversion():
    found = find_quantities("The wall is about 20 feet (6 metres) high.")
    assert [(m.low, m.approximate) for m in found] == [(20, True), (6, True)]


@pytest.mark.parametrize(
    "text",
    [
        "More than 100 people (60 of them children) were rescued.",
        "More than 100 people (60 children) were rescued.",
        "At least 300 (see table 2) were counted.",
    ],
)
def test_a_bracketed_part_is_not_a_conversion(text):
    assert all(m.low == m.high for m in find_quantities(text)[1:])


@pytest.mark.parametrize(
    ("text", "value", "kind", "unit"),
    [
        ("The thermometer read minus 5 at dawn.", -5, "count", None),
        ("Expect -5C overnight in the glens.", -5, "measure", "°C"),
        ("It fell to -12°C on the summit.", -12, "measure", "°C"),
        ("Oil briefly traded at -$37 a barrel.", -37, "money", "USD per barrel"),
    ],
)
def test_signs(text, value, kind, unit):
    m = find_quantities(text)[0]
    assert (m.low, m.high, m.kind, m.unit) == (value, value, kind, unit)
