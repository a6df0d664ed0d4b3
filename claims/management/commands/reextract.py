"""`manage.py reextract --stale`: re-queue versions whose claims an older extractor wrote."""

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import VERSION
from claims.services import claims_reextract_stale


class Command(BaseCommand):
    help = (
        "Re-queue, in batches through the normal extraction task, every done version whose "
        "claims came from an older extractor (its stamp differs from the current one). Claims "
        "found again keep their rows and reviews."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale", action="store_true", help="versions extracted by another extractor stamp"
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, stale: bool, batch_size: int, **options):
        if not stale:
            raise CommandError("say which versions: --stale")
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        queued = claims_reextract_stale(batch_size=batch_size)
        self.stdout.write(f"queued {queued} version(s) for re-extraction by {VERSION}")
