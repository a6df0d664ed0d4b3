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
        ]
