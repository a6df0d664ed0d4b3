from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import CanSubmitArticles, StrictQueryMixin
from sources.api.filters import ArticleFilter, ArticleVersionFilter, SourceFilter
from sources.api.serializers import (
    ArticleSerializer,
    ArticleSubmitInputSerializer,
    ArticleSubmitOutputSerializer,
    ArticleVersionDetailSerializer,
    ArticleVersionSerializer,
    SourceSerializer,
)
from sources.ingest import IngestError
from sources.models import Article, ArticleVersion, Source, SourceAlias
from sources.services import article_version_ingest


class ArticleViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter

    def get_queryset(self):
        return Article.objects.select_related("outlet", "story_membership__story")


class ArticleVersionViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = ArticleVersionFilter

    def get_queryset(self):
        queryset = ArticleVersion.objects.select_related("article")
        if self.action == "retrieve":
            return queryset
        # Lists read only the columns they show: never body, raw or signature.
        columns = [f for f in ArticleVersionSerializer.Meta.fields if f != "article"]
        return queryset.only(*columns, "article__key")

    def get_serializer_class(self):
        return (
            ArticleVersionDetailSerializer
            if self.action == "retrieve"
            else ArticleVersionSerializer
        )


class SourceViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SourceSerializer
    filterset_class = SourceFilter

    def get_queryset(self):
        return Source.objects.prefetch_related(
            Prefetch("aliases", queryset=SourceAlias.objects.order_by("alias"))
        )


class ArticleSubmitApi(StrictQueryMixin, APIView):
    """Submit an article text (a new article or a later version of one); extraction and
    detection run in the background. A new version answers 201; the same text again answers
    200 with the existing version. Needs the fact-checker role (sources.add_articleversion)."""

    permission_classes = [CanSubmitArticles]
    parser_classes = [JSONParser]

    @extend_schema(
        request=ArticleSubmitInputSerializer,
        responses={201: ArticleSubmitOutputSerializer, 200: ArticleSubmitOutputSerializer},
    )
    def post(self, request):
        data = ArticleSubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            outcome = article_version_ingest(
                raw=data.validated_data["text"],
                url=data.validated_data.get("url") or None,
                outlet=data.validated_data.get("outlet") or None,
                published_at=data.validated_data.get("published_at"),
                content_type=data.validated_data.get("content_type"),
            )
        except IngestError as exc:
            return Response(
                {"detail": str(exc), "code": "rejected_text"}, status=status.HTTP_400_BAD_REQUEST
            )
        body = ArticleSubmitOutputSerializer(
            {"version": outcome.version, "created": outcome.created}
        ).data
        return Response(
            body, status=status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK
        )
