from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from claims.api.serializers import CLAIM_COLUMNS, CLAIM_ROW, ClaimSerializer
from claims.models import Claim
from config.rows import RowsById, RowSpec
from verification import claimreview
from verification.models import (
    Contradiction,
    Disagreement,
    DisagreementClaim,
    DisagreementEvidence,
    Figure,
    Story,
    Tombstone,
    Verdict,
)


class StorySerializer(serializers.ModelSerializer):
    articles = serializers.SerializerMethodField()

    class Meta:
        model = Story
        fields = [
            "id",
            "key",
            "title",
            "explicit",
            "first_published_at",
            "last_published_at",
            "articles",
        ]

    def get_articles(self, story: Story) -> list[str]:
        return [m.article.key for m in story.memberships.all()]


class ContradictionSerializer(serializers.ModelSerializer):
    claim_a = ClaimSerializer(read_only=True)
    claim_b = ClaimSerializer(read_only=True)
    story = serializers.CharField(source="story.key", read_only=True, default=None)

    class Meta:
        model = Contradiction
        fields = [
            "id",
            "kind",
            "relation",
            "reason",
            "confidence",
            "status",
            "detector",
            "detector_version",
            "story",
            "claim_a",
            "claim_b",
            "created_at",
            "reviewed_at",
            "updated_at",
        ]


CONTRADICTION_COLUMNS = [
    *(f for f in ContradictionSerializer.Meta.fields if f not in {"story", "claim_a", "claim_b"}),
    "story__key",
    *(f"claim_a__{c}" for c in CLAIM_COLUMNS),
    *(f"claim_b__{c}" for c in CLAIM_COLUMNS),
]


class FigureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Figure
        fields = ["id", "name", "family", "measure", "scope_key", "moment"]


class DisagreementSerializer(serializers.ModelSerializer):
    """One disagreement per figure: the unit of triage (members as claim ids)."""

    story = serializers.CharField(source="story.key", read_only=True)
    figure = FigureSerializer(read_only=True)
    members = serializers.SerializerMethodField(help_text="Ids of the claims involved.")
    contradictions = serializers.SerializerMethodField(
        help_text="Ids of the pairwise flags behind it (/contradictions/)."
    )

    class Meta:
        model = Disagreement
        fields = [
            "id",
            "story",
            "figure",
            "status",
            "kind",
            "reason",
            "confidence",
            "source_count",
            "claim_count",
            "corrected",
            "members",
            "contradictions",
            "created_at",
            "reviewed_at",
            "updated_at",
        ]

    def get_members(self, disagreement: Disagreement) -> list[int]:
        return sorted(c.pk for c in disagreement.claims.all())

    def get_contradictions(self, disagreement: Disagreement) -> list[int]:
        return sorted(e.contradiction_id for e in disagreement.evidence.all())


class DisagreementDetailSerializer(DisagreementSerializer):
    """A disagreement with its member claims in full."""

    members = ClaimSerializer(many=True, read_only=True, source="claims")

    class Meta(DisagreementSerializer.Meta):
        pass


# --------------------------------------------------------------------------------------------
# Flat rows for the contradictions and disagreements lists (config/rows.py): the serializers'
# output above, key for key, built from values() rows; the schema is still theirs.
# --------------------------------------------------------------------------------------------

_TIMES = ["created_at", "reviewed_at", "updated_at"]
# The flag's own columns, its story's key and its claims' ids (replaced by the claims, which
# come in a second query: one join of eleven tables costs PostgreSQL more to plan, about 10 ms,
# than to run, under 1 ms).
CONTRADICTION_ROW = RowSpec(
    ContradictionSerializer.Meta.fields, {"story": "story__key"}, times=_TIMES
)
CONTRADICTION_ROW_COLUMNS = CONTRADICTION_ROW.columns


CLAIMS_BY_ID = RowsById(Claim.objects.all, CLAIM_ROW.columns)


def claims_by_id(ids: Iterable[int]) -> dict[int, dict]:
    """ClaimSerializer's output for the claims `ids`, by id: one query."""
    build = CLAIM_ROW.builder()
    return {row["id"]: build(row) for row in CLAIMS_BY_ID.fetch(ids)}


