"""Hostile input through the whole pure pipeline: prepare_document, then extract_claims.

No database. Every article here is invented; names and places are fictional.
"""

from __future__ import annotations

import pytest

from claims.extraction import ExtractionResult, TextBlock, extract_claims
from claims.extraction.nlp import load_nlp
from sources.ingest import EmptyDocument, PreparedDocument, UnsupportedLanguage, prepare_document

OUTLET = "Valley Gazette"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture
def pipeline(nlp):
    """raw -> (prepared document, extraction result); every evidence span is checked."""

    def run(raw: str, filename: str = "article.txt") -> tuple[PreparedDocument, ExtractionResult]:
        doc = prepare_document(raw, filename=filename)
        blocks = [TextBlock(p.start, p.text) for p in doc.paragraphs]
        result = extract_claims(blocks, outlet=OUTLET, nlp=nlp)
        for claim in result.claims:
            assert 0 <= claim.start < claim.end <= len(doc.text)
            assert doc.text[claim.start : claim.end] == claim.evidence
        return doc, result

    return run


def test_article_without_numbers_has_only_statements(pipeline):
    raw = (
        "Tarnow braces for more rain\n\n"
        "The regional water board said on Tuesday that the reservoir above Tarnow was close to "
        "its limit.\n\n"
        "Engineers insisted that the dam itself was sound, but the mayor warned residents of "
        "the lower town to prepare their bags.\n\n"
        "The board denied that it had opened the sluice gates without warning the town.\n\n"
        "Shops along the river closed early and the ferry stopped running in the afternoon.\n"
    )
    _, result = pipeline(raw)
    claims = result.claims
    assert claims
    assert {c.kind for c in claims} == {"statement"}
    assert all(c.low is None and c.high is None for c in claims)
    attributed = [c for c in claims if c.attributed]
    assert attributed
    assert any(c.negated for c in claims if "sluice" in c.evidence)
    outlet_voice = [c for c in claims if not c.attributed]
    assert all(c.source.name == OUTLET for c in outlet_voice)


def test_article_of_only_quotations(pipeline):
    raw = (
        "\u201cThe water rose faster than anyone expected and we lost 40 cattle in the night.\u201d"
        "\n\n"
        "\u201cWe have asked the council for help again and again and nobody has come.\u201d\n\n"
        "\u201cIf the rain continues, the whole valley will be under water by Friday.\u201d\n"
    )
    doc, result = pipeline(raw)
    assert len(doc.paragraphs) == 3
    assert result.claims
    cattle = [c for c in result.claims if c.kind == "quantity" and c.low == 40]
    assert len(cattle) == 1
    # Nobody is named: no claim may be given an invented speaker.
    for claim in result.claims:
        assert not claim.attributed
        assert claim.source.name == OUTLET


SENTENCES = (
    "The council of Tarnow said {n} homes were flooded after the river rose overnight.",
    "Residents of the lower town were moved to the school, where volunteers served hot meals.",
    "Mayor Lena Brandt said the levee would be repaired before the winter storms arrived.",
    "According to the fire service, {m} people were rescued from rooftops along the canal.",
    "\u201cWe have never seen water this high in the valley,\u201d said a shopkeeper.",
    "The regional authority denied that the dam had been opened without warning.",
    "Prices of bottled water rose more than {p}% in the week after the flood.",
    "Engineers warned that the northern embankment could fail if the rain continued.",
)


def long_article(words: int) -> str:
    """Paragraphs of varied sentences (every paragraph distinct) up to `words` words."""
    paragraphs, count, i = [], 0, 0
    while count < words:
        order = SENTENCES[i % 5 :] + SENTENCES[: i % 5]
        paragraph = " ".join(
            s.format(n=i * 3 + 2, m=i * 5 + 1, p=round(1.5 + i / 10, 1)) for s in order
        )
        paragraphs.append(paragraph)
        count += len(paragraph.split())
        i += 1
    return "\n\n".join(paragraphs)


@pytest.mark.slow
def test_fifty_thousand_word_article_completes_with_valid_offsets(pipeline):
    raw = long_article(50_000)
    doc, result = pipeline(raw)
    assert doc.word_count >= 50_000
    n_paragraphs = len(doc.paragraphs)
    quantity = [c for c in result.claims if c.kind == "quantity"]
    # Every paragraph holds three counts and several statements.
    assert len(quantity) >= 3 * n_paragraphs
    assert len(result.claims) >= 6 * n_paragraphs
    assert any(c.source.name == "Lena Brandt" for c in result.claims)
    assert result.claims[-1].end > len(doc.text) - 1000


FRENCH = (
    "Le ministère de l'Intérieur a déclaré mardi que douze personnes étaient mortes dans "
    "l'incendie de l'usine. Les pompiers ont combattu les flammes pendant toute la nuit, selon "
    "la préfecture, et les habitants du quartier ont été évacués vers une école voisine."
)


