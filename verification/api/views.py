from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from claims.api.serializers import CLAIM_COLUMNS
from claims.api.views import SYNC_ORDERINGS
from claims.models import Claim
from config.api import CanPublishVerdicts, StrictQueryMixin
from config.permissions import PublicRead
from config.rows import as_rows
from verification.api.filters import (
    ContradictionFilter,
    DisagreementFilter,
    StoryFilter,
    TombstoneFilter,
    VerdictFilter,
)
from verification.api.serializers import (
    CONTRADICTION_COLUMNS,
    CONTRADICTION_ROW_COLUMNS,
    DISAGREEMENT_ROW_COLUMNS,
    ClaimReviewSerializer,
    ContradictionSerializer,
    DisagreementDetailSerializer,
    DisagreementSerializer,
    StorySerializer,
    TombstoneSerializer,
    VerdictSerializer,
    contradiction_rows,
    disagreement_rows,
)
from verification.models import (
    Contradiction,
    Disagreement,
    DisagreementEvidence,
    Story,
    StoryArticle,
    Tombstone,
    Verdict,
)
from verification.services import verdicts_publish

# What the verdict and ClaimReview serializers read, and nothing else.
VERDICT_COLUMNS = [
    "id",
    "rating",
    "rationale",
    "published_at",
    "updated_at",
    "reviewer",
    "reviewer__username",
    *(f"claim__{c}" for c in CLAIM_COLUMNS),
    "claim__source__kind",
    "claim__version__published_at",
    "claim__version__article__url",
    "claim__version__article__title",
    "claim__version__article__outlet__name",
]


def verdicts_for_api():
    return Verdict.objects.select_related(
        "claim__source", "claim__version__article__outlet", "reviewer"
    ).only(*VERDICT_COLUMNS)


class JsonLdRenderer(JSONRenderer):
    media_type = "application/ld+json"


class StoryViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = StorySerializer
    filterset_class = StoryFilter

    def get_queryset(self):
        members = StoryArticle.objects.select_related("article").only("story", "article__key")
        return Story.objects.defer("signature").prefetch_related(
            Prefetch("memberships", queryset=members)
        )


class ContradictionViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Flagged pairs (contradictions and corrections); `?relation=update` lists updates.
    `ordering=updated_at` pages through every change (status, reason) for incremental sync;
    deleted flags are listed under /deletions/."""

    serializer_class = ContradictionSerializer
    filterset_class = ContradictionFilter
    orderings = {**SYNC_ORDERINGS, "-confidence": ("-confidence", "-id")}

    def get_queryset(self):
        if self.action == "list":
            # Flat rows: see verification/api/serializers.py, "Flat rows".
            queryset = Contradiction.objects.all()
            if not self.request.query_params.get("relation"):
                queryset = queryset.flagged()
            return as_rows(queryset, CONTRADICTION_ROW_COLUMNS)
        return Contradiction.objects.select_related(
            "claim_a__source",
            "claim_b__source",
            "claim_a__version__article",
            "claim_b__version__article",
            "story",
        ).only(*CONTRADICTION_COLUMNS)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(contradiction_rows(page))


class DisagreementViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """One disagreement per figure of a story (issue 9), the unit of triage: its reason, its
    member claims (ids in the list, in full in the detail) and the pairwise flags behind it.
    `ordering=updated_at` pages through every change for incremental sync."""

    filterset_class = DisagreementFilter
    orderings = {**SYNC_ORDERINGS, "-confidence": ("-confidence", "-id")}

    def get_serializer_class(self):
        return DisagreementDetailSerializer if self.action == "retrieve" else DisagreementSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(disagreement_rows(page))

    def get_queryset(self):
        if self.action == "list":
            return as_rows(Disagreement.objects.all(), DISAGREEMENT_ROW_COLUMNS)
        if self.action == "retrieve":
            claims = Claim.objects.select_related("source", "version__article").only(*CLAIM_COLUMNS)
        else:
            claims = Claim.objects.only("pk")
        return Disagreement.objects.select_related("story", "figure").prefetch_related(
            Prefetch("claims", queryset=claims),
            Prefetch(
                "evidence",
                queryset=DisagreementEvidence.objects.only("contradiction_id", "disagreement_id"),
            ),
        )


class VerdictViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Published verdicts: public, no token needed. Editors publish drafts with POST
    /verdicts/{id}/publish/."""

    serializer_class = VerdictSerializer
    filterset_class = VerdictFilter
    orderings = SYNC_ORDERINGS
    permission_classes = [PublicRead]

    def get_queryset(self):
        queryset = verdicts_for_api()
        return queryset if self.action == "publish" else queryset.published()

    def get_permissions(self):
        if self.action == "publish":
            return [CanPublishVerdicts()]
        return super().get_permissions()

    @extend_schema(request=None, responses=VerdictSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft verdict (editor role: verification.publish_verdict); publishing a
        published verdict changes nothing."""
        verdict = self.get_object()
        verdicts_publish(verdict_ids=[verdict.pk])
        verdict = self.get_queryset().get(pk=verdict.pk)
        return Response(self.get_serializer(verdict).data)


class ClaimReviewViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Published verdicts as schema.org ClaimReview (JSON-LD, application/ld+json). Public."""

    serializer_class = ClaimReviewSerializer
    filterset_class = VerdictFilter
    orderings = SYNC_ORDERINGS
    permission_classes = [PublicRead]
    renderer_classes = [JsonLdRenderer, JSONRenderer]

    def get_queryset(self):
        return verdicts_for_api().published()


class TombstoneViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Deleted claims, flags, verdicts and stories (a story merged into another is deleted;
    its flags change story and appear as changes), oldest first, for incremental sync."""

    serializer_class = TombstoneSerializer
    filterset_class = TombstoneFilter
    orderings = {"deleted_at": ("deleted_at", "id")}
    queryset = Tombstone.objects.all()
