"""manage.py ingest PATH...: store article files (and folders of them) as article versions."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources.ingest import IngestError
from sources.services import article_version_ingest
from sources.stream import document_files, ordered_documents


class Command(BaseCommand):
    help = (
        "Ingest article files (.txt, .html) and folders of them. Idempotent: the same text twice "
        "is one version; a changed text under the same url is the next version. Extraction and "
        "detection are queued (or run in-process when no CELERY_BROKER_URL is set)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, paths, no_progress, **options):
        files = document_files([Path(p) for p in paths])
        if not files:
            raise CommandError("no .txt, .md or .html files found in the given paths")
        created = existing = failed = 0
        documents = ordered_documents(files)
        for document in tqdm(
            documents, desc="ingest", unit="file", disable=no_progress, file=self.stderr._out
        ):
            try:
                outcome = article_version_ingest(raw=document.text, filename=str(document.path))
            except IngestError as exc:
                failed += 1
                self.stderr.write(f"{document.path}: {exc}")
                continue
            if outcome.created:
                created += 1
            else:
                existing += 1
        self.stdout.write(
            f"{created} new version(s), {existing} already stored, {failed} rejected "
            f"({len(files)} file(s))"
        )
        if failed:
            raise CommandError(f"{failed} file(s) could not be ingested (see above)")
