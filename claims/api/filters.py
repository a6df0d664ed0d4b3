"""Claim filters, by what the responses show: story key, article key, source name, measure."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from claims.extraction.sources import source_key
from claims.models import Claim
from config.api import id_filter, updated_after_filter
from sources.models import Source


def sources_named(name: str) -> QuerySet:
    """Ids of the sources a name denotes: its folded key is a source's or one of its aliases'
    (both unique, indexed), so "Iraqi military" and "Iraq's military" find the same source."""
    key = source_key(name)
    return Source.objects.filter(Q(key=key) | Q(aliases__key=key)).values("pk")


class ClaimFilter(django_filters.FilterSet):
    story = django_filters.CharFilter(
        field_name="version__article__story_membership__story__key",
        help_text="Story key, as /stories/ shows it.",
    )
    article = django_filters.CharFilter(
        field_name="version__article__key", help_text="Article key, as the claim shows it."
    )
    source = django_filters.CharFilter(
        method="filter_source", help_text="Source name (or one of its aliases)."
    )
    measure = django_filters.CharFilter(help_text="Measure as shown, e.g. `people killed`.")
    version = id_filter("version_id", "Version id, as the claim shows it.")
    updated_after = updated_after_filter()

    class Meta:
        model = Claim
        fields = ["kind", "family", "attributed", "hedged"]

    def filter_source(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(source__in=sources_named(value))
