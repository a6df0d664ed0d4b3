from django.db import models


class SourceQuerySet(models.QuerySet):
    def search(self, term: str) -> "SourceQuerySet":
        """Sources whose name or one of whose aliases contains term."""
        return self.filter(
            models.Q(name__icontains=term) | models.Q(aliases__alias__icontains=term)
        ).distinct()


class ArticleVersionQuerySet(models.QuerySet):
    def failed(self) -> "ArticleVersionQuerySet":
        return self.filter(status="failed")

    def for_list(self) -> "ArticleVersionQuerySet":
        """Versions with their article and outlet, without the heavy text columns."""
        return self.select_related("article", "article__outlet").defer("body", "raw")
