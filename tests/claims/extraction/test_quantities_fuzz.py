"""Property tests: find_quantities survives any text and keeps its invariants (hypothesis)."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.extraction.quantities import find_quantities, parse_number

# Pieces that news numbers are made of, so the fuzzer reaches the parser's corners quickly.
_PIECES = [
    "0", "7", "42", "000", "1,200", "3.5", "1e10", "9" * 40, "½", "¾", " ", "\u202f", "\u00a0",
    "-", "−", "–", "/", ".", ",", "(", ")", "%", "$", "£", "€", "RM", "US$", "°", "C", "F",
    "m", "mm", "km", "km/h", "GB", "pc", "bn", "M", "k", "mil", "to", "and", "from", "between",
    "more than", "just under", "sub-", "north of", "upwards of", "minus", "about", "a",
    "dozen", "hundred", "thousand", "million", "twenty", "-one", "half", "percent", "no",
    "none", "rose", "fell by", "Route", "in", "2023", "March", "people", "high", "of", "or more",
]  # fmt: skip

news_like = st.lists(
    st.one_of(
        st.sampled_from(_PIECES), st.from_regex(r"[0-9]{1,6}([.,][0-9]{1,4})?", fullmatch=True)
    ),
    max_size=25,
).map(lambda parts: " ".join(parts) if len(parts) % 2 else "".join(parts))


def _check(text: str) -> None:
    found = find_quantities(text)
    previous_end = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end  # left to right, non-overlapping
        previous_end = m.end
        for bound in (m.low, m.high):
            assert bound is None or math.isfinite(bound)
        if m.low is not None and m.high is not None:
            assert m.low <= m.high


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_keeps_the_invariants(text):
    _check(text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news_like)
def test_number_like_text_keeps_the_invariants(text):
    _check(text)


@settings(max_examples=300, deadline=None)
@given(news_like)
def test_parse_number_never_raises(text):
    value = parse_number(text)
    assert value is None or math.isfinite(value)
