from rest_framework import serializers

from claims.models import Claim


class ClaimSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.name", read_only=True)
    article = serializers.CharField(source="version.article.key", read_only=True)
    version_number = serializers.IntegerField(source="version.number", read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "version",
            "version_number",
            "start",
            "end",
            "text",
            "summary",
            "kind",
            "measure",
            "family",
            "scope",
            "low",
            "high",
            "low_open",
            "high_open",
            "unit",
            "approximate",
            "hedged",
            "negated",
            "source",
            "source_mention",
            "attributed",
            "cue",
            "extractor_version",
            "updated_at",
        ]


# The columns ClaimSerializer reads (for .only()), with the related rows' columns it shows.
CLAIM_COLUMNS = [
    *(f for f in ClaimSerializer.Meta.fields if f not in {"article", "version_number", "source"}),
    "source__name",
    "version__number",
    "version__article__key",
]
