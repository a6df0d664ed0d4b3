"""Hostile input is refused with a readable IngestError before any expensive parsing."""

from __future__ import annotations

import pytest

from sources.ingest import (
    DocumentTooComplex,
    DocumentTooLarge,
    EmptyDocument,
    FrontMatterError,
    IngestLimits,
    UndecodableDocument,
    parse_front_matter,
    prepare_document,
)
from sources.ingest.limits import check_html_attributes

BODY = "The utility said on Tuesday that 1,200 homes lost power after the storm.\n"


def front(block: str) -> str:
    return f"---\n{block}\n---\n{BODY}"


def test_yaml_alias_bomb_is_refused_before_expansion():
    laughs = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    laughs += [f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]" for p, c in
               zip("abcdefgh", "bcdefghi", strict=True)]  # fmt: skip
    with pytest.raises(DocumentTooComplex, match="aliases"):
        parse_front_matter(front("\n".join(laughs)))


def test_a_single_alias_is_refused_too():
    with pytest.raises(DocumentTooComplex, match=r"line 3: YAML aliases \('\*x'\)"):
        parse_front_matter(front("title: &x Storm\nstory: *x"))


@pytest.mark.parametrize(
    "value", ["[" * 5000 + "]" * 5000, "{a: " * 50 + "1" + "}" * 50], ids=["flow", "mapping"]
)
def test_deeply_nested_yaml_is_refused(value):
    with pytest.raises(DocumentTooComplex, match="nested more than 8 levels"):
        parse_front_matter(front(f"extra: {value}"))


def test_nesting_within_the_limit_is_kept_as_json():
    meta, _ = parse_front_matter(front("tags: [[a, b], [c]]"))
    assert meta.extra["tags"] == '[["a", "b"], ["c"]]'


def test_front_matter_over_the_size_limit_is_refused():
    block = "\n".join(f"key{i}: {'x' * 60}" for i in range(10))
    with pytest.raises(DocumentTooLarge, match="front matter is too large"):
        parse_front_matter(front(block), limits=IngestLimits(max_front_matter_chars=200))


@pytest.mark.parametrize(
    "published",
    ["2026-02-30", "2026-02-03T25:99:00", "0001-01-01T00:00:00+14:00", "9999-12-31T23:00-05:00",
     "1e309", "yesterday"],
)  # fmt: skip
def test_impossible_published_dates_are_front_matter_errors(published):
    with pytest.raises(FrontMatterError, match="'published' is not an ISO 8601"):
        parse_front_matter(front(f"published: {published}"))


def test_impossible_dates_in_other_keys_are_kept_as_written():
    meta, _ = parse_front_matter(front("updated: 2026-02-30\npublished: 2026-02-10"))
    assert meta.extra["updated"] == "2026-02-30"
    assert meta.published_at.isoformat() == "2026-02-10T00:00:00+00:00"


def test_integer_beyond_python_conversion_limit_is_a_front_matter_error():
    with pytest.raises(FrontMatterError):
        parse_front_matter(front("count: " + "9" * 5000))


@pytest.mark.parametrize(
    "raw",
    ["Storm hits\x00 the coast, 1,200 homes without power.", b"\x89PNG\r\n\x1a\n\x00\x00\x00"],
    ids=["nul-in-text", "binary-bytes"],
)
def test_nul_characters_are_refused(raw):
    with pytest.raises(UndecodableDocument, match="binary data"):
        prepare_document(raw, require_english=False)


def test_unpaired_surrogate_is_refused():
    with pytest.raises(UndecodableDocument, match="unpaired surrogate at position 6"):
        prepare_document("Storm \ud800 hits the coast.", require_english=False)


@pytest.mark.parametrize(
    "raw",
    ["\ufeff", "\u200b\u200b\n\u200b", "\ufeff\u200d\u2060 \n", b"\xef\xbb\xbf",
     "---\ntitle: x\n---\n\u200b\n"],
)  # fmt: skip
def test_invisible_only_documents_are_empty(raw):
    with pytest.raises(EmptyDocument):
        prepare_document(raw, require_english=False)


def test_text_over_the_limit_is_refused_with_its_size():
    with pytest.raises(DocumentTooLarge, match="article text is too large: 2,001 characters"):
        prepare_document("x" * 2001, limits=IngestLimits(max_text_chars=2000))


def test_raw_input_over_every_limit_is_refused_before_decoding():
    limits = IngestLimits(max_text_chars=100, max_html_chars=500)
    with pytest.raises(DocumentTooLarge, match="the document is too large: 501"):
        prepare_document(b"\xff" * 501, limits=limits)


def test_html_over_its_limit_is_refused_before_parsing():
    html = "<html><body><p>" + "word " * 300 + "</p></body></html>"
    with pytest.raises(DocumentTooLarge, match="HTML document is too large"):
        prepare_document(html, limits=IngestLimits(max_html_chars=1000))


def test_element_with_too_many_attributes_is_refused():
    attributes = " ".join(f"a{i}=1" for i in range(50_000))
    html = f"<html><body><p {attributes}>{BODY}</p></body></html>"
    with pytest.raises(DocumentTooComplex, match="more than 1000 attributes"):
        prepare_document(html, require_english=False)


@pytest.mark.parametrize(
    "html",
    [
        "<p title=\"a > b\" class='x' id=y data-z>text</p>",
        "<script>for (i = 0; i<n; i++) {" + " a b" * 600 + "}</script><p>text</p>",
        "<style>p{}" + " a" * 600 + "</style><p>text</p>",
    ],
    ids=["quoted", "script", "style"],
)
def test_ordinary_markup_passes_the_attribute_check(html):
    check_html_attributes(html, 20)


def test_attributes_hidden_behind_a_quoted_angle_bracket_are_counted():
    html = '<p q="<>" ' + " ".join(f"a{i}" for i in range(30)) + ">text</p>"
    with pytest.raises(DocumentTooComplex):
        check_html_attributes(html, 20)
