"""Tests for claims.extraction.quantities (pure Python, no Django needed)."""

from __future__ import annotations

import pytest

from claims.extraction.quantities import (
    VERSION,
    QuantityMention,
    find_quantities,
    parse_number,
)


def one(text: str, kind: str | None = None) -> QuantityMention:
    found = [m for m in find_quantities(text) if kind is None or m.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_version_is_a_string():
    assert VERSION.startswith("quantities-")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("22", 22),
        ("5,200", 5200),
        ("4.5", 4.5),
        ("65.54", 65.54),
        ("twenty-two", 22),
        ("a dozen", 12),
        ("1.2 million", 1_200_000),
        ("one hundred and five", 105),
        ("three quarters", 0.75),
        ("a hundred", 100),
        ("a thousand", 1000),
        ("half a million", 500_000),
        ("half a dozen", 6),
        ("two hundred and two thousand", 202_000),
        ("one and a half", 1.5),
        ("3bn", 3e9),
        ("nineteen hundred", 1900),
        ("two thirds", 2 / 3),
    ],
)
def test_parse_number_values(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "   ", "a", "an", "people", "22 people", "two three", "1m"])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Officials said 5,200 homes were damaged.", 5200, 5200),
        ("The ministry reported twenty-two arrests.", 22, 22),
        ("Rescuers found one hundred and five survivors.", 105, 105),
        ("The company plans to cut 1.2 million jobs.", 1.2e6, 1.2e6),
    ],
)
def test_plain_numbers_are_point_counts(text, low, high):
    m = one(text)
    assert (m.low, m.high, m.kind, m.approximate) == (low, high, "count", False)
    assert m.text == text[m.start : m.end]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Dozens of homes were flooded.", 24, None),
        ("Tens of thousands of people marched.", 20_000, None),
        ("Hundreds were evacuated.", 200, None),
        ("Thousands fled the fighting.", 2000, None),
        ("Millions lost power.", 2e6, None),
        ("Scores of shops were looted.", 40, None),
        ("Several villagers were hurt.", 3, 9),
        ("Several hundred troops arrived.", 300, 900),
        ("A handful of protesters stayed.", 2, 5),
        ("A few reporters were present.", 2, 5),
        ("A couple of ministers resigned.", 2, 2),
        ("Hundreds of thousands lost their jobs.", 200_000, None),
    ],
)
def test_vague_amounts_are_approximate(text, low, high):
    m = one(text)
    assert (m.low, m.high, m.approximate, m.kind) == (low, high, True, "count")


@pytest.mark.parametrize("text", ["Many people came.", "Some residents left early."])
def test_many_and_some_alone_are_not_quantities(text):
    assert find_quantities(text) == []


def test_more_than_a_dozen_is_open_lower_bound():
    text = "More than a dozen people were injured."
    m = one(text)
    assert (m.low, m.high, m.low_open, m.approximate) == (12, None, True, False)
    assert m.text == "More than a dozen"
    assert text[m.number_start : m.number_end] == "a dozen"


@pytest.mark.parametrize(
    ("text", "low", "high", "low_open", "high_open"),
    [
        ("Over 300 flights were cancelled.", 300, None, True, False),
        ("Prices rose above 40 dollars.", 40, None, True, False),
        ("Damage in excess of 900 homes.", 900, None, True, False),
        ("At least two people died.", 2, None, False, False),
        ("No fewer than 15 ships sank.", 15, None, False, False),
        ("Some 40 or more vehicles burned.", 40, None, False, False),
        ("Fewer than 30 staff remain.", None, 30, False, True),
        ("Less than 500 tickets were sold.", None, 500, False, True),
        ("Under 60 beds are free.", None, 60, False, True),
        ("Below 10 patients are in care.", None, 10, False, True),
        ("Up to 700 workers will go.", None, 700, False, False),
        ("At most 12 seats changed hands.", None, 12, False, False),
        ("No more than 25 guests attended.", None, 25, False, False),
    ],
)
def test_comparatives_give_one_sided_bounds(text, low, high, low_open, high_open):
    m = one(text)
    assert (m.low, m.high, m.low_open, m.high_open) == (low, high, low_open, high_open)


