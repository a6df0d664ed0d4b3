import socket
from datetime import UTC, datetime

import pytest

from sources.ingest import EmptyDocument, prepare_document
from sources.ingest.html import extract_html, is_html, strip_tags

SOUP = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Ferry capsizes off Marrow Island | Harbour Herald</title>
<meta property="og:title" content="Ferry capsizes off Marrow Island">
<meta property="og:url" content="https://harbourherald.example/2024/ferry-capsizes">
<meta property="og:site_name" content="Harbour Herald">
<meta property="article:published_time" content="2024-02-19T07:45:00+01:00">
<script>window.dataLayer = [{"page": "article"}]; document.write("tracking pixel");</script>
<style>.cookie { position: fixed; }</style>
</head>
<body>
<div id="cookie-consent" class="cookie banner">We use cookies to give you the best experience.
  <button>Accept all cookies</button><button>Manage settings</button></div>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
  <li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="page"><div class="grid"><div class="col-main">
<article class="story">
  <h1>Ferry capsizes off Marrow Island</h1>
  <div class="share-bar"><a href="#">Share this article</a></div>
  <div class="body"><div class="inner">
    <p>MARROW ISLAND, Northern Isles (Wire) – A passenger ferry capsized in heavy seas on
       Monday, and coastguard officials said at least 14 people were still missing.</p>
    <p>The ferry was carrying 212 passengers and 19 crew when it was hit by a wave about two
       miles from the harbour, the operator said in a statement.</p>
    <figure><img src="ferry.jpg"><figcaption>Photo: Jonas Berg / AFP</figcaption></figure>
    <p>"We heard a bang and then the lights went out," said one passenger, who asked not to be
       named because she works for the operator.</p>
    <script>loadAd("mid-article");</script>
    <div class="advert">Advertisement</div>
    <p>Rescue boats from three ports joined the search, which was expected to continue through
       the night, a coastguard spokesman told reporters.</p>
  </div></div>
</article>
</div><aside class="sidebar"><h3>Most read</h3><ul><li>Minister resigns</li></ul></aside>
</div></div>
<section id="comments" class="comments">
  <h3>Comments</h3><p>Add a comment</p><p>Sort by</p>
  <div class="comment"><p>So sad, my cousin works on that route. Praying for everyone.</p></div>
</section>
<footer><p>© 2024 Harbour Herald. All rights reserved.</p></footer>
</body></html>
"""

NO_ARTICLE = """<!doctype html><html><head><title>Harbour Herald</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience.
<button>Accept all cookies</button></div>
<footer>© 2024 Harbour Herald</footer>
</body></html>"""


def test_soup_is_reduced_to_the_article():
    doc = prepare_document(SOUP, filename="ferry.html")
    assert doc.content_type == "text/html"
    texts = [p.text for p in doc.paragraphs]
    joined = "\n".join(texts)
    assert any(t.startswith("MARROW ISLAND, Northern Isles (Wire)") for t in texts)
    assert "212 passengers and 19 crew" in joined
    assert "Rescue boats from three ports" in joined
    for junk in ("dataLayer", "loadAd", "cookies", "Home", "Most read", "Praying", "©"):
        assert junk not in joined
    assert doc.dateline == "MARROW ISLAND, Northern Isles"
    for paragraph in doc.paragraphs + doc.dropped:
        assert doc.text[paragraph.start : paragraph.end] == paragraph.text


def test_soup_metadata_fills_front_matter():
    doc = prepare_document(SOUP, filename="ferry.html")
    assert doc.title == "Ferry capsizes off Marrow Island"
    assert doc.front_matter.url == "https://harbourherald.example/2024/ferry-capsizes"
    assert doc.front_matter.published_at == datetime(2024, 2, 19, 6, 45, tzinfo=UTC)


def test_reduced_text_has_blank_line_between_paragraphs():
    doc = prepare_document(SOUP, content_type="text/html; charset=utf-8")
    assert "\n\n" in doc.text
    assert doc.body_start == 0
    assert doc.sha256 == prepare_document(SOUP.replace("\n", "\r\n")).sha256


def test_html_front_matter_is_kept_and_wins_over_meta():
    front = "---\ntitle: Ferry disaster\noutlet: Harbour Herald\nstory: marrow-ferry\n---\n"
    doc = prepare_document(front + SOUP)
    assert doc.content_type == "text/html"
    assert doc.text.startswith(front)
    assert doc.body_start == len(front)
    assert doc.title == "Ferry disaster"
    assert doc.front_matter.story == "marrow-ferry"
    assert doc.front_matter.url == "https://harbourherald.example/2024/ferry-capsizes"
    assert doc.sha256 == prepare_document(SOUP).sha256


def test_page_without_article_is_empty():
    with pytest.raises(EmptyDocument, match="no article text"):
        prepare_document(NO_ARTICLE)


def test_html_without_text_is_empty():
    with pytest.raises(EmptyDocument, match="no article text"):
        prepare_document("<html><body><div><img src='x.png'></div></body></html>")


def test_extraction_does_not_touch_the_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    extraction = extract_html(SOUP)
    assert "212 passengers" in extraction.text


def test_fallback_tag_stripper_skips_furniture():
    html = (
        "<div class='cookie-notice'>We use cookies</div><nav>Home</nav>"
        "<div><div><p>First &amp; only paragraph.</p><script>var a = '<p>no</p>';</script>"
        "<p>Second<br>line</p></div></div><div class='comments'>A reader comment</div>"
    )
    assert strip_tags(html) == "First & only paragraph.\n\nSecond\n\nline"


def test_tag_stripper_survives_unclosed_head():
    assert strip_tags("<html><head><title>T</title><body><p>Body text.</p>") == "Body text."


def test_short_page_falls_back_to_tag_stripper_when_trafilatura_finds_nothing(monkeypatch):
    import sources.ingest.html as html_module

    monkeypatch.setattr(html_module.trafilatura, "extract", lambda *a, **k: None)
    extraction = extract_html(SOUP)
    assert extraction.method == "tag-stripper"
    assert "212 passengers" in extraction.text
    assert "Praying" not in extraction.text


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("<p>x</p>", {"content_type": "text/html"}, True),
        ("<p>x</p>", {"content_type": "application/xhtml+xml"}, True),
        ("<!doctype html><p>x</p>", {"content_type": "text/plain"}, False),
        ("Plain", {"filename": "story.HTML"}, True),
        ("Plain", {"filename": "story.htm"}, True),
        ("  <!DOCTYPE html>\n<html>", {}, True),
        ("<!-- saved page --><html><body>x</body></html>", {}, True),
        ("\ufeff<!doctype html><p>x</p>", {}, True),
        ("<div><p>Para</p></div>", {}, True),
        ("Headline\n\nThe <b>bold</b> claim.", {}, False),
        ("<3 this story", {}, False),
        ("Plain text", {"content_type": "application/octet-stream"}, False),
    ],
)
def test_html_detection(text, kwargs, expected):
    assert is_html(text, **kwargs) is expected


def test_short_article_page_keeps_its_text_but_not_the_menu():
    html = (
        "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><h1>Bridge reopens</h1><p>The Kelmore bridge reopened on Monday after "
        "repairs, the council said.</p></article></body></html>"
    )
    doc = prepare_document(html)
    assert [p.text for p in doc.paragraphs] == [
        "Bridge reopens",
        "The Kelmore bridge reopened on Monday after repairs, the council said.",
    ]
