from datetime import UTC, datetime

import pytest

import sources.ingest as ingest
from sources.ingest import (
    VERSION,
    EmptyDocument,
    FrontMatterError,
    IngestError,
    PreparedDocument,
    UndecodableDocument,
    UnsupportedLanguage,
    content_sha256,
    detect_language,
    prepare_document,
    prepare_stored_body,
    remember_stored_body,
)

FRONT = (
    "---\n"
    "url: https://valleynews.example/kelmore-dam  # as shared by the desk\n"
    "outlet: Valley News\n"
    "published: 2024-05-12\n"
    "story: kelmore-dam\n"
    "desk: regional\n"
    "---\n"
)

WIRE_BODY = """Dam bursts near Kelmore after week of rain

Valley News

Summarize this article with AI

Dam bursts near Kelmore after week of rain

(3rd UPDATE) Regional governor orders inquiry

(Adds governor's comment in paragraph 4, updates number of evacuated in paragraph 2)

KELMORE, Eastland (3rd UPDATE) – An earth dam above the town of Kelmore gave way on Sunday
after a week of heavy rain, flooding the lower districts, the regional emergency service said.

More than 3,400 people were evacuated from their homes, up from 1,200 reported earlier, and at
least two people were missing, the service said in a statement.

Photo: Mara Jensen / AFP

"The water came down the valley like a wall," said a farmer who lives below the dam.

Governor Elin Marsh said she had ordered an inquiry into why the dam, which was inspected last
year, had failed. "Someone will have to answer for this," she told reporters.

Advertisement

Engineers warned in 2019 that the spillway was too small for the rains now common in the region.

Add a comment

Sort by

There are no comments yet. Add your comment to start the conversation.

How does this make you feel?

Download the Valley News App!
"""

PLAIN_LEAD_ONLY = (
    "The central bank raised its main interest rate by a quarter of a percentage point on "
    "Thursday, saying that inflation had stayed above its target for longer than it expected, "
    "and it signalled that further increases were possible if prices kept rising.\n"
    "Economists had expected the move. The bank's governor said the decision was unanimous and "
    "that the board would look again at the data in six weeks."
)

FRENCH = (
    "Le barrage au-dessus de la ville a cédé dimanche après une semaine de pluies, et les "
    "services de secours ont indiqué que plus de trois mille personnes ont été évacuées. Le "
    "gouverneur a ordonné une enquête sur les causes de la rupture, selon un communiqué publié "
    "dans la soirée par la préfecture."
)
GERMAN = (
    "Der Damm oberhalb der Stadt ist am Sonntag nach einer Woche mit starkem Regen gebrochen. "
    "Nach Angaben der Rettungsdienste wurden mehr als dreitausend Menschen in Sicherheit "
    "gebracht, und die Gouverneurin hat eine Untersuchung angeordnet, wie es zu dem Unglück "
    "kommen konnte."
)
SPANISH = (
    "La presa situada sobre la ciudad se rompió el domingo después de una semana de lluvias, "
    "y los servicios de emergencia dijeron que más de tres mil personas fueron evacuadas. La "
    "gobernadora ordenó una investigación sobre las causas del colapso, según un comunicado."
)
ARABIC = (
    "انهار السد الواقع فوق المدينة يوم الأحد بعد أسبوع من الأمطار الغزيرة، وقالت خدمات الطوارئ "
    "إن أكثر من ثلاثة آلاف شخص تم إجلاؤهم من منازلهم، وأمرت الحاكمة بفتح تحقيق في أسباب انهيار "
    "السد بحسب بيان صدر مساء اليوم."
)

HTML_PAGE = """<!doctype html><html><head><title>Rates rise | Money Desk</title></head>
<body><nav><a href="/">Home</a></nav><main><article><h1>Central bank raises rates</h1>
<p>FRANKFURT (Wire) - The central bank raised its main rate by a quarter point on Thursday,
saying inflation had stayed above its target for longer than it had expected.</p>
<p>The governor said the decision was unanimous and that the board would look at the data
again in six weeks, after new figures on wages and prices were published.</p>
<p>Share this article</p></article></main></body></html>"""