def test_as_many_as_is_approximate_upper_bound():
    m = one("As many as 50 miners are trapped.")
    assert (m.low, m.high, m.high_open, m.approximate) == (None, 50, False, True)


@pytest.mark.parametrize("word", ["Nearly", "Almost", "Just under"])
def test_nearly_is_an_approximate_point(word):
    m = one(f"{word} 200 homes burned.")
    assert (m.low, m.high, m.high_open, m.approximate) == (200, 200, False, True)


@pytest.mark.parametrize(
    "word", ["About", "Around", "Approximately", "Roughly", "Some", "An estimated", "Circa"]
)
def test_approximators_give_approximate_points(word):
    m = one(f"{word} 400 soldiers crossed the border.")
    assert (m.low, m.high, m.approximate) == (400, 400, True)
    assert m.text.startswith(word)


@pytest.mark.parametrize(
    "text",
    [
        "Between 20 and 30 people were hurt.",
        "Police said 20 to 30 people were hurt.",
        "Police said 20-30 people were hurt.",
        "Police said 20\u201330 people were hurt.",
        "Numbers grew from 20 to 30 people.",
    ],
)
def test_ranges_are_closed(text):
    m = one(text)
    assert (m.low, m.high, m.low_open, m.high_open) == (20, 30, False, False)


def test_range_with_scale_written_once():
    m = one("The bill is estimated at $2 to 3 billion.")
    assert (m.low, m.high, m.kind, m.unit) == (2e9, 3e9, "money", "USD")


def test_falling_from_x_to_y_is_two_numbers():
    found = find_quantities("The rate fell from 9 to 7 in a year.")
    assert [(m.low, m.high) for m in found] == [(9, 9), (7, 7)]


def test_compound_bounds_merge_into_one_interval():
    m = one("Turnout was more than 10 and fewer than 20 voters.")
    assert (m.low, m.high, m.low_open, m.high_open) == (10, 20, True, True)


def test_at_least_two_is_closed_lower_bound():
    m = one("At least two soldiers were wounded.")
    assert (m.low, m.high, m.low_open) == (2, None, False)


@pytest.mark.parametrize(
    ("text", "core"),
    [
        ("There were no casualties in the blast.", "no"),
        ("None of the hostages were freed.", "None"),
        ("Nobody was arrested.", "Nobody"),
        ("No one was hurt.", "No one"),
        ("Zero cases were recorded.", "Zero"),
        ("Not a single vote was cast.", "Not a single"),
        ("Not one patient died.", "Not one"),
    ],
)
def test_negative_quantifiers_are_zero(text, core):
    m = one(text)
    assert (m.low, m.high, m.zero, m.kind) == (0, 0, True, "count")
    assert text[m.number_start : m.number_end] == core


@pytest.mark.parametrize("text", ["He is no longer in office.", "There is no doubt about it."])
def test_no_in_idioms_is_not_zero(text):
    assert find_quantities(text) == []


def test_all_is_part_of_the_span():
    m = one("All 176 passengers died.")
    assert (m.text, m.low, m.high) == ("All 176", 176, 176)


@pytest.mark.parametrize(
    ("text", "low", "unit"),
    [
        ("Brent settled at $65.54 a barrel.", 65.54, "USD per barrel"),
        ("The club paid £3m for him.", 3e6, "GBP"),
        ("The fund holds €10 billion.", 1e10, "EUR"),
        ("Tickets cost US$5 each.", 5, "USD"),
        ("The deal is worth $1.5 billion.", 1.5e9, "USD"),
        ("They spent 3bn dollars.", 3e9, "USD"),
    ],
)
def test_money_carries_currency_unit(text, low, unit):
    m = one(text)
    assert (m.kind, m.low, m.high, m.unit) == ("money", low, low, unit)


