from django.db import models


class ContradictionQuerySet(models.QuerySet):
    def flagged(self) -> "ContradictionQuerySet":
        """Pairs shown to fact-checkers: contradictions and corrections, not plain updates."""
        return self.exclude(relation="update")

    def open(self) -> "ContradictionQuerySet":
        return self.flagged().filter(status="open")

    def for_list(self) -> "ContradictionQuerySet":
        return self.select_related(
            "claim_a__source",
            "claim_b__source",
            "claim_a__version__article",
            "claim_b__version__article",
            "story",
            "disagreement_evidence__disagreement",
        )


class VerdictQuerySet(models.QuerySet):
    def published(self) -> "VerdictQuerySet":
        return self.filter(published_at__isnull=False)

    def for_api(self) -> "VerdictQuerySet":
        return self.select_related("claim__source", "claim__version__article__outlet", "reviewer")
