"""API-wide choices shared by every view (README, "API clients"): roles as Django permissions,
per-token throttling, keyset pages that incremental sync can rely on, strict query parameters,
one JSON error shape, and a schema that documents every status the views answer."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django_filters.fields import IsoDateTimeField
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, permissions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from config.pagination import BadQuery
from config.permissions import PublicRead

# Roles are Django permissions, so the admin can grant them to groups ("fact-checkers",
# "editors") or to single users; a superuser has them all.
SUBMIT_ARTICLES = "sources.add_articleversion"
PUBLISH_VERDICTS = "verification.publish_verdict"


def permission_required(perm: str, role: str) -> type[permissions.BasePermission]:
    """A DRF permission class: the user must be authenticated and hold `perm`."""

    class HasPermission(permissions.BasePermission):
        message = f"This needs the {role} role (the {perm!r} permission)."

        def has_permission(self, request, view) -> bool:
            user = request.user
            return bool(user and user.is_authenticated and user.has_perm(perm))

    HasPermission.__name__ = f"Has_{perm.replace('.', '_')}"
    return HasPermission


CanSubmitArticles = permission_required(SUBMIT_ARTICLES, "fact-checker")
CanPublishVerdicts = permission_required(PUBLISH_VERDICTS, "editor")


# --------------------------------------------------------------------------------------------
# Errors: every error body is {"detail": str, "code": str} plus "errors" for invalid input.
# --------------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in one sentence.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. not_found.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Invalid input only: the messages for each field or query parameter.",
    )


def _flatten(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}: {msg}" for key, item in value.items() for msg in _flatten(item)]
    if isinstance(value, list):
        return [msg for item in value for msg in _flatten(item)]
    return [str(value)]


def exception_handler(exc, context):
    """DRF's handler, with every body reshaped to ErrorSerializer."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError) and not isinstance(exc, BadQuery):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {
            "detail": "Invalid input.",
            "code": "invalid",
            "errors": {key: _flatten(value) for key, value in errors.items()},
        }
    else:
        detail = data.get("detail", data) if isinstance(data, dict) else data
        if isinstance(exc, Http404):
            code = "not_found"
        elif isinstance(exc, DjangoPermissionDenied):
            code = "permission_denied"
        else:
            code = getattr(getattr(exc, "detail", None), "code", None) or getattr(
                exc, "default_code", "error"
            )
        response.data = {"detail": " ".join(_flatten(detail)), "code": str(code)}
    return response


def json_error_view(status: int, detail: str, code: str):
    """A plain Django view for errors raised outside DRF (unknown url, server error)."""

    def view(request, exception=None):
        return JsonResponse({"detail": detail, "code": code}, status=status)

    return view


# --------------------------------------------------------------------------------------------
# Filters whose schema says exactly what they accept
# --------------------------------------------------------------------------------------------

MAX_ID = 2**63 - 1


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class FloatFilter(django_filters.NumberFilter):
    field_class = forms.FloatField


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 time, in UTC (the database takes no offset beyond +-16 h); times beyond the
    calendar's range in UTC are clamped to its ends (nothing is after the end of time)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except OverflowError:
            if value.year > 1:
                return datetime.max.replace(tzinfo=UTC)
            return datetime.min.replace(tzinfo=UTC)


class UpdatedAfterFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


def updated_after_filter(field_name: str = "updated_at") -> UpdatedAfterFilter:
    return UpdatedAfterFilter(
        field_name=field_name, lookup_expr="gt", help_text="Only rows changed after this time."
    )


def id_filter(field_name: str, help_text: str) -> IntegerFilter:
    """An exact id (a row that does not exist matches nothing; it is no error)."""
    bounds = {"minimum": 1, "maximum": MAX_ID}
    found = IntegerFilter(field_name=field_name, min_value=1, max_value=MAX_ID, help_text=help_text)
    return extend_schema_field({"type": "integer", **bounds})(found)


def fraction_filter(field_name: str, lookup_expr: str, help_text: str) -> FloatFilter:
    """A number from 0 to 1 (confidence)."""
    found = FloatFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        min_value=0,
        max_value=1,
        help_text=help_text,
    )
    return extend_schema_field({"type": "number", "minimum": 0, "maximum": 1})(found)