def _assert_offsets(doc: PreparedDocument) -> None:
    for group in (doc.paragraphs, doc.dropped):
        for position, paragraph in enumerate(group):
            assert doc.text[paragraph.start : paragraph.end] == paragraph.text
            assert paragraph.text == paragraph.text.strip() != ""
            assert paragraph.start >= doc.body_start
            assert paragraph.index == position
    starts = [p.start for p in doc.paragraphs]
    assert starts == sorted(starts)


def test_version_is_exposed():
    assert VERSION == "ingest-1"
    assert ingest.VERSION == VERSION


def test_wire_story_with_front_matter():
    text = FRONT + WIRE_BODY
    doc = prepare_document(text, filename="kelmore.txt")
    assert doc.content_type == "text/plain"
    assert doc.text == text
    assert doc.body_start == len(FRONT)
    assert doc.front_matter.outlet == "Valley News"
    assert doc.front_matter.published_at == datetime(2024, 5, 12, tzinfo=UTC)
    assert doc.front_matter.extra == {"desk": "regional"}
    assert doc.title == "Dam bursts near Kelmore after week of rain"
    assert doc.dateline == "KELMORE, Eastland"
    assert doc.language == "en"
    assert doc.update is not None
    assert doc.update.raw == "(3rd UPDATE)"
    assert doc.update.number == 3
    assert doc.update.advisory.startswith("(Adds governor's comment in paragraph 4")
    assert [p.text for p in doc.dropped] == [
        "Valley News",
        "Summarize this article with AI",
        "Dam bursts near Kelmore after week of rain",
        "Photo: Mara Jensen / AFP",
        "Advertisement",
        "Add a comment",
        "Sort by",
        "There are no comments yet. Add your comment to start the conversation.",
        "How does this make you feel?",
        "Download the Valley News App!",
    ]
    assert doc.paragraphs[0].text == "Dam bursts near Kelmore after week of rain"
    assert doc.paragraphs[-1].text.startswith("Engineers warned in 2019")
    assert doc.word_count == sum(len(p.text.split()) for p in doc.paragraphs)
    _assert_offsets(doc)


def test_offsets_point_into_the_file_as_read(tmp_path):
    path = tmp_path / "kelmore.txt"
    path.write_bytes((FRONT + WIRE_BODY).replace("\n", "\r\n").encode("utf-8"))
    as_read = path.read_text(encoding="utf-8")
    from_text = prepare_document(as_read)
    from_bytes = prepare_document(path.read_bytes(), filename=path.name)
    assert from_text == from_bytes
    lead = next(p for p in from_bytes.paragraphs if p.text.startswith("KELMORE"))
    assert as_read[lead.start : lead.end] == lead.text


def test_title_from_front_matter_wins():
    doc = prepare_document("---\ntitle: Kelmore dam fails\n---\n" + WIRE_BODY)
    assert doc.title == "Kelmore dam fails"


def test_no_headline_when_the_first_paragraph_is_a_lead():
    doc = prepare_document(PLAIN_LEAD_ONLY)
    assert doc.title is None
    assert doc.update is None
    assert doc.dateline is None
    assert len(doc.paragraphs) == 2  # no blank line: split on single newlines


def test_hash_ignores_whitespace_and_front_matter_but_not_words():
    base = prepare_document(WIRE_BODY).sha256
    assert prepare_document(FRONT + WIRE_BODY).sha256 == base
    respaced = WIRE_BODY.replace("\n", "  \r\n").replace("gave way", "gave\tway")
    assert prepare_document(respaced).sha256 == base
    assert prepare_document(WIRE_BODY.replace("3,400", "3,500")).sha256 != base
    assert base == content_sha256(WIRE_BODY)
    assert content_sha256("a  b\n\nc ") == content_sha256("a b c")
    assert len(base) == 64


