"""API of feeds and watched urls: feeds are managed by editors (model permissions), anyone may
read; submit-by-url asks the fetch workers to watch an article page."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import IdCursorPagination
from sources.feeds import SubmitError, feed_create, feed_poll_now, feed_update, watched_url_submit
from sources.models import Feed, WatchedUrl


class FeedSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(
        source="outlet.name",
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Articles of the feed are filed under this outlet; blank: what the page says.",
    )

    class Meta:
        model = Feed
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "active",
            "poll_interval",
            "next_poll_at",
            "last_polled_at",
            "last_success_at",
            "error",
            "error_count",
            "created_at",
        ]
        read_only_fields = [
            "next_poll_at",
            "last_polled_at",
            "last_success_at",
            "error",
            "error_count",
            "created_at",
        ]
        extra_kwargs = {"url": {"validators": []}, "poll_interval": {"min_value": 60}}


class FeedUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Feed
        fields = ["title", "active", "poll_interval"]
        extra_kwargs = {"poll_interval": {"min_value": 60}}


class WatchedUrlSerializer(serializers.ModelSerializer):
    class Meta:
        model = WatchedUrl
        fields = [
            "id",
            "url",
            "canonical_url",
            "feed",
            "article",
            "duplicate_of",
            "active",
            "step",
            "next_fetch_at",
            "last_fetched_at",
            "last_changed_at",
            "fetch_count",
            "date_modified",
            "error",
            "error_count",
            "created_at",
        ]


class WatchedUrlSubmitInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=1000)


class WatchedUrlSubmitOutputSerializer(serializers.Serializer):
    watched_url = WatchedUrlSerializer()
    created = serializers.BooleanField()


class FeedViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """RSS and Atom feeds that are polled for new articles. Editors (add/change feed
    permissions) create them, change their title, interval or active flag, and poll them now."""

    pagination_class = IdCursorPagination
    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly]
    filterset_fields = ["active"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Feed.objects.select_related("outlet")

    def get_serializer_class(self):
        return FeedUpdateSerializer if self.action == "partial_update" else FeedSerializer

    @extend_schema(responses={201: FeedSerializer, 200: FeedSerializer})
    def create(self, request, *args, **kwargs):
        data = FeedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            feed, created = feed_create(
                url=data.validated_data["url"],
                title=data.validated_data.get("title", ""),
                outlet=data.validated_data.get("outlet", {}).get("name"),
                poll_interval=data.validated_data.get("poll_interval"),
            )
        except SubmitError as exc:
            return Response({"url": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            FeedSerializer(feed).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(request=FeedUpdateSerializer, responses=FeedSerializer)
    def partial_update(self, request, *args, **kwargs):
        feed = self.get_object()
        data = FeedUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        feed = feed_update(feed_id=feed.pk, **data.validated_data)
        return Response(FeedSerializer(feed).data)

    @extend_schema(request=None, responses={202: None})
    @action(detail=True, methods=["post"])
    def poll(self, request, pk=None):
        """Poll this feed now (on the fetch queue)."""
        feed_poll_now(feed_ids=[self.get_object().pk])
        return Response(status=status.HTTP_202_ACCEPTED)


class WatchedUrlViewSet(viewsets.ReadOnlyModelViewSet):
    """Article pages fetched again on a decaying schedule; each changed text is a version."""

    serializer_class = WatchedUrlSerializer
    pagination_class = IdCursorPagination
    filterset_fields = ["feed", "article", "active"]
    queryset = WatchedUrl.objects.all()


class CanSubmitUrl(permissions.BasePermission):
    """Submitting a url makes the server fetch it: editors only (add watched url permission)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("sources.add_watchedurl"))


class WatchedUrlSubmitApi(APIView):
    """Submit an article url: it is fetched on the fetch queue, ingested as a version, and
    fetched again on the decaying schedule. A known url is fetched again now (200)."""

    permission_classes = [CanSubmitUrl]

    @extend_schema(
        request=WatchedUrlSubmitInputSerializer,
        responses={201: WatchedUrlSubmitOutputSerializer, 200: WatchedUrlSubmitOutputSerializer},
    )
    def post(self, request):
        data = WatchedUrlSubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            watched, created = watched_url_submit(url=data.validated_data["url"])
        except SubmitError as exc:
            return Response({"url": [str(exc)]}, status=status.HTTP_400_BAD_REQUEST)
        body = WatchedUrlSubmitOutputSerializer({"watched_url": watched, "created": created}).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def register(router, extra_urls) -> None:
    """Add the feed endpoints to the API router (config/api_router.py)."""
    router.register("feeds", FeedViewSet, basename="feed")
    router.register("watched-urls", WatchedUrlViewSet, basename="watchedurl")
    extra_urls.append(("watched-urls/submit/", WatchedUrlSubmitApi, "watchedurl-submit"))
