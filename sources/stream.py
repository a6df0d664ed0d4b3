"""Reading article files from disk in the order their versions were published."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sources.ingest import IngestError, parse_front_matter, parse_update_label

SUFFIXES = {".txt", ".html", ".htm", ".md"}


@dataclass(frozen=True)
class DocumentFile:
    path: Path
    text: str
    order: int  # command-line order


def document_files(paths: list[Path]) -> list[Path]:
    """The files named, and the article files inside the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            )
        else:
            found.append(path)
    return found


def read_text(path: Path) -> str:
    """A file's text as Python reads it in text mode (UTF-8, universal newlines), the text that
    `analyze` offsets refer to. Bytes that are not UTF-8 are decoded by the ingest package."""
    data = path.read_bytes()
    try:
        # Plain "utf-8" keeps a BOM as a character, as Python's text mode does.
        return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        from sources.ingest.prepare import decode  # cp1252 fallback, documented there

        return decode(data, None).replace("\r\n", "\n").replace("\r", "\n")


def ordered_documents(files: list[Path]) -> list[DocumentFile]:
    """Files read and put in publication order (see publication_order)."""
    documents = []
    for order, path in enumerate(files):
        try:
            text = read_text(path)
        except OSError as exc:
            raise IngestError(f"{path}: cannot read: {exc}") from exc
        documents.append(DocumentFile(path=path, text=text, order=order))
    return publication_order(documents)


def publication_order(documents: list[DocumentFile]) -> list[DocumentFile]:
    """Versions of one article in publication order: by published time, then wire update
    number, then command-line order. A version without a date keeps its command-line place
    among the dated versions of its article (it comes before the dated version it preceded
    on the command line); an article with no dated version at all comes last."""
    read: dict[int, tuple[str | None, float | None, int]] = {}
    unreadable: set[int] = set()
    for document in documents:
        try:
            meta, body_start = parse_front_matter(document.text)
        except (IngestError, ValueError, OverflowError, RecursionError):
            # Unreadable front matter: ordered last here, rejected with its reason by ingest.
            unreadable.add(document.order)
            continue
        label = parse_update_label(document.text[body_start:])
        published = meta.published_at
        read[document.order] = (
            meta.url,
            published.timestamp() if published else None,
            (label.number or 0) if label else 0,
        )
    effective: dict[int, float | None] = {}
    for document in documents:
        if document.order not in read:
            continue
        url, when, _ = read[document.order]
        if when is None and url:
            later = [
                w
                for o, (u, w, _) in read.items()
                if u == url and w is not None and o > document.order
            ]
            when = min(later) - 1.0 if later else None
        effective[document.order] = when

    def key(document: DocumentFile) -> tuple:
        if document.order in unreadable:
            return (True, 0.0, 0, document.order)
        when = effective[document.order]
        label_number = read[document.order][2]
        return (when is None, when or 0.0, label_number, document.order)

    return sorted(documents, key=key)