def contradiction_rows(rows: Iterable[dict]) -> list[dict]:
    """ContradictionSerializer's output for values() rows of CONTRADICTION_ROW_COLUMNS (one
    more query, for their claims)."""
    rows = list(rows)
    claims = claims_by_id(c for row in rows for c in (row["claim_a"], row["claim_b"]))
    build = CONTRADICTION_ROW.builder()
    out = []
    for row in rows:
        item = build(row)
        item["claim_a"] = claims[row["claim_a"]]
        item["claim_b"] = claims[row["claim_b"]]
        out.append(item)
    return out


FIGURE_ROW = RowSpec(FigureSerializer.Meta.fields, prefix="figure__")
DISAGREEMENT_ROW = RowSpec(
    [f for f in DisagreementSerializer.Meta.fields if f not in {"members", "contradictions"}],
    {"story": "story__key", "figure": "figure_id"},  # figure: replaced by FIGURE_ROW's
    times=_TIMES,
)
DISAGREEMENT_ROW_COLUMNS = [*DISAGREEMENT_ROW.columns, *FIGURE_ROW.columns]


def disagreement_rows(rows: list[dict]) -> list[dict]:
    """DisagreementSerializer's output for values() rows of DISAGREEMENT_ROW_COLUMNS: two
    queries for the members and flags of all the rows."""
    ids = [row["id"] for row in rows]
    members: dict[int, list[int]] = defaultdict(list)
    flags: dict[int, list[int]] = defaultdict(list)
    if ids:
        for d, c in DisagreementClaim.objects.filter(disagreement_id__in=ids).values_list(
            "disagreement_id", "claim_id"
        ):
            members[d].append(c)
        for d, c in DisagreementEvidence.objects.filter(disagreement_id__in=ids).values_list(
            "disagreement_id", "contradiction_id"
        ):
            flags[d].append(c)
    build, figure = DISAGREEMENT_ROW.builder(), FIGURE_ROW.builder()
    out = []
    for row in rows:
        item = build(row)
        item["figure"] = figure(row)
        item["members"] = sorted(members[row["id"]])
        item["contradictions"] = sorted(flags[row["id"]])
        out.append(item)
    return out


class VerdictSerializer(serializers.ModelSerializer):
    claim = ClaimSerializer(read_only=True)
    reviewer = serializers.SerializerMethodField(
        help_text="The reviewer's username, for authenticated clients only (null otherwise)."
    )

    class Meta:
        model = Verdict
        fields = ["id", "rating", "rationale", "reviewer", "published_at", "updated_at", "claim"]

    def get_reviewer(self, verdict: Verdict) -> str | None:
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated or verdict.reviewer is None:
            return None
        return verdict.reviewer.get_username()


class TombstoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tombstone
        fields = ["id", "resource", "object_id", "deleted_at"]


def publisher() -> claimreview.Publisher:
    return claimreview.Publisher(**settings.CLAIMTRACKER_PUBLISHER)


def claim_review_of(verdict: Verdict, request) -> dict:
    """The ClaimReview JSON-LD of a published verdict; its url is the public review page."""
    page = reverse("claim-review-page", kwargs={"pk": verdict.pk})
    return claimreview.claim_review(
        claimreview.VerdictFacts.from_verdict(verdict),
        page_url=request.build_absolute_uri(page) if request else page,
        publisher=publisher(),
    )


class ClaimReviewSerializer(serializers.BaseSerializer):
    """A published verdict as schema.org ClaimReview JSON-LD."""

    def to_representation(self, instance: Verdict) -> dict:
        return claim_review_of(instance, self.context.get("request"))


class ClaimReviewSchema(OpenApiSerializerExtension):
    """Documents ClaimReviewSerializer's JSON-LD objects in the schema."""

    target_class = "verification.api.serializers.ClaimReviewSerializer"

    def map_serializer(self, auto_schema, direction):
        text = {"type": "string"}
        return {
            "type": "object",
            "required": list(claimreview.REQUIRED),
            "properties": {
                "@context": text,
                "@type": text,
                "url": {"type": "string", "format": "uri"},
                "claimReviewed": text,
                "itemReviewed": {"type": "object", "additionalProperties": {}},
                "author": {"type": "object", "additionalProperties": {}},
                "publisher": {"type": "object", "additionalProperties": {}},
                "reviewRating": {"type": "object", "additionalProperties": {}},
                "reviewBody": text,
                "datePublished": {"type": "string", "format": "date"},
            },
        }
