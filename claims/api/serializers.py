import math

from rest_framework import serializers

from claims.models import Claim
from config.rows import RowSpec


class FiniteFloatField(serializers.FloatField):
    """A float that JSON can carry: NaN and infinities (never stored by the pipeline, but rows
    written before the guard or by hand may hold them) are written as null, an unbounded side."""

    def to_representation(self, value):
        number = super().to_representation(value)
        return number if math.isfinite(number) else None


class ClaimSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.name", read_only=True)
    article = serializers.CharField(source="version.article.key", read_only=True)
    version_number = serializers.IntegerField(source="version.number", read_only=True)
    low = FiniteFloatField(read_only=True, allow_null=True)
    high = FiniteFloatField(read_only=True, allow_null=True)

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


# The claims list's rows (config/rows.py): ClaimSerializer's output from values().
CLAIM_ROW = RowSpec(
    ClaimSerializer.Meta.fields,
    {
        "article": "version__article__key",
        "version_number": "version__number",
        "source": "source__name",
    },
    times=["updated_at"],
    floats=["low", "high"],
)
