from django.core.validators import ProhibitNullCharactersValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sources.models import Article, ArticleVersion, Source


class SourceSerializer(serializers.ModelSerializer):
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="alias")

    class Meta:
        model = Source
        fields = ["id", "name", "kind", "aliases"]


class ArticleSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name", read_only=True)
    story = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "key", "url", "title", "outlet", "story", "created_at"]

    def get_story(self, article: Article) -> str | None:
        membership = getattr(article, "story_membership", None)
        return membership.story.key if membership else None


class ArticleVersionSerializer(serializers.ModelSerializer):
    article = serializers.CharField(source="article.key", read_only=True)

    class Meta:
        model = ArticleVersion
        fields = [
            "id",
            "article",
            "number",
            "update_label",
            "update_number",
            "corrected",
            "advisory",
            "dateline",
            "published_at",
            "title",
            "sha256",
            "status",
            "error",
            "language",
            "extractor_version",
            "extracted_at",
            "created_at",
        ]


class ArticleVersionDetailSerializer(ArticleVersionSerializer):
    class Meta(ArticleVersionSerializer.Meta):
        fields = [*ArticleVersionSerializer.Meta.fields, "body"]


class StrictCharField(serializers.CharField):
    """A JSON string only: a number or a boolean is refused, not turned into text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


# The schema documents a subset of what Django's URLValidator accepts ("format: uri" alone
# allows "http://", which the validator refuses): blank, or http(s), one to three labels and
# a letter TLD (at most 216 characters: the validator refuses hosts over 253), an optional
# port, a path without spaces. The server still accepts anything the validator does.
_LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PORT = "(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4}))?"
ARTICLE_URL_PATTERN = rf"^$|^https?://({_LABEL}\.){{1,3}}[A-Za-z]{{2,24}}{_PORT}([/?#][^\s]*)?$"


@extend_schema_field({"type": "string", "pattern": ARTICLE_URL_PATTERN, "maxLength": 2048})
class ArticleUrlField(serializers.URLField):
    pass


class ArticleSubmitInputSerializer(serializers.Serializer):
    # Blank is let through so that the ingest service answers every empty text the same way.
    text = StrictCharField(
        trim_whitespace=False,
        allow_blank=True,
        help_text="Plain text or HTML, front matter allowed.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # NUL characters are refused by the ingest service, with its reason ("rejected_text",
        # like every other text it cannot take), not by DRF's generic field check.
        field = self.fields["text"]
        field.validators = [
            v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    url = ArticleUrlField(required=False, allow_blank=True)
    outlet = StrictCharField(required=False, allow_blank=True, max_length=200)
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    content_type = serializers.ChoiceField(choices=["text/plain", "text/html"], required=False)


class ArticleSubmitOutputSerializer(serializers.Serializer):
    version = ArticleVersionSerializer()
    created = serializers.BooleanField()