def test_non_english_text_is_refused():
    with pytest.raises(UnsupportedLanguage) as caught:
        prepare_document(FRENCH, filename="article.txt")
    assert caught.value.language == "fr"


def test_non_english_text_is_accepted_when_english_is_not_required():
    doc = prepare_document(FRENCH, filename="article.txt", require_english=False)
    assert doc.language == "fr"


SOUP = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Dam holds after record rain | Valley Gazette</title>
<script>var tracker = {page: "story", note: "the army said 99 missiles were fired"};</script>
<style>.cookie-banner { position: fixed; bottom: 0; }</style>
</head><body>
<!-- Editor's note: 77 people died, the agency said. Do not publish. -->
<div id="cookie-consent" class="cookie-banner">We use cookies to improve your experience.
<button>Accept all cookies</button><button>Manage settings</button></div>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/weather">Weather</a></li></ul></nav></header>
<article class="story">
<h1>Dam holds after record rain</h1>
<div class="share-bar"><a href="#">Share this article</a></div>
<p>The regional water board said on Tuesday that 14 villages had been evacuated as the
reservoir above Tarnow reached a record level.</p>
<script>loadAd("mid-article", 3);</script>
<div class="advert">Advertisement</div>
<p>Engineers insisted that the dam itself was not at risk, and no injuries were reported,
the board added.</p>
</article>
<aside><h3>Most read</h3><ul><li>Minister resigns</li></ul></aside>
<section class="comments"><h3>Comments</h3><p>Add a comment</p></section>
<footer><p>\u00a9 2024 Valley Gazette. All rights reserved.</p></footer>
</body></html>
"""


def test_html_soup_still_yields_the_articles_claims(pipeline):
    doc, result = pipeline(SOUP, filename="article.html")
    assert doc.content_type == "text/html"
    claims = result.claims
    villages = [c for c in claims if c.kind == "quantity" and c.low == 14]
    assert len(villages) == 1
    assert villages[0].attributed
    assert "water board" in villages[0].source.name
    injuries = [c for c in claims if c.kind == "quantity" and c.family == "injuries"]
    assert len(injuries) == 1
    assert (injuries[0].low, injuries[0].high) == (0, 0)
    # Nothing from scripts, comments, the cookie banner or the navigation.
    for claim in claims:
        for junk in ("99", "77", "cookies", "Home", "Advertisement", "rights reserved"):
            assert junk not in claim.evidence


@pytest.mark.parametrize("raw", ["", "   \n\n\t  \n", "\n\n\n", "\u00a0\u2003\n"])
def test_empty_or_whitespace_file_is_an_empty_document(raw):
    with pytest.raises(EmptyDocument):
        prepare_document(raw, filename="article.txt")


def test_empty_bytes_are_an_empty_document():
    with pytest.raises(EmptyDocument):
        prepare_document(b"", filename="article.txt")


ODD_UNICODE = (
    "The harbour\u00a0master said\u00a0\u201cthe pier will reopen on Friday\u201d \u2014 "
    "after 3\u00a0weeks of repairs.\n\n"
    "About 1,200 tourists left the island, the ferry company\u2019s spokesman said \u2014 "
    "\u2018a record for October\u2019.\n\n"
    "Caf\u00e9 owner Zo\u00eb \u00c5ngstr\u00f6m said that the season was over, and that "
    "\u201cnobody\u201d had come since the storm \u2013 not one guest.\n\n"
    "\U0001f30a The coastguard\u2009said 12\u202ffishing boats were still in port.\n"
)


def test_odd_unicode_keeps_offsets_valid(pipeline):
    doc, result = pipeline(ODD_UNICODE)
    assert len(doc.paragraphs) == 4
    claims = result.claims
    assert claims
    tourists = [c for c in claims if c.kind == "quantity" and c.low == 1200]
    assert len(tourists) == 1
    assert tourists[0].approximate
    assert "spokesman" in tourists[0].source.name
    cafe = [c for c in claims if "season was over" in c.evidence]
    assert cafe
    assert cafe[0].source.name == "Zo\u00eb \u00c5ngstr\u00f6m"
    boats = [c for c in claims if c.kind == "quantity" and c.low == 12]
    assert len(boats) == 1
    assert boats[0].source.name == "coastguard"


def test_front_matter_offsets_point_into_the_whole_file(pipeline):
    raw = (
        "---\n"
        "url: https://valley.example/tarnow-flood\n"
        "outlet: Valley Gazette\n"
        "---\n"
        "The town council said 14 homes were flooded on Monday night.\n"
    )
    doc, result = pipeline(raw)
    assert doc.body_start > 0
    claim = next(c for c in result.claims if c.kind == "quantity")
    assert claim.start >= doc.body_start
    assert raw[claim.start : claim.end] == claim.evidence
