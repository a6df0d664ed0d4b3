import pytest

from sources.ingest import UpdateLabel, parse_dateline, parse_update_label


@pytest.mark.parametrize(
    ("text", "raw", "number"),
    [
        ("(4th UPDATE) Minister says talks will resume", "(4th UPDATE)", 4),
        ("(2nd UPDATE) Port reopens", "(2nd UPDATE)", 2),
        ("Port reopens after floods (UPDATE 2)", "(UPDATE 2)", 2),
        ("UPDATE 3-Port reopens after floods", "UPDATE 3-", 3),
        ("2ND UPDATE: Port reopens after floods", "2ND UPDATE", 2),
        ("UPDATED: Port reopens after floods", "UPDATED", None),
        ("REFILE-Port reopens after floods", "REFILE-", None),
    ],
)
def test_update_tags_and_numbers(text, raw, number):
    label = parse_update_label(text)
    assert label is not None
    assert label.raw == raw
    assert label.number == number


def test_corrected_update_sets_number_and_corrected():
    label = parse_update_label("CORRECTED-UPDATE 1-Grain prices jump on export ban")
    assert label == UpdateLabel(raw="CORRECTED-UPDATE 1-", number=1, corrected=True)


def test_plain_corrected_tag():
    label = parse_update_label("CORRECTED-Grain prices jump on export ban")
    assert label is not None
    assert label.corrected
    assert label.number is None


def test_refile_sets_refiled():
    label = parse_update_label("REFILE-UPDATE 2-Grain prices jump")
    assert label is not None
    assert label.refiled
    assert label.number == 2


def test_story_withdrawn():
    label = parse_update_label("STORY WITHDRAWN\n\nThe story about grain prices was withdrawn.")
    assert label is not None
    assert label.withdrawn
    assert label.raw == "STORY WITHDRAWN"


def test_adjacent_tags_are_reported_together():
    label = parse_update_label("CORRECTED (UPDATE 2) Grain prices jump")
    assert label is not None
    assert label.raw == "CORRECTED (UPDATE 2)"
    assert label.corrected
    assert label.number == 2


def test_advisory_line_is_kept_with_the_tag():
    text = (
        "UPDATE 2-Grain prices jump on export ban\n\n"
        "(Adds trade minister's comment in paragraph 3, updates prices in paragraph 5)\n\n"
        "CAIRO (Wire) - Wheat prices rose on Monday."
    )
    label = parse_update_label(text)
    assert label is not None
    assert label.number == 2
    assert label.advisory == (
        "(Adds trade minister's comment in paragraph 3, updates prices in paragraph 5)"
    )
    assert not label.corrected


def test_correction_advisory_alone_is_a_label():
    text = "Grain prices jump\n\n(Corrects paragraph 5 to say tonnes, not kilograms)\n\nBody."
    label = parse_update_label(text)
    assert label is not None
    assert label.corrected
    assert label.raw == "(Corrects paragraph 5 to say tonnes, not kilograms)"
    assert label.number is None


def test_advisory_with_nested_parentheses():
    text = "(Updates with closing prices (in paragraph 4), adds analyst quote)\n\nBody"
    label = parse_update_label(text)
    assert label is not None
    assert label.advisory == text.split("\n")[0]


def test_lower_case_update_words_are_not_labels():
    assert parse_update_label("The ministry updated its figures. An update is due soon.") is None
    assert parse_update_label("Updated 3 hours ago\n\nThe ministry said prices rose.") is None


def test_no_label_in_ordinary_text():
    assert parse_update_label("COVID-19 cases rose by 12% in the capital, officials said.") is None


def test_label_beyond_the_window_is_ignored():
    text = "Grain prices jump.\n\n" + "Prices rose again. " * 40 + "(UPDATE 9)"
    assert parse_update_label(text) is None


@pytest.mark.parametrize(
    ("lead", "dateline"),
    [
        ("KELMORE, Eastland (3rd UPDATE) – A dam failed on Sunday.", "KELMORE, Eastland"),
        ("LONDON (Wire) - Oil prices fell.", "LONDON"),
        ("NEW YORK, March 3 (Wire) - Stocks rose.", "NEW YORK"),
        ("ST. PAUL, Minn. (AP) — Snow closed schools.", "ST. PAUL, Minn."),
        ("WASHINGTON — The Senate voted late on Tuesday.", "WASHINGTON"),
        ("SÃO PAULO, Brazil - Coffee prices climbed.", "SÃO PAULO, Brazil"),
        ("PORT ELLEN, Scotland, May 2 (Wire) – Ferries were cancelled.", "PORT ELLEN, Scotland"),
        ("KELMORE, Eastland (Wire) –\u00a0A dam failed.", "KELMORE, Eastland"),
    ],
)
def test_dateline_is_parsed(lead, dateline):
    assert parse_dateline(lead) == dateline


@pytest.mark.parametrize(
    "lead",
    [
        "The ministry said - without giving details - that prices rose.",
        "Kelmore (Wire) - A dam failed.",
        "BREAKING - A dam failed.",
        "US-EU trade talks resumed on Monday.",
        "A dam failed on Sunday, officials said.",
    ],
)
def test_not_a_dateline(lead):
    assert parse_dateline(lead) is None
