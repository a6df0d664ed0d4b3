"""API of feeds and watched urls: editors manage feeds (the feed model permissions) and submit
article urls (sources.add_watchedurl); reads need a token, as everywhere."""

import re

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import StrictQueryMixin, id_filter, permission_required
from sources.api.serializers import StrictCharField
from sources.feeds import SubmitError, feed_create, feed_poll_now, feed_update, watched_url_submit
from sources.models import Feed, WatchedUrl

# What a url field accepts, as the schema says it: http(s), a host without credentials, an
# optional port, then anything without spaces. (The fetcher checks the address later.)
_HOST = r"(\[[0-9A-Fa-f:.]+\]|[^/?#@\s:\[\]]+)"
_PORT = r"(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4}))?"
URL_PATTERN = rf"^[Hh][Tt][Tt][Pp][Ss]?://{_HOST}{_PORT}([/?#][^\s]*)?$"
URL_MAX_LENGTH = 990  # normalising may add a "/": the column holds 1000


@extend_schema_field(
    {"type": "string", "format": "uri", "pattern": URL_PATTERN, "maxLength": URL_MAX_LENGTH}
)
class HttpUrlField(StrictCharField):
    """An http(s) url (see URL_PATTERN); anything else is invalid input."""

    def __init__(self, **kwargs):
        super().__init__(max_length=URL_MAX_LENGTH, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not re.match(URL_PATTERN, value):
            raise serializers.ValidationError("Enter an http or https url (no credentials).")
        return value


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false only (not 0, 1 or "yes")."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer only (not "60", 60.0 or true)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


def poll_interval_field(**kwargs) -> StrictIntegerField:
    return StrictIntegerField(
        min_value=60, max_value=2**31 - 1, help_text="Seconds between polls.", **kwargs
    )


class FeedSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(
        source="outlet.name",
        read_only=True,
        allow_null=True,
        help_text="Articles of the feed are filed under this outlet; null: what the page says.",
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
        read_only_fields = fields


class FeedCreateSerializer(serializers.Serializer):
    url = HttpUrlField()
    title = StrictCharField(required=False, allow_blank=True, max_length=500)
    outlet = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="File the feed's articles under this outlet (blank: what each page says).",
    )
    poll_interval = poll_interval_field(required=False)


class FeedUpdateSerializer(serializers.Serializer):
    title = StrictCharField(required=False, allow_blank=True, max_length=500)
    active = StrictBooleanField(required=False)
    poll_interval = poll_interval_field(required=False)


class RejectedUrl(exceptions.APIException):
    """A well-formed url that will not be fetched (a private address written in it)."""

    status_code = 400
    default_code = "rejected_url"


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
    url = HttpUrlField()


class WatchedUrlSubmitOutputSerializer(serializers.Serializer):
    watched_url = WatchedUrlSerializer()
    created = serializers.BooleanField()


class FeedFilter(django_filters.FilterSet):
    class Meta:
        model = Feed
        fields = ["active"]


class WatchedUrlFilter(django_filters.FilterSet):
    feed = id_filter("feed_id", "Feed id.")
    article = id_filter("article_id", "Article id.")

    class Meta:
        model = WatchedUrl
        fields = ["active"]


class FeedViewSet(
    StrictQueryMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """RSS and Atom feeds that are polled for new articles. Editors (add/change feed
    permissions) create them, change their title, interval or active flag, and poll them now."""

    permission_classes = [permissions.DjangoModelPermissions]
    filterset_class = FeedFilter
    parser_classes = [JSONParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Feed.objects.select_related("outlet")

    serializer_class = FeedSerializer

    @extend_schema(
        request=FeedCreateSerializer, responses={201: FeedSerializer, 200: FeedSerializer}
    )
    def create(self, request, *args, **kwargs):
        data = FeedCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            feed, created = feed_create(
                url=data.validated_data["url"],
                title=data.validated_data.get("title", ""),
                outlet=data.validated_data.get("outlet"),
                poll_interval=data.validated_data.get("poll_interval"),
            )
        except SubmitError as exc:
            raise RejectedUrl(str(exc)) from exc
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


class WatchedUrlViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Article pages fetched again on a decaying schedule; each changed text is a version."""

    serializer_class = WatchedUrlSerializer
    filterset_class = WatchedUrlFilter
    queryset = WatchedUrl.objects.all()


# Submitting a url makes the server fetch it: editors only.
CanSubmitUrls = permission_required("sources.add_watchedurl", "editor")


class WatchedUrlSubmitApi(StrictQueryMixin, APIView):
    """Submit an article url: it is fetched on the fetch queue, ingested as a version, and
    fetched again on the decaying schedule. A known url is fetched again now (200)."""

    permission_classes = [CanSubmitUrls]
    parser_classes = [JSONParser]

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
            raise RejectedUrl(str(exc)) from exc
        body = WatchedUrlSubmitOutputSerializer({"watched_url": watched, "created": created}).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


def register(router, extra_urls) -> None:
    """Add the feed endpoints to the API router (config/api_router.py)."""
    router.register("feeds", FeedViewSet, basename="feed")
    router.register("watched-urls", WatchedUrlViewSet, basename="watchedurl")
    extra_urls.append(("watched-urls/submit/", WatchedUrlSubmitApi, "watchedurl-submit"))
