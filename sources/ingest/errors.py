"""Errors raised by the ingest package: all are ``ValueError`` subclasses with readable messages."""

from __future__ import annotations


class IngestError(ValueError):
    """Base: bad input, with a message a person can read."""


class EmptyDocument(IngestError):
    """The document has no article text (empty, whitespace, only front matter or page chrome)."""


class UnsupportedLanguage(IngestError):
    """The article text does not look like English; ``language`` holds the best guess."""

    def __init__(self, message: str, *, language: str = "unknown", english_share: float = 0.0):
        super().__init__(message)
        self.language = language
        self.english_share = english_share


class UndecodableDocument(IngestError):
    """The bytes are not text in any encoding we accept (binary data, or invalid UTF-8/cp1252)."""


class FrontMatterError(IngestError):
    """The ``---`` front matter block is malformed; ``line`` is the 1-based line in the file."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.line = line


class DocumentTooLarge(IngestError):
    """The document (or its front matter) exceeds a size limit; ``size`` and ``limit`` say how."""

    def __init__(self, message: str, *, size: int = 0, limit: int = 0):
        super().__init__(message)
        self.size = size
        self.limit = limit


class DocumentTooComplex(IngestError):
    """The markup or front matter is shaped to make parsing expensive (attributes, nesting)."""
