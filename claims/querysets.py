from django.db import models


class ClaimQuerySet(models.QuerySet):
    def for_list(self) -> "ClaimQuerySet":
        """Claims with what list screens show next to them, in one query."""
        return self.select_related(
            "source", "version", "version__article", "version__article__outlet"
        )

    def quantities(self) -> "ClaimQuerySet":
        return self.filter(kind="quantity")
