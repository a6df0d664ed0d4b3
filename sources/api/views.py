from django.core.exceptions import RequestDataTooBig
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import IdCursorPagination
from sources.api.serializers import (
    ArticleSerializer,
    ArticleSubmitInputSerializer,
    ArticleSubmitOutputSerializer,
    ArticleVersionDetailSerializer,
    ArticleVersionSerializer,
    SourceSerializer,
)
from sources.ingest import DocumentTooLarge, IngestError
from sources.models import Article, ArticleVersion, Source, SourceAlias
from sources.services import article_version_ingest


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ArticleSerializer
    pagination_class = IdCursorPagination
    filterset_fields = ["outlet__name", "url"]

    def get_queryset(self):
        return Article.objects.select_related("outlet", "story_membership__story")


class ArticleVersionViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = IdCursorPagination
    filterset_fields = ["article", "status", "corrected"]

    def get_queryset(self):
        queryset = ArticleVersion.objects.select_related("article")
        return queryset if self.action == "retrieve" else queryset.defer("body", "raw")

    def get_serializer_class(self):
        return (
            ArticleVersionDetailSerializer
            if self.action == "retrieve"
            else ArticleVersionSerializer
        )


class SourceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SourceSerializer
    pagination_class = IdCursorPagination
    filterset_fields = ["kind"]

    def get_queryset(self):
        return Source.objects.prefetch_related(
            Prefetch("aliases", queryset=SourceAlias.objects.order_by("alias"))
        )


class ArticleSubmitApi(APIView):
    """Submit an article text (a new article or a later version of one); extraction and
    detection run in the background. Same text twice answers 200 with the existing version."""

    permission_classes = [permissions.IsAuthenticated]

    def handle_exception(self, exc):
        # A body over DATA_UPLOAD_MAX_MEMORY_SIZE (read by the CSRF check or the parser) is
        # answered in JSON, like every other refusal of this endpoint.
        if isinstance(exc, RequestDataTooBig):
            return Response({"detail": str(exc)}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        return super().handle_exception(exc)

    @extend_schema(request=ArticleSubmitInputSerializer, responses=ArticleSubmitOutputSerializer)
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
        except DocumentTooLarge as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        except IngestError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        body = ArticleSubmitOutputSerializer(
            {"version": outcome.version, "created": outcome.created}
        ).data
        return Response(
            body, status=status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK
        )
