"""manage.py sweep: send again the versions whose extraction was lost (the beat task's work)."""

from django.core.management.base import BaseCommand

from sources.services import article_versions_sweep


class Command(BaseCommand):
    help = (
        "Send again the extraction of versions stuck pending (never sent, or sent and lost) or "
        "running (their worker is gone) past CLAIMTRACKER_SWEEP_PENDING_AFTER / _RUNNING_AFTER "
        "seconds; versions sent CLAIMTRACKER_SWEEP_MAX_REQUEUES times already are marked failed. "
        "Beat runs the same sweep every CLAIMTRACKER_SWEEP_EVERY seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list, change nothing")
        parser.add_argument("--limit", type=int, default=None, help="at most this many versions")

    def handle(self, *args, dry_run, limit, **options):
        outcome = article_versions_sweep(dry_run=dry_run, limit=limit)
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{len(outcome.requeued)} stuck version(s) {verb} sent again, "
            f"{len(outcome.redetected)} detection(s) {verb} sent again, "
            f"{len(outcome.failed)} {verb} marked failed"
        )
        for label, ids in (
            ("sent again", outcome.requeued),
            ("detection sent again", outcome.redetected),
            ("failed", outcome.failed),
        ):
            if ids and options["verbosity"] > 1:
                self.stdout.write(f"{label}: {', '.join(map(str, ids))}")
