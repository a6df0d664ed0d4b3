"""Article, version and source filters, by what the responses show (keys and names)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from claims.api.filters import sources_named
from sources.models import Article, ArticleVersion, Source


class ArticleFilter(django_filters.FilterSet):
    outlet = django_filters.CharFilter(field_name="outlet__name", help_text="Outlet name.")
    story = django_filters.CharFilter(
        field_name="story_membership__story__key", help_text="Story key."
    )

    class Meta:
        model = Article
        fields = ["url"]


class ArticleVersionFilter(django_filters.FilterSet):
    article = django_filters.CharFilter(field_name="article__key", help_text="Article key.")

    class Meta:
        model = ArticleVersion
        fields = ["status", "corrected"]


class SourceFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(method="filter_name", help_text="Name or alias.")

    class Meta:
        model = Source
        fields = ["kind"]

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(pk__in=sources_named(value))