# --------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------


class StrictQueryMixin:
    """Unknown query parameters answer 400 naming the allowed ones, instead of being ignored."""

    def allowed_query_params(self) -> set[str]:
        if getattr(self, "action", None) != "list":
            return set()
        allowed: set[str] = set()
        paginator = getattr(self, "paginator", None)
        if paginator is not None:
            allowed |= set(getattr(paginator, "query_params", ()))
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        return allowed

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method.lower() not in self.http_method_names or not hasattr(
            self, request.method.lower()
        ):
            return  # the 405 comes first
        allowed = self.allowed_query_params()
        params = request.query_params
        # `format` is DRF's own (URL_FORMAT_OVERRIDE).
        unknown = sorted(set(params) - allowed - {"format"})
        if unknown:
            raise BadQuery(
                f"Unknown query parameter(s): {', '.join(unknown)}. "
                f"Allowed: {', '.join(sorted(allowed)) or 'none'}."
            )
        repeated = sorted(name for name in params if len(params.getlist(name)) > 1)
        if repeated:
            raise BadQuery(f"Query parameter(s) given more than once: {', '.join(repeated)}.")
        filters = getattr(getattr(self, "filterset_class", None), "base_filters", {})
        for name, value in params.items():
            check = filters.get(name)
            if check is None or isinstance(check, django_filters.CharFilter):
                continue
            # django-filter reads an empty or unknown value as "no filter": a client that
            # sent one meant something, so say it is invalid instead.
            if isinstance(check, django_filters.BooleanFilter) and value not in BOOLEANS:
                raise BadQuery(f"{name} must be true or false.")
            if value == "":
                raise BadQuery(f"{name} must not be empty.")


BOOLEANS = {"true", "false"}


def _is_public(view) -> bool:
    classes: Iterable = getattr(view, "permission_classes", ())
    return all(cls in (permissions.AllowAny, PublicRead) for cls in classes)


class ApiAutoSchema(AutoSchema):
    """Documents the error answers every operation can give, with their body (ErrorSerializer)."""

    def get_auth(self):
        # Public reads (PublicRead, AllowAny) need no token: say so ({} = no security).
        auths = super().get_auth()
        if _is_public(self.view) and {} not in auths:
            auths.append({})
        return auths

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = {
            "401": "No valid token: missing, unknown or revoked (`Authorization: Token <key>`).",
            "429": "Too many requests for this token; `Retry-After` says when to retry.",
        }
        if not _is_public(self.view):
            errors["403"] = "The token's user lacks the role (permission) this needs."
        # Any operation: unknown query parameters; lists: filters, cursor; writes: the body.
        errors["400"] = "Invalid input: unknown or invalid query parameters, cursor or body."
        if "{" in self.path:
            errors["404"] = "No such row (or not published)."
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), code
                )
        return dict(sorted(responses.items()))


# Text without NUL characters: Django refuses them in every form and serializer field.
NO_NUL = "^[^\\u0000]*$"


def document_text_limits(result, generator, request, public):
    """drf-spectacular postprocessing hook: free-text query parameters and request strings
    say that they may not contain NUL (which Django refuses), so the schema says what the
    API accepts."""
    bodies = set()  # components that request bodies use, whatever their name
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for parameter in operation.get("parameters", []):
                _no_nul(parameter.get("schema", {}))
            for media in operation.get("requestBody", {}).get("content", {}).values():
                bodies.add(media.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1])
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") or name in bodies:
            for prop in component.get("properties", {}).values():
                _no_nul(prop)
    return result


# What Django's URLValidator accepts for sure: the `uri` format admits far more ("statement:").
HTTP_URL = r"^https?://([a-z0-9]{1,30}\.){1,4}[a-z]{2,10}(/[A-Za-z0-9/_.-]{0,100})?$"


def _no_nul(schema: dict) -> None:
    """Say what Django accepts of a string: no NUL; a URL as URLValidator takes it."""
    for branch in schema.get("oneOf", []):
        _no_nul(branch)
    if schema.get("type") == "string" and schema.get("format") == "uri" and "pattern" not in schema:
        del schema["format"]
        schema["pattern"] = HTTP_URL
    if schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema):
        schema["pattern"] = NO_NUL
