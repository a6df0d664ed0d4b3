"""One raw document (file text, uploaded HTML, API body) -> a PreparedDocument."""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

from .errors import EmptyDocument, UndecodableDocument, UnsupportedLanguage
from .frontmatter import FrontMatter, parse_front_matter
from .html import HtmlExtraction, extract_html, is_html
from .labels import UpdateLabel, parse_dateline, parse_update_label
from .language import detect_language
from .limits import DEFAULT_LIMITS, IngestLimits, check_html_attributes, check_size
from .segment import Paragraph, filter_paragraphs, is_agency_byline, split_paragraphs

VERSION = "ingest-1"

_HEADLINE_MAX_CHARS = 200
_HEADLINE_MAX_WORDS = 25
_DATELINE_SEARCH = 5  # the dateline opens one of the first kept paragraphs


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A document reduced to article text; every offset refers to ``text``.

    For plain text ``text`` is the input as read (newlines normalised to "\\n"), front matter
    included. For HTML it is the front matter block, if any, followed by the reduced article text
    (one paragraph per block, separated by blank lines). ``front_matter`` is completed from the
    HTML metadata (title, date, url) where the block does not give them.
    """

    text: str
    content_type: str
    front_matter: FrontMatter
    body_start: int
    paragraphs: tuple[Paragraph, ...]
    dropped: tuple[Paragraph, ...]
    title: str | None
    update: UpdateLabel | None
    dateline: str | None
    sha256: str
    language: str
    word_count: int
    # A wire agency named alone on a line near the top ("Agence France-Presse"): the outlet
    # when no front matter names one.
    byline: str | None = None

    @property
    def body(self) -> str:
        """The text after the front matter (what ``sha256`` is computed from)."""
        return self.text[self.body_start :]


def content_sha256(body: str) -> str:
    """Return the hex SHA-256 of ``body`` with every run of whitespace collapsed to one space.

    Line endings, indentation and trailing spaces do not change it; any change of words does.
    """
    return hashlib.sha256(" ".join(body.split()).encode("utf-8")).hexdigest()


def prepare_document(
    raw: str | bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    require_english: bool = True,
    limits: IngestLimits = DEFAULT_LIMITS,
) -> PreparedDocument:
    """Return the prepared article of one raw document. Pure and deterministic.

    Bytes are decoded as UTF-8 (a BOM is dropped), else as the charset declared in
    ``content_type`` or an HTML ``<meta charset>``, else as cp1252 (which also reads latin-1).
    Raises EmptyDocument, UnsupportedLanguage (unless ``require_english`` is False, in which case
    ``language`` says what was detected), UndecodableDocument (also for NUL characters and
    unpaired surrogates, which no database stores), FrontMatterError, and for input beyond
    ``limits`` DocumentTooLarge or DocumentTooComplex, before any expensive parsing.
    """
    check_size(len(raw), limits.max_raw_chars, "the document")
    text = normalise_newlines(decode(raw, content_type) if isinstance(raw, bytes) else raw)
    check_storable(text)
    if is_blank(text):
        raise EmptyDocument("no article text: the document is empty")
    front_matter, body_start = parse_front_matter(text, limits=limits)
    if is_blank(text[body_start:]):
        raise EmptyDocument("no article text after removing the front matter")

    media_type = "text/plain"
    bylines = [front_matter.outlet or ""]
    if is_html(text[body_start:], filename=filename, content_type=content_type):
        media_type = "text/html"
        check_size(len(text) - body_start, limits.max_html_chars, "the HTML document")
        check_html_attributes(text[body_start:], limits.max_html_attributes)
        extraction = extract_html(text[body_start:])
        if not extraction.text:
            raise EmptyDocument("no article text after removing the HTML markup")
        prefix = text[:body_start]
        if prefix and not prefix.endswith("\n"):
            prefix += "\n"
        text, body_start = prefix + extraction.text, len(prefix)
        front_matter = _complete(front_matter, extraction)
        bylines.append(extraction.sitename or "")

    check_size(len(text) - body_start, limits.max_text_chars, "the article text")
    kept, dropped = filter_paragraphs(split_paragraphs(text, body_start), bylines=bylines)
    if not kept:
        raise EmptyDocument(
            f"no article text after removing page chrome ({len(dropped)} paragraphs dropped)"
        )
    article = "\n\n".join(paragraph.text for paragraph in kept)
    guess = detect_language(article)
    if require_english and not guess.is_english:
        raise UnsupportedLanguage(
            guess.describe(), language=guess.language, english_share=guess.english_share
        )
    return PreparedDocument(
        text=text,
        content_type=media_type,
        front_matter=front_matter,
        body_start=body_start,
        paragraphs=kept,
        dropped=dropped,
        title=front_matter.title or _headline(kept),
        update=parse_update_label(article),
        dateline=next(
            (d for p in kept[:_DATELINE_SEARCH] if (d := parse_dateline(p.text)) is not None),
            None,
        ),
        sha256=content_sha256(text[body_start:]),
        language=guess.language,
        word_count=sum(len(paragraph.text.split()) for paragraph in kept),
        byline=agency_byline(dropped),
    )


def prepare_stored_body(body: str, *, limits: IngestLimits = DEFAULT_LIMITS) -> PreparedDocument:
    """The prepared document of a stored version's body (plain text, any language):
    ``prepare_document(body, content_type="text/plain", require_english=False, limits=limits)``
    (a filename changes nothing once the type is given), or the same document kept by
    :func:`remember_stored_body` in this process. Pure in effect; raises as prepare_document."""
    key = (body, limits)
    with _STORED_LOCK:
        found = _STORED.get(key)
    if found is not None:
        return found
    return prepare_document(body, content_type="text/plain", require_english=False, limits=limits)


def remember_stored_body(doc: PreparedDocument, *, limits: IngestLimits = DEFAULT_LIMITS) -> None:
    """Keep ``doc`` (prepared with ``limits``) for :func:`prepare_stored_body` of its text: the
    ingest of a version then hands its document to the extraction that usually runs next in the
    same worker, instead of the same text being prepared twice. Only plain text qualifies: its
    ``text`` prepared again as plain text gives ``doc`` (HTML was reduced to other text)."""
    if doc.content_type != "text/plain":
        return
    with _STORED_LOCK:
        _STORED[(doc.text, limits)] = doc
        _STORED.move_to_end((doc.text, limits))
        while len(_STORED) > _STORED_SIZE:
            _STORED.popitem(last=False)


_STORED: OrderedDict[tuple[str, IngestLimits], PreparedDocument] = OrderedDict()
_STORED_LOCK = threading.Lock()
_STORED_SIZE = 8  # documents ingested last; a few, in case tasks interleave


# Characters that show nothing: whitespace, the byte-order mark, zero-width and direction marks.
_INVISIBLE = re.compile(
    r"[\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]*"
)


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing: only whitespace, BOMs and zero-width characters."""
    return _INVISIBLE.fullmatch(text) is not None


