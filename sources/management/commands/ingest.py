"""manage.py ingest PATH...: store article files (and folders of them) as article versions."""

import logging
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources.ingest import DocumentTooLarge, IngestError
from sources.services import article_version_ingest, ingest_limits
from sources.stream import DocumentFile, document_files, publication_order, read_text

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Ingest article files (.txt, .html) and folders of them. Idempotent: the same text twice "
        "is one version; a changed text under the same url is the next version. Extraction and "
        "detection are queued (or run in-process when no CELERY_BROKER_URL is set). A file that "
        "cannot be ingested is rejected with its reason on one line and the batch goes on; the "
        "command then exits with status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, paths, no_progress, **options):
        files = document_files([Path(p) for p in paths])
        if not files:
            raise CommandError("no .txt, .md or .html files found in the given paths")
        created = existing = requeued = 0
        rejected: list[tuple[Path, str]] = []
        documents = []
        # UTF-8 takes at most 4 bytes a character: a file beyond this is refused unread.
        max_bytes = 4 * ingest_limits().max_raw_chars
        for order, path in enumerate(files):
            try:
                size = path.stat().st_size
                if size > max_bytes:
                    raise DocumentTooLarge(f"the file is too large: {size:,} bytes", size=size)
                documents.append(DocumentFile(path=path, text=read_text(path), order=order))
            except Exception as exc:  # one unreadable file never stops the batch
                rejected.append((path, _reason(exc)))
        for document in tqdm(
            publication_order(documents),
            desc="ingest",
            unit="file",
            disable=no_progress,
            file=self.stderr._out,
        ):
            try:
                outcome = article_version_ingest(raw=document.text, filename=str(document.path))
            except Exception as exc:  # reported per file, the batch goes on
                if not isinstance(exc, IngestError):
                    logger.exception("ingest of %s failed", document.path)
                rejected.append((document.path, _reason(exc)))
                continue
            if outcome.created:
                created += 1
            else:
                existing += 1
                requeued += outcome.requeued
        for path, reason in rejected:
            self.stderr.write(f"rejected {path}: {reason}")
        again = f" ({requeued} stuck, sent again)" if requeued else ""
        self.stdout.write(
            f"{created} new version(s), {existing} already stored{again}, {len(rejected)} "
            f"rejected ({len(files)} file(s))"
        )
        if rejected:
            raise CommandError(f"{len(rejected)} file(s) could not be ingested (see above)")


def _reason(exc: Exception) -> str:
    """One line: the message of a rejection, prefixed by its kind when it is not ours."""
    message = " ".join(str(exc).split())[:300] or "no detail"
    return message if isinstance(exc, IngestError) else f"{type(exc).__name__}: {message}"
