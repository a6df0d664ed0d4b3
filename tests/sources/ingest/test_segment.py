import pytest

from sources.ingest import Paragraph, filter_paragraphs, is_chrome, split_paragraphs


def _check_offsets(text, paragraphs):
    for paragraph in paragraphs:
        assert text[paragraph.start : paragraph.end] == paragraph.text
        assert paragraph.text == paragraph.text.strip()
        assert paragraph.text


def test_split_on_blank_lines_keeps_wrapped_lines_together():
    text = "Headline here\n\n  First paragraph\nwraps here.  \n \t\nSecond one.\n"
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == [
        "Headline here",
        "First paragraph\nwraps here.",
        "Second one.",
    ]
    assert [p.index for p in paragraphs] == [0, 1, 2]
    _check_offsets(text, paragraphs)


def test_split_on_single_newlines_when_there_is_no_blank_line():
    text = "Headline\nFirst paragraph.\n   Second paragraph.   \nThird."
    paragraphs = split_paragraphs(text)
    assert [p.text for p in paragraphs] == [
        "Headline",
        "First paragraph.",
        "Second paragraph.",
        "Third.",
    ]
    _check_offsets(text, paragraphs)


def test_split_respects_start_offset():
    text = "---\ntitle: x\n---\nHeadline\n\nBody text."
    start = len("---\ntitle: x\n---\n")
    paragraphs = split_paragraphs(text, start)
    assert [p.text for p in paragraphs] == ["Headline", "Body text."]
    assert paragraphs[0].start == start
    _check_offsets(text, paragraphs)


def test_no_break_spaces_count_as_blank():
    text = "One.\n\u00a0\nTwo."
    assert [p.text for p in split_paragraphs(text)] == ["One.", "Two."]


def test_whitespace_only_has_no_paragraphs():
    assert split_paragraphs(" \n\n\t\n") == []


@pytest.mark.parametrize(
    "line",
    [
        "Add a comment",
        "Post a comment",
        "Comments (12)",
        "Sort by",
        "Sort by: Newest first",
        "There are no comments yet. Start the conversation by adding yours.",
        "Be the first to comment",
        "Summarize this story with AI",
        "This is an AI-generated summary and may contain mistakes. Check the full story.",
        "How did this story make you feel?",
        "Download the Valley News App!",
        "Get our free app for breaking news alerts",
        "Share this article",
        "Share on WhatsApp",
        "Facebook Twitter WhatsApp Email",
        "Subscribe to our newsletter",
        "Sign up for the morning briefing",
        "Follow us on Instagram and TikTok",
        "Photo: Lena Okafor / AFP",
        "PHOTO: Handout",
        "(Photo by Tom Reyes/Getty Images)",
        "Rescuers search the rubble. Lena Okafor / Reuters",
        "Smoke rises over the port. Getty Images",
        "Advertisement",
        "ADVERTISEMENT",
        "Story continues below advertisement",
        "Read more: Why the dam failed",
        "READ MORE",
        "Related: Floods in the north",
        "Related articles",
        "We use cookies to improve your experience on our site.",
        "Accept all cookies",
        "© 2024 Valley News Ltd",
        "Copyright 2024 Valley News. All rights reserved.",
        "4 min read",
        "Skip to main content",
    ],
)
def test_page_chrome_is_recognised(line):
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "More than 300 people were moved to shelters, officials said.",
        "Related to the dam failure, three officials were suspended.",
        "No comments were made by the ministry on Sunday.",
        "Copyright lawyers say the case could take years.",
        "The council urged residents to sign up for flood alerts before the weekend, "
        "saying more than 2,000 homes were at risk.",
        "Register to vote by Friday.",
        "Overflights suspended",
        "Photographers were barred from the site.",
        "Read the full statement here, the ministry said in a post on its website.",
    ],
)
def test_article_text_is_not_chrome(line):
    assert not is_chrome(line)


def test_long_paragraph_is_never_chrome():
    assert not is_chrome("Share this article " + "with the minister's own words. " * 12)


def _paragraphs(*texts):
    result, offset = [], 0
    for index, text in enumerate(texts):
        result.append(Paragraph(offset, offset + len(text), text, index))
        offset += len(text) + 2
    return result


def test_filter_drops_chrome_duplicates_and_bylines_and_reindexes():
    paragraphs = _paragraphs(
        "Dam bursts after week of rain",
        "Valley News",
        "Summarize this article with AI",
        "Dam bursts after week of rain",
        "KELMORE (Wire) - A dam failed on Sunday.",
        "Add a comment",
    )
    kept, dropped = filter_paragraphs(paragraphs, bylines=["Valley News"])
    assert [p.text for p in kept] == [
        "Dam bursts after week of rain",
        "KELMORE (Wire) - A dam failed on Sunday.",
    ]
    assert [p.index for p in kept] == [0, 1]
    assert [p.text for p in dropped] == [
        "Valley News",
        "Summarize this article with AI",
        "Dam bursts after week of rain",
        "Add a comment",
    ]
    assert [p.index for p in dropped] == [0, 1, 2, 3]
    assert kept[1].start == paragraphs[4].start


def test_wire_agency_byline_is_dropped_without_front_matter():
    kept, dropped = filter_paragraphs(_paragraphs("Headline", "By Reuters", "Body text."))
    assert [p.text for p in kept] == ["Headline", "Body text."]
    assert [p.text for p in dropped] == ["By Reuters"]


def test_outlet_name_deep_in_the_article_is_kept():
    texts = ("Headline", "Lead.", "Second.", "Third.", "Valley News")
    kept, dropped = filter_paragraphs(_paragraphs(*texts), bylines=["Valley News"])
    assert [p.text for p in kept] == list(texts)
    assert dropped == ()


def test_duplicate_detection_ignores_case_and_spacing():
    kept, dropped = filter_paragraphs(_paragraphs("Dam bursts", "Body.", "DAM  bursts"))
    assert [p.text for p in kept] == ["Dam bursts", "Body."]
    assert [p.text for p in dropped] == ["DAM  bursts"]
