from django.db.models import Prefetch
from rest_framework import viewsets

from config.api import IdCursorPagination
from verification.api.serializers import (
    ClaimReviewSerializer,
    ContradictionSerializer,
    StorySerializer,
    VerdictSerializer,
)
from verification.models import Contradiction, Story, StoryArticle, Verdict


class StoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StorySerializer
    pagination_class = IdCursorPagination

    def get_queryset(self):
        return Story.objects.prefetch_related(
            Prefetch("memberships", queryset=StoryArticle.objects.select_related("article"))
        )


class ContradictionViewSet(viewsets.ReadOnlyModelViewSet):
    """Flagged pairs (contradictions and corrections); `?relation=update` lists updates."""

    serializer_class = ContradictionSerializer
    pagination_class = IdCursorPagination
    filterset_fields = ["kind", "relation", "status", "detector", "story"]

    def get_queryset(self):
        queryset = Contradiction.objects.for_list()
        if self.action == "list" and not self.request.query_params.get("relation"):
            queryset = queryset.flagged()
        return queryset


class VerdictViewSet(viewsets.ReadOnlyModelViewSet):
    """Published verdicts."""

    serializer_class = VerdictSerializer
    pagination_class = IdCursorPagination
    filterset_fields = ["rating"]

    def get_queryset(self):
        return Verdict.objects.published().for_api()


class ClaimReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Published verdicts as schema.org ClaimReview (JSON-LD)."""

    serializer_class = ClaimReviewSerializer
    pagination_class = IdCursorPagination

    def get_queryset(self):
        return Verdict.objects.published().for_api()
