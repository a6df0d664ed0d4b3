"""manage.py analyze [--json] FILE...: the one-shot pipeline, as ../shared/analyze-json.md says."""

import json
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from claims.services import claims_extract_for_version
from sources.ingest import IngestError
from sources.services import article_version_ingest
from sources.stream import ordered_documents
from verification.analysis import analysis_payload, render_text
from verification.services import contradictions_detect_for_version, detection_order


class Command(BaseCommand):
    help = (
        "Ingest each FILE, run extraction, attribution, story grouping and contradiction "
        "detection in-process, and print the result (--json: one JSON object on stdout). "
        "Unless --persist is given, it works in a private in-memory database (see manage.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="print the JSON contract")
        parser.add_argument(
            "--persist",
            action="store_true",
            help="store into the configured database (DATABASE_URL) instead of a private one",
        )

    def handle(self, *args, files, json: bool, persist: bool, **options):
        if connection.vendor == "sqlite" and connection.settings_dict["NAME"] in (":memory:", ""):
            call_command("migrate", verbosity=0, interactive=False)
        try:
            documents = ordered_documents([Path(name) for name in files])
        except IngestError as exc:  # a file that cannot be read
            raise CommandError(str(exc)) from exc
        results: list[tuple[str, object, str]] = []
        for document in documents:
            try:
                outcome = article_version_ingest(
                    raw=document.text, filename=str(document.path), enqueue=False
                )
            except IngestError as exc:
                results.append((str(document.path), None, str(exc)))
                self.stderr.write(f"{document.path}: {exc}")
                continue
            claims_extract_for_version(version_id=outcome.version.pk, enqueue=False)
            results.append((str(document.path), outcome.version, ""))
        # Detection in publication order, as a newsroom receives the copy (see
        # detection_order): a story is followed from its first article on, whatever order the
        # files were named in.
        for version in detection_order([v for _, v, _ in results if v is not None]):
            contradictions_detect_for_version(version_id=version.pk)
        # Versions may have been renumbered as earlier ones slotted in: read them afresh.
        from sources.models import ArticleVersion

        fresh = ArticleVersion.objects.select_related("article__outlet").in_bulk(
            [v.pk for _, v, _ in results if v is not None]
        )
        ordered = [
            (f, fresh[v.pk] if v is not None else None, e)
            for f, v, e in sorted(results, key=lambda r: files.index(r[0]) if r[0] in files else 0)
        ]
        payload = analysis_payload(ordered)
        if json:
            sys.stdout.write(_dumps(payload) + "\n")
        else:
            self.stdout.write(render_text(payload))
        if any(version is None for _, version, _ in results):
            raise CommandError("some files were rejected (see above)")


def _dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=1)
