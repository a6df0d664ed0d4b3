"""API-wide choices shared by every ViewSet (pagination, filtering)."""

from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    """Stable pages over tables that grow without bound: newest first, by id."""

    ordering = "-id"
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"
