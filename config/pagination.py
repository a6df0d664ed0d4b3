"""Keyset pagination for every list (its own module: DRF resolves the pagination class while
defining GenericAPIView, so this may import nothing that imports DRF's views)."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.functions import Now
from django.utils.dateparse import parse_datetime
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param


class BadQuery(exceptions.APIException):
    status_code = 400
    default_detail = "Invalid query parameters."
    default_code = "invalid_query"


class InvalidCursor(BadQuery):
    """A cursor that no page handed out: opaque values cannot be described by the schema."""

    default_detail = "Invalid cursor: use the `next` or `resume` link of a page."
    default_code = "invalid_cursor"


# Views say which orderings they offer: name -> order_by fields, the last one unique ("id").
DEFAULT_ORDERINGS = {"-id": ("-id",)}
# Orderings on a database change stamp: their pages hold back the last few seconds.
LAGGED_FIELDS = {"updated_at", "deleted_at"}


class KeysetPagination(BasePagination):
    """Pages by position, not offset: the cursor holds the last row's ordering values and the
    next page starts strictly after them, so rows inserted, changed or deleted meanwhile never
    shift a page: nothing is skipped and nothing is sent twice.

    With `ordering=updated_at` (ascending (updated_at, id)) a client syncs: it follows `next`
    to the end, keeps `resume` and asks it later for what changed since. The database stamps
    updated_at when a row is written, but a row becomes visible when its transaction commits,
    a little later; rows stamped in the last CLAIMTRACKER_SYNC_LAG_SECONDS are therefore held
    back, so a slow commit cannot land behind a cursor that has already passed it.
    """

    page_size = api_settings.PAGE_SIZE or 50
    max_page_size = 500
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    ordering_query_param = "ordering"

    @property
    def query_params(self) -> set[str]:
        return {self.cursor_query_param, self.page_size_query_param, self.ordering_query_param}

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        orderings = getattr(view, "orderings", DEFAULT_ORDERINGS)
        params = request.query_params
        name = params.get(self.ordering_query_param, next(iter(orderings)))
        if name not in orderings:
            raise BadQuery(f"ordering must be one of: {', '.join(orderings)}.")
        fields = orderings[name]
        self.ordering_name, self.fields = name, fields
        self.size = self._page_size(params.get(self.page_size_query_param))
        if fields[0] in LAGGED_FIELDS:
            lag = timedelta(seconds=settings.CLAIMTRACKER_SYNC_LAG_SECONDS)
            queryset = queryset.filter(**{f"{fields[0]}__lte": Now() - lag})
        raw = params.get(self.cursor_query_param)
        position = self._decode(raw, queryset.model)
        if position is not None:
            queryset = queryset.filter(self._after(position))
        rows = list(queryset.order_by(*fields)[: self.size + 1])
        self.has_next = len(rows) > self.size
        rows = rows[: self.size]
        # An empty page resumes where it was asked from.
        self.last = self._position(rows[-1]) if rows else self._values(raw)
        return rows

    def _page_size(self, raw: str | None) -> int:
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise BadQuery(f"page_size must be a whole number from 1 to {self.max_page_size}.")
        return int(raw)

    def _position(self, row: models.Model) -> list[Any]:
        values = []
        for field in self.fields:
            value = getattr(row, field.lstrip("-"))
            values.append(value.isoformat() if hasattr(value, "isoformat") else value)
        return values

    def _values(self, cursor: str | None) -> list[Any] | None:
        """The cursor's ordering values as sent (JSON), None for the first page."""
        if not cursor:  # absent or empty: the first page
            return None
        invalid = InvalidCursor()
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        except (ValueError, UnicodeError, binascii.Error) as exc:
            raise invalid from exc
        if not isinstance(payload, dict) or payload.get("o") != self.ordering_name:
            raise invalid
        values = payload.get("v")
        if not isinstance(values, list) or len(values) != len(self.fields):
            raise invalid
        return values

    def _decode(self, cursor: str | None, model: type[models.Model]) -> list[Any] | None:
        values = self._values(cursor)
        if values is None:
            return None
        invalid = InvalidCursor()
        try:
            return [
                self._parse(model, field.lstrip("-"), value)
                for field, value in zip(self.fields, values, strict=True)
            ]
        except (ValueError, TypeError, FieldDoesNotExist) as exc:
            raise invalid from exc

    @staticmethod
    def _parse(model: type[models.Model], name: str, value: Any) -> Any:
        field = model._meta.get_field(name)
        if isinstance(field, models.DateTimeField):
            parsed = parse_datetime(value) if isinstance(value, str) else None
            if parsed is None or parsed.tzinfo is None:
                raise ValueError(value)
            return parsed
        if isinstance(field, models.FloatField):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(value)
            return float(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(value)
        return value

    def _after(self, position: list[Any]) -> models.Q:
        """Rows strictly after `position` in the ordering (lexicographic on the fields)."""
        condition = models.Q(pk__in=[])
        equal = models.Q()
        for field, value in zip(self.fields, position, strict=True):
            name = field.lstrip("-")
            op = "lt" if field.startswith("-") else "gt"
            condition |= equal & models.Q(**{f"{name}__{op}": value})
            equal &= models.Q(**{name: value})
        first = self.fields[0].lstrip("-")
        bound = "lte" if self.fields[0].startswith("-") else "gte"
        # The redundant bound on the first field lets the database seek in its index.
        return models.Q(**{f"{first}__{bound}": position[0]}) & condition

    def _link(self, position: list[Any] | None) -> str:
        url = self.request.build_absolute_uri()
        if position is None:
            return url
        token = json.dumps({"o": self.ordering_name, "v": position}, separators=(",", ":"))
        encoded = base64.urlsafe_b64encode(token.encode()).decode("ascii").rstrip("=")
        return replace_query_param(url, self.cursor_query_param, encoded)

    def get_paginated_response(self, data):
        ascending = not self.fields[0].startswith("-")
        return Response(
            {
                "next": self._link(self.last) if self.has_next else None,
                "resume": self._link(self.last) if ascending else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "resume", "results"],
            "properties": {
                "next": {**link, "description": "The next page; null on the last page."},
                "resume": {
                    **link,
                    "description": "Ascending orderings (sync): where to resume later for rows "
                    "changed since this page; null for descending orderings.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        orderings = list(getattr(view, "orderings", DEFAULT_ORDERINGS))
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "The position from a page's `next` or `resume` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Rows per page (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
            {
                "name": self.ordering_query_param,
                "in": "query",
                "required": False,
                "description": f"Row order; `updated_at` is the sync order. Default "
                f"`{orderings[0]}`.",
                "schema": {"type": "string", "enum": orderings},
            },
        ]