def test_html_document_end_to_end():
    doc = prepare_document(HTML_PAGE.encode("utf-8"))
    assert doc.content_type == "text/html"
    assert doc.dateline == "FRANKFURT"
    assert doc.paragraphs[0].text == "Central bank raises rates"
    assert all("Share this" not in p.text for p in doc.paragraphs)
    assert doc.sha256 == content_sha256(doc.text)
    _assert_offsets(doc)


@pytest.mark.parametrize(
    "raw",
    ["", "   \n\t\n", b"", "---\ntitle: Nothing here\n---\n", "---\nstory: x\n---\n  \n"],
)
def test_empty_documents(raw):
    with pytest.raises(EmptyDocument, match="no article text"):
        prepare_document(raw)


def test_only_page_chrome_is_empty():
    chrome = "Add a comment\n\nSort by\n\nShare this article\n\nAdvertisement\n"
    with pytest.raises(EmptyDocument, match=r"page chrome \(4 paragraphs dropped\)"):
        prepare_document(chrome)


def test_latin1_bytes_are_read_as_cp1252():
    text = "Café owners in Zürich said prices rose by 5%, the café association reported."
    doc = prepare_document(text.encode("latin-1"))
    assert doc.paragraphs[0].text == text


def test_cp1252_smart_quotes_are_decoded():
    raw = "\u201cWe will rebuild,\u201d the mayor said \u2013 again.".encode("cp1252")
    assert prepare_document(raw).text == "\u201cWe will rebuild,\u201d the mayor said \u2013 again."


def test_declared_charset_is_used_when_not_utf8():
    text = "Пожарные потушили огонь на складе."
    doc = prepare_document(
        text.encode("koi8-r"), content_type="text/plain; charset=koi8-r", require_english=False
    )
    assert doc.text == text


def test_utf8_bom_is_dropped_and_utf16_is_read():
    text = "Headline\n\nThe mayor said the bridge would reopen on Monday."
    assert prepare_document(b"\xef\xbb\xbf" + text.encode("utf-8")).text == text
    assert prepare_document(text.encode("utf-16")).text == text


def test_binary_bytes_are_undecodable():
    with pytest.raises(UndecodableDocument, match="binary"):
        prepare_document(b"%PDF-1.7\n\x00\x01\x02\xff")


def test_bytes_neither_utf8_nor_cp1252_are_undecodable():
    with pytest.raises(UndecodableDocument, match="not UTF-8") as caught:
        prepare_document(b"Budget \x81\x8d talks stall")
    assert isinstance(caught.value, IngestError)


def test_malformed_front_matter_propagates():
    with pytest.raises(FrontMatterError, match="malformed front matter on line"):
        prepare_document("---\ntitle: [a, b\n---\nBody text.")


@pytest.mark.parametrize(("text", "code"), [(FRENCH, "fr"), (GERMAN, "de"), (SPANISH, "es")])
def test_european_languages_are_not_english(text, code):
    with pytest.raises(UnsupportedLanguage, match="does not look like English") as caught:
        prepare_document(text)
    assert caught.value.language == code
    assert "need 15%" in str(caught.value)
    assert prepare_document(text, require_english=False).language == code


def test_arabic_is_not_english():
    with pytest.raises(UnsupportedLanguage, match="Arabic script") as caught:
        prepare_document(ARABIC)
    assert caught.value.language == "ar"
    assert caught.value.english_share == 0.0


def test_english_share_is_well_above_threshold_for_news():
    guess = detect_language(WIRE_BODY)
    assert guess.is_english
    assert guess.english_share > 0.2


def test_very_short_text_is_accepted_as_english():
    doc = prepare_document("Zollstreit: Brüssel droht mit Gegenmaßnahmen")
    assert doc.language == "en"


def test_english_article_quoting_french_is_english():
    text = PLAIN_LEAD_ONLY + '\n\n"' + FRENCH[:120] + '," the statement said.'
    assert prepare_document(text).language == "en"


