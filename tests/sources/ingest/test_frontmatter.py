from datetime import UTC, datetime

import pytest

from sources.ingest import FrontMatter, FrontMatterError, parse_front_matter

ARTICLE = "Dam bursts after week of rain\n\nKELMORE (Wire) - A dam failed on Sunday.\n"


def test_no_front_matter_returns_empty_and_offset_zero():
    front_matter, offset = parse_front_matter(ARTICLE)
    assert front_matter == FrontMatter()
    assert offset == 0


def test_known_keys_and_offset_of_the_rest():
    text = (
        "---\n"
        "url: https://valleynews.example/dam-bursts#live  # canonical\n"
        "outlet: Valley News\n"
        "published: 2024-05-12T06:30:00+02:00\n"
        "title: Dam bursts after week of rain\n"
        "story: kelmore-dam\n"
        "---\n" + ARTICLE
    )
    front_matter, offset = parse_front_matter(text)
    assert text[offset:] == ARTICLE
    assert front_matter.url == "https://valleynews.example/dam-bursts#live"
    assert front_matter.outlet == "Valley News"
    assert front_matter.published_at == datetime(2024, 5, 12, 4, 30, tzinfo=UTC)
    assert front_matter.title == "Dam bursts after week of rain"
    assert front_matter.story == "kelmore-dam"
    assert front_matter.extra == {}


def test_date_only_published_is_midnight_utc():
    front_matter, _ = parse_front_matter("---\npublished: 2024-05-12\n---\nText")
    assert front_matter.published_at == datetime(2024, 5, 12, tzinfo=UTC)


def test_naive_published_is_taken_as_utc():
    front_matter, _ = parse_front_matter("---\npublished: 2024-05-12 14:05\n---\nText")
    assert front_matter.published_at == datetime(2024, 5, 12, 14, 5, tzinfo=UTC)
    assert front_matter.published_at.tzinfo is UTC


def test_quoted_iso_string_with_z_is_parsed():
    front_matter, _ = parse_front_matter('---\npublished: "2024-05-12T14:05:09Z"\n---\nText')
    assert front_matter.published_at == datetime(2024, 5, 12, 14, 5, 9, tzinfo=UTC)


def test_unknown_keys_go_to_extra_as_strings():
    text = "---\nAuthor: Ana Reyes\nwords: 640\nlive: true\ntags: [dam, flood]\n---\nBody"
    front_matter, _ = parse_front_matter(text)
    assert front_matter.extra == {
        "author": "Ana Reyes",
        "words": "640",
        "live": "true",
        "tags": '["dam", "flood"]',
    }


def test_numeric_story_key_becomes_string():
    front_matter, _ = parse_front_matter("---\nstory: 2024\n---\nBody")
    assert front_matter.story == "2024"


def test_empty_block_is_allowed():
    front_matter, offset = parse_front_matter("---\n---\nBody")
    assert front_matter == FrontMatter()
    assert offset == len("---\n---\n")


def test_block_at_end_of_file_without_newline():
    text = "---\ntitle: Only metadata\n---"
    front_matter, offset = parse_front_matter(text)
    assert front_matter.title == "Only metadata"
    assert offset == len(text)


def test_leading_bom_is_allowed():
    front_matter, offset = parse_front_matter("\ufeff---\noutlet: Valley News\n---\nBody")
    assert front_matter.outlet == "Valley News"
    assert offset == len("\ufeff---\noutlet: Valley News\n---\n")


def test_malformed_yaml_names_the_line():
    text = '---\noutlet: Valley News\ntitle: "Dam bursts\n---\nBody'
    with pytest.raises(FrontMatterError, match=r"malformed front matter on line \d") as caught:
        parse_front_matter(text)
    assert caught.value.line in (3, 4)  # the unclosed quote opens on line 3, runs to line 4


def test_headline_with_a_colon_is_read_as_plain_text():
    text = "---\ntitle: Toll rises to 207: official\npublished: 2026-05-02\n---\nBody"
    meta, _ = parse_front_matter(text)
    assert meta.title == "Toll rises to 207: official"
    assert meta.published_at is not None


def test_unclosed_block_is_an_error():
    with pytest.raises(FrontMatterError, match="no closing"):
        parse_front_matter("---\ntitle: Dam bursts\n\nKELMORE - A dam failed.")


def test_block_that_is_not_a_mapping_is_an_error():
    with pytest.raises(FrontMatterError, match="key: value"):
        parse_front_matter("---\njust a sentence\n---\nBody")


def test_unreadable_published_is_an_error_with_line():
    with pytest.raises(FrontMatterError, match="published") as caught:
        parse_front_matter("---\ntitle: x\npublished: last Tuesday\n---\nBody")
    assert caught.value.line == 3


def test_list_for_a_single_value_key_is_an_error():
    with pytest.raises(FrontMatterError, match="title"):
        parse_front_matter("---\ntitle:\n  - one\n  - two\n---\nBody")


def test_front_matter_error_is_an_ingest_value_error():
    with pytest.raises(ValueError, match="front matter"):
        parse_front_matter("---\n: :\n  bad: [\n---\nBody")


def test_dashes_later_in_the_text_are_not_front_matter():
    text = "Headline\n---\ntitle: not metadata\n---\n"
    assert parse_front_matter(text) == (FrontMatter(), 0)


def test_windows_line_endings_are_tolerated():
    text = "---\r\noutlet: Valley News\r\n---\r\nBody"
    front_matter, offset = parse_front_matter(text)
    assert front_matter.outlet == "Valley News"
    assert text[offset:] == "Body"
