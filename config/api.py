"""API-wide choices shared by every view (README, "API clients"): roles as Django permissions,
per-token throttling, keyset pages that incremental sync can rely on, strict query parameters,
one JSON error shape, and a schema that documents every status the views answer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import JsonResponse
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, permissions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from config.pagination import BadQuery

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
        allowed = self.allowed_query_params()
        # `format` is DRF's own (URL_FORMAT_OVERRIDE).
        unknown = sorted(set(request.query_params) - allowed - {"format"})
        if unknown:
            raise BadQuery(
                f"Unknown query parameter(s): {', '.join(unknown)}. "
                f"Allowed: {', '.join(sorted(allowed)) or 'none'}."
            )


def _is_public(view) -> bool:
    classes: Iterable = getattr(view, "permission_classes", ())
    return all(cls is permissions.AllowAny for cls in classes)


class ApiAutoSchema(AutoSchema):
    """Documents the error answers every operation can give, with their body (ErrorSerializer)."""

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