def test_large_document_prepares():
    sentence = (
        "The council said on Tuesday that 1,250 homes had been checked for flood damage, "
        "and that repairs to the bridge would cost about 4 million euros."
    )
    paragraphs = [f"{sentence} Paragraph {n} of the report." for n in range(1800)]
    text = "Flood repairs to cost millions\n\n" + "\n\n".join(paragraphs)
    assert len(text.split()) > 50_000
    doc = prepare_document(text)
    assert len(doc.paragraphs) == 1801
    assert doc.word_count == len(text.split())
    _assert_offsets(doc)


def _variants():
    fixtures = {
        "wire": ("", WIRE_BODY),
        "wire+front": (FRONT, WIRE_BODY),
        "lead-only": ("", PLAIN_LEAD_ONLY),
        "html": ("", HTML_PAGE),
        "html+front": (FRONT, HTML_PAGE),
    }
    for name, (front, body) in fixtures.items():
        text = front + body
        yield name, text
        yield f"{name}-crlf", text.replace("\n", "\r\n")
        yield f"{name}-cr", text.replace("\n", "\r")
        yield f"{name}-bytes", text.encode("utf-8")
        yield f"{name}-indented", front + body.replace("\n", "\n   ")
        yield f"{name}-trailing", text.replace("\n", " \t\n") + "\n\n\n"
        yield f"{name}-single-newlines", text.replace("\n\n", "\n")


@pytest.mark.parametrize(("name", "raw"), list(_variants()))
def test_offset_invariant_over_fixture_variants(name, raw):
    doc = prepare_document(raw)
    _assert_offsets(doc)
    assert doc.word_count > 0
    assert doc.sha256 == content_sha256(doc.text[doc.body_start :])


def test_offset_invariant_over_cut_points():
    # A poor man's property test: every prefix that still holds article text keeps the invariant.
    text = FRONT + WIRE_BODY
    for cut in range(len(FRONT) + 1, len(text), 37):
        try:
            doc = prepare_document(text[:cut])
        except EmptyDocument:
            continue
        _assert_offsets(doc)


def test_prepared_document_is_frozen():
    doc = prepare_document(WIRE_BODY)
    with pytest.raises(AttributeError):
        doc.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "De dam boven de stad is zondag na een week van zware regen bezweken. Volgens de "
            "hulpdiensten werden meer dan drieduizend mensen geëvacueerd, en de gouverneur heeft "
            "een onderzoek gelast naar de oorzaak van de ramp.",
            "nl",
        ),
        (
            "La diga sopra la città è crollata domenica dopo una settimana di piogge, e i servizi "
            "di emergenza hanno detto che più di tremila persone sono state evacuate dalle case.",
            "it",
        ),
        (
            "A barragem acima da cidade rompeu no domingo depois de uma semana de chuvas, e os "
            "serviços de emergência disseram que mais de três mil pessoas foram retiradas.",
            "pt",
        ),
    ],
)
def test_other_european_languages_are_named(text, code):
    guess = detect_language(text)
    assert not guess.is_english
    assert guess.language == code


def test_headline_heavy_short_english_is_english():
    text = (
        "Dam bursts near Kelmore after week of rain\n\n"
        "(3rd UPDATE) Regional governor orders inquiry into collapse\n\n"
        "Thousands evacuated as floodwater sweeps through lower Kelmore districts"
    )
    assert prepare_document(text).language == "en"


def test_stored_body_is_prepared_once_when_the_ingest_left_it():
    raw = (FRONT + WIRE_BODY).replace("\n", "\r\n").encode("utf-8")
    doc = prepare_document(raw, require_english=False)
    again = prepare_document(doc.text, content_type="text/plain", require_english=False)
    assert again == doc  # plain text prepared again as plain text: the same document
    remember_stored_body(doc)
    assert prepare_stored_body(doc.text) is doc
    assert prepare_stored_body(doc.text + " ") == prepare_document(
        doc.text + " ", content_type="text/plain", require_english=False
    )


def test_html_is_not_kept_for_its_stored_body():
    doc = prepare_document(HTML_PAGE.encode("utf-8"))
    remember_stored_body(doc)
    assert prepare_stored_body(doc.text) is not doc
    assert prepare_stored_body(doc.text).content_type == "text/plain"
