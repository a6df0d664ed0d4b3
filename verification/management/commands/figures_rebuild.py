"""manage.py figures_rebuild [--story KEY]: file stored claims and flags under figures and
disagreements (verification.figures): a backfill, or a repair after a story split."""

from django.core.management.base import BaseCommand, CommandError

from verification.figures import figures_rebuild_for_story
from verification.models import Story


class Command(BaseCommand):
    help = (
        "File every quantity claim and contradiction flag of the stored stories (or of one "
        "story) under their figures and disagreements. Idempotent; decisions stand."
    )

    def add_arguments(self, parser):
        parser.add_argument("--story", help="only the story with this key")

    def handle(self, *args, story: str | None, **options):
        stories = Story.objects.order_by("pk")
        if story:
            stories = stories.filter(key=story)
            if not stories.exists():
                raise CommandError(f"no story with key {story!r}")
        total = 0
        for story_id in stories.values_list("pk", flat=True).iterator():
            total += figures_rebuild_for_story(story_id=story_id)
        self.stdout.write(f"{total} open disagreements in the stories rebuilt\n")
