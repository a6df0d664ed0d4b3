"""manage.py report: the articles, versions, claims and contradictions stored, as readable text."""

from django.core.management.base import BaseCommand

from sources.models import ArticleVersion
from verification.analysis import analysis_payload, render_text


class Command(BaseCommand):
    help = "Print the stored articles and versions, their claims with sources, and the flags."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200, help="at most this many versions")
        parser.add_argument("--json", action="store_true", help="the analyze JSON contract")

    def handle(self, *args, limit: int, json: bool, **options):
        versions = list(
            ArticleVersion.objects.select_related("article__outlet")
            .defer("raw")
            .order_by("article__created_at", "article_id", "number")[:limit]
        )
        payload = analysis_payload(
            [(v.filename or f"{v.article.key} v{v.number}", v, "") for v in versions]
        )
        if json:
            import json as json_module

            self.stdout.write(json_module.dumps(payload, ensure_ascii=False, indent=1))
        else:
            self.stdout.write(render_text(payload))
