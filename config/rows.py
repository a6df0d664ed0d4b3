"""Flat rows for the big lists (issue 11): the claims, contradictions and disagreements lists
read the columns they show with values() and build their serializers' JSON from them, key for
key (tests compare the two), while the schema stays the serializers'. Building model instances
and serialising them field by field through DRF cost most of a page (40 ms of a 50-flag page
with its 11 joined tables; 17 of a 50-claim page's 24 ms in-process); the SQL took about 1 ms.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models.query import ValuesIterable
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings


class Row(dict):
    """A values() row that also reads as attributes (the keyset pager reads its ordering
    fields with getattr)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class RowIterable(ValuesIterable):
    def __iter__(self):
        for row in super().__iter__():
            yield Row(row)


def as_rows(queryset, columns: Iterable[str]):
    """`queryset.values(*columns)` yielding Rows; filters, ordering and slicing still apply."""
    queryset = queryset.values(*columns)
    queryset._iterable_class = RowIterable
    return queryset


_datetime = serializers.DateTimeField()


def time_writer() -> Callable[[Any], Any]:
    """DRF's DateTimeField output, its common case inline (writing times was a third of a
    page's time), for one page: the settings and the current zone are read once."""
    if not settings.USE_TZ or api_settings.DATETIME_FORMAT != ISO_8601:
        return _datetime.to_representation
    zone = timezone.get_current_timezone()

    def write(value):
        if value is None:
            return None
        if value.tzinfo is None:
            return _datetime.to_representation(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return write


def finite(value):
    """FiniteFloatField's output: NaN and infinities as null."""
    return value if value is None or math.isfinite(value) else None


class RowSpec:
    """How to build one serializer's output from values() rows: `fields` in the serializer's
    order, each read from its column (`columns` maps the ones named otherwise, `prefix` is put
    before every column); `times` are written as DRF writes datetimes, `floats` as
    FiniteFloatField writes them."""

    def __init__(
        self,
        fields: Iterable[str],
        columns: dict[str, str] | None = None,
        *,
        times: Iterable[str] = (),
        floats: Iterable[str] = (),
        prefix: str = "",
    ) -> None:
        columns = columns or {}
        self.fields = list(fields)
        self.pairs = [(name, prefix + columns.get(name, name)) for name in self.fields]
        self.columns = [column for _, column in self.pairs]
        self.times = [name for name in times if name in self.fields]
        self.floats = [name for name in floats if name in self.fields]

    def builder(self) -> Callable[[dict], dict]:
        """A function of one row to its output, for one page (see time_writer)."""
        pairs, times, floats, write = self.pairs, self.times, self.floats, time_writer()

        def build(row: dict) -> dict:
            item = {name: row[column] for name, column in pairs}
            # Values are replaced in place: the keys keep the serializer's order.
            for name in times:
                item[name] = write(item[name])
            for name in floats:
                item[name] = finite(item[name])
            return item

        return build

    def build_all(self, rows: Iterable[dict]) -> list[dict]:
        build = self.builder()
        return [build(row) for row in rows]


class RowsById:
    """values() rows of one query's columns for many primary keys at once (the claims of a page
    of flags). On PostgreSQL the SELECT is compiled once per process and the keys are sent as
    one array (`= ANY(%s)`): compiling the query and quoting, sending and parsing a parameter per
    key took half the time of a 100-claim lookup. Elsewhere, or if a column needs a converter
    from the database, it is the plain ORM query."""

    def __init__(self, queryset: Callable[[], Any], columns: Iterable[str]) -> None:
        self.queryset = queryset  # a fresh queryset per use
        self.columns = list(columns)
        self._compiled: tuple[str, list[str]] | None = None

    def _orm(self, keys: list[int]):
        return self.queryset().filter(pk__in=keys).order_by().values(*self.columns)

    def _compile(self) -> tuple[str, list[str]] | None:
        queryset = self.queryset().filter(pk__in=[0]).order_by().values(*self.columns)
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        selected = [expression for expression, _, _ in compiler.select]
        in_list = f"{compiler.quote_name_unless_alias(query.get_initial_alias())}."
        in_list += f"{connection.ops.quote_name(query.model._meta.pk.column)} IN (%s)"
        if compiler.get_converters(selected) or list(params) != [0] or sql.count(in_list) != 1:
            return None
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return sql.replace(in_list, in_list.replace("IN (%s)", "= ANY(%s)")), names

    def fetch(self, keys: Iterable[int]) -> list[dict]:
        keys = list(set(keys))
        if not keys:
            return []
        if connection.vendor != "postgresql":
            return list(self._orm(keys))
        if self._compiled is None:
            self._compiled = self._compile() or ("", [])
        sql, names = self._compiled
        if not sql:
            return list(self._orm(keys))
        with connection.cursor() as cursor:
            cursor.execute(sql, [keys])
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
