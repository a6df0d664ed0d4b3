"""Filters of the judgement endpoints, by what the responses show (story key, source name,
measure), plus `updated_after` for incremental sync."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from claims.api.filters import sources_named
from config.api import fraction_filter, updated_after_filter
from verification.models import Contradiction, Disagreement, Story, Tombstone, Verdict


class StoryFilter(django_filters.FilterSet):
    class Meta:
        model = Story
        fields = ["key", "explicit"]


class ContradictionFilter(django_filters.FilterSet):
    story = django_filters.CharFilter(field_name="story__key", help_text="Story key.")
    source = django_filters.CharFilter(
        method="filter_source", help_text="Source name (or alias) of either claim."
    )
    measure = django_filters.CharFilter(method="filter_measure", help_text="Either claim's.")
    min_confidence = fraction_filter("confidence", "gte", "Confidence at least this (0..1).")
    updated_after = updated_after_filter()

    class Meta:
        model = Contradiction
        fields = ["kind", "relation", "status", "detector"]

    def filter_source(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        ids = sources_named(value)
        return queryset.filter(Q(claim_a__source__in=ids) | Q(claim_b__source__in=ids))

    def filter_measure(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(claim_a__measure=value) | Q(claim_b__measure=value))


class DisagreementFilter(django_filters.FilterSet):
    story = django_filters.CharFilter(field_name="story__key", help_text="Story key.")
    family = django_filters.CharFilter(field_name="figure__family", help_text="Measure family.")
    min_confidence = fraction_filter("confidence", "gte", "Confidence at least this (0..1).")
    updated_after = updated_after_filter()

    class Meta:
        model = Disagreement
        fields = ["status", "kind"]


class VerdictFilter(django_filters.FilterSet):
    story = django_filters.CharFilter(
        field_name="claim__version__article__story_membership__story__key", help_text="Story key."
    )
    source = django_filters.CharFilter(method="filter_source", help_text="Source name or alias.")
    updated_after = updated_after_filter()

    class Meta:
        model = Verdict
        fields = ["rating"]

    def filter_source(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(claim__source__in=sources_named(value))


class TombstoneFilter(django_filters.FilterSet):
    deleted_after = updated_after_filter("deleted_at")

    class Meta:
        model = Tombstone
        fields = ["resource"]