def check_storable(text: str) -> None:
    """Raise UndecodableDocument for text no database column takes: NUL characters (binary
    data) or unpaired surrogates (broken UTF-16 escapes in JSON)."""
    nul = text.find("\x00")
    if nul >= 0:
        raise UndecodableDocument(
            f"the document looks like binary data (NUL character at position {nul:,})"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UndecodableDocument(
            f"the document holds an unpaired surrogate at position {exc.start:,} (broken text)"
        ) from exc


def agency_byline(dropped: tuple[Paragraph, ...]) -> str | None:
    """The first dropped paragraph that names a wire agency, as written (without "By ")."""
    for paragraph in dropped:
        if is_agency_byline(paragraph.text):
            return re.sub(r"^by\s+", "", paragraph.text.strip(" ."), flags=re.IGNORECASE)
    return None


def normalise_newlines(text: str) -> str:
    """Return ``text`` with "\\r\\n" and "\\r" as "\\n", as Python's universal newlines read it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)


def decode(raw: bytes, content_type: str | None = None) -> str:
    """Return ``raw`` decoded: UTF-8 (BOM dropped), UTF-16 with a BOM, else the declared charset,
    else cp1252. Raises UndecodableDocument for binary data or bytes no candidate reads."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UndecodableDocument(f"invalid UTF-16 text: {exc.reason}") from exc
    if b"\x00" in raw[:65536]:
        raise UndecodableDocument("the document looks like binary data (it contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for charset in _declared_charsets(raw, content_type):
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UndecodableDocument(
            f"the document is not UTF-8 (byte 0x{raw[utf8_error.start]:02x} at position "
            f"{utf8_error.start}) nor cp1252/latin-1 text"
        ) from exc


def _declared_charsets(raw: bytes, content_type: str | None) -> list[str]:
    charsets = []
    for source in ((content_type or "").encode("ascii", "ignore"), raw[:4096]):
        match = _CHARSET_PARAM.search(source)
        if match:
            charset = match.group(1).decode("ascii").lower()
            compact = charset.replace("-", "").replace("_", "")
            if compact in ("utf8", "utf8sig"):
                continue
            if compact in _LATIN1_ALIASES:
                # As browsers do: a page labelled latin-1 is read as its superset cp1252.
                charsets.append("cp1252")
            charsets.append(charset)
    return charsets


_LATIN1_ALIASES = frozenset({"iso88591", "latin1", "l1", "ascii", "usascii", "windows1252"})


def _complete(front_matter: FrontMatter, extraction: HtmlExtraction) -> FrontMatter:
    """Front matter wins; the HTML metadata fills the gaps."""
    return dataclasses.replace(
        front_matter,
        title=front_matter.title or extraction.title,
        published_at=front_matter.published_at or extraction.published_at,
        url=front_matter.url or extraction.url,
    )


def _headline(paragraphs: tuple[Paragraph, ...]) -> str | None:
    """The first paragraph when it is short, single-line and not a sentence ending in '.'."""
    first = paragraphs[0].text
    if (
        len(first) <= _HEADLINE_MAX_CHARS
        and len(first.split()) <= _HEADLINE_MAX_WORDS
        and "\n" not in first
        and not first.endswith(".")
        and parse_dateline(first) is None
    ):
        return first
    return None
