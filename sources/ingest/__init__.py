"""Pure ingest: one raw document -> article text, paragraphs, metadata, update label, hash.

No Django, Celery or spaCy imports. Entry point: :func:`prepare_document`.
"""

from .errors import (
    DocumentTooComplex,
    DocumentTooLarge,
    EmptyDocument,
    FrontMatterError,
    IngestError,
    UndecodableDocument,
    UnsupportedLanguage,
)
from .frontmatter import FrontMatter, parse_front_matter
from .labels import UpdateLabel, parse_dateline, parse_update_label
from .language import LanguageGuess, detect_language
from .limits import DEFAULT_LIMITS, IngestLimits
from .prepare import (
    VERSION,
    PreparedDocument,
    content_sha256,
    prepare_document,
    prepare_stored_body,
    remember_stored_body,
)
from .segment import Paragraph, filter_paragraphs, is_chrome, split_paragraphs

__all__ = [
    "DEFAULT_LIMITS",
    "VERSION",
    "DocumentTooComplex",
    "DocumentTooLarge",
    "EmptyDocument",
    "FrontMatter",
    "FrontMatterError",
    "IngestError",
    "IngestLimits",
    "LanguageGuess",
    "Paragraph",
    "PreparedDocument",
    "UndecodableDocument",
    "UnsupportedLanguage",
    "UpdateLabel",
    "content_sha256",
    "detect_language",
    "filter_paragraphs",
    "is_chrome",
    "parse_dateline",
    "parse_front_matter",
    "parse_update_label",
    "prepare_document",
    "prepare_stored_body",
    "remember_stored_body",
    "split_paragraphs",
]
