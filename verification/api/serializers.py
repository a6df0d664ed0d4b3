from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from claims.api.serializers import ClaimSerializer
from verification import claimreview
from verification.models import Contradiction, Story, Verdict


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
        ]


class VerdictSerializer(serializers.ModelSerializer):
    claim = ClaimSerializer(read_only=True)
    reviewer = serializers.CharField(source="reviewer.get_username", read_only=True, default=None)

    class Meta:
        model = Verdict
        fields = ["id", "rating", "rationale", "reviewer", "published_at", "claim"]


class ClaimReviewSerializer(serializers.BaseSerializer):
    """A published verdict as schema.org ClaimReview JSON-LD."""

    def to_representation(self, instance: Verdict) -> dict:
        request = self.context.get("request")
        base = request.build_absolute_uri("/") if request else "/"
        return claimreview.claim_review(
            claimreview.VerdictFacts.from_verdict(instance), base_url=base
        )


class ClaimReviewSchema(OpenApiSerializerExtension):
    """Documents ClaimReviewSerializer's JSON-LD objects as free-form objects in the schema."""

    target_class = "verification.api.serializers.ClaimReviewSerializer"

    def map_serializer(self, auto_schema, direction):
        return {"type": "object", "additionalProperties": {}}