@pytest.mark.parametrize(
    ("text", "low", "low_open"),
    [
        ("Inflation hit 4.5% in March.", 4.5, False),
        ("Inflation hit 4.5 percent.", 4.5, False),
        ("Inflation hit 4.5 per cent.", 4.5, False),
    ],
)
def test_percent_values(text, low, low_open):
    m = one(text, "percent")
    assert (m.low, m.high, m.unit, m.low_open) == (low, low, "percent", low_open)


def test_more_than_percent_is_open():
    m = one("Prices rose more than 4.5% this year.")
    assert (m.kind, m.low, m.high, m.low_open, m.unit) == ("percent", 4.5, None, True, "percent")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("She finished 4th in the race.", "ordinal"),
        ("He came 3rd.", "ordinal"),
        ("It was the first attack.", "ordinal"),
        ("A second wave followed.", "ordinal"),
        ("The law passed in 1998.", "year"),
        ("Sales have fallen since 2015.", "year"),
        ("The strike began on January 8.", "date"),
        ("The strike began on 8 January.", "date"),
        ("Talks resume Jan. 3.", "date"),
        ("The plane left at 06:40.", "time"),
        ("The vote closes at 3 p.m.", "time"),
        ("A Boeing 737 crashed.", "identifier"),
        ("Flight 752 was shot down.", "identifier"),
        ("Resolution 2231 was adopted.", "identifier"),
        ("They drove down Route 66.", "identifier"),
        ("COVID-19 spread fast.", "identifier"),
        ("The G7 met on Friday.", "identifier"),
    ],
)
def test_non_counts_are_returned_with_their_kind(text, kind):
    m = one(text)
    assert m.kind == kind


def test_us_before_digits_does_not_break_the_count():
    m = one("Approximately US 5,200 troops remain.")
    assert (m.kind, m.low, m.high, m.approximate, m.unit) == ("count", 5200, 5200, True, None)


@pytest.mark.parametrize(
    "text", ["A U.S. official said so.", "An aide confirmed it.", "It was a tough day."]
)
def test_indefinite_article_is_never_one(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    "text", ["He was one of the victims.", "She is the one who called.", "Which one is it?"]
)
def test_pronoun_one_is_not_a_count(text):
    assert [m for m in find_quantities(text) if m.kind == "count"] == []


def test_one_before_a_noun_is_a_count():
    m = one("Only one person survived.")
    assert (m.low, m.high, m.text) == (1, 1, "one")


def test_adjacent_numbers_stay_separate():
    found = find_quantities("Russia fired 22 missile strikes, 11 hitting the city.")
    assert [(m.text, m.low) for m in found] == [("22", 22), ("11", 11)]


def test_mentions_are_ordered_and_disjoint():
    text = "About 30 people, more than 2,000 homes and $4m in 2021 on March 3 at 9:15."
    found = find_quantities(text)
    assert len(found) == 6
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    for m in found:
        assert m.text == text[m.start : m.end]
        assert m.start <= m.number_start < m.number_end <= m.end


def test_empty_string():
    assert find_quantities("") == []


def test_text_without_numbers():
    assert find_quantities("The minister denied the report on Tuesday.") == []


def test_non_english_text_does_not_crash():
    found = find_quantities(
        "Die Regierung hat 300 Millionen Euro bereitgestellt. 日本語のテキスト。"
    )
    assert [m.low for m in found] == [300]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Police said 20\u201430 people were hurt.", 20, 30),
        ("Officials counted 5\u00a0200 votes.", 5200, 5200),
        ("\u201cAbout 40\u201d fighters, they said.", 40, 40),
    ],
)
def test_unicode_dashes_quotes_and_spaces(text, low, high):
    m = one(text)
    assert (m.low, m.high) == (low, high)


def test_long_text_smoke():
    sentence = "Officials said more than 1,200 people fled and about 30 homes burned in 2019. "
    text = sentence * 3500  # about 50,000 words
    found = find_quantities(text)
    assert len(found) == 3 * 3500


def test_deterministic():
    text = "Nearly 200 soldiers, dozens of tanks and $3bn in aid."
    assert find_quantities(text) == find_quantities(text)
