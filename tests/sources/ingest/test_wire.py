"""A republished wire story credits the wire at its top."""

import pytest

from sources.ingest.segment import wire_agency


@pytest.mark.parametrize(
    ("text", "wire"),
    [
        ("LYON, France (AP) — Thousands marched.", "AP"),
        ("QUITO (Reuters) - The toll rose.", "Reuters"),
        ("Radio Nord with AFP 7:19 p.m.\n\nThe toll rose.", "AFP"),
        ("AFP |\n\nThe toll rose.", "AFP"),
        ("By Agence France-Presse\n\nThe toll rose.", "AFP"),
    ],
)
def test_datelines_and_credit_lines_name_the_wire(text, wire):
    assert wire_agency(text) == wire


@pytest.mark.parametrize(
    "text",
    [
        "The AP said 3 people died.",
        "One of the marches in Lyon / AFP\n\nThe toll rose.",
        "LYON — Thousands marched.",
        "x" * 2000 + "\nLYON (AP) — far below the top",
    ],
)
def test_other_mentions_are_no_credit(text):
    assert wire_agency(text) is None
