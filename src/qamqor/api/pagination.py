"""Pagination of every list: page numbers by default, a cursor for large lists.

- ``?page=2&page_size=100`` (page_size up to 500): ``{"count", "next", "previous", "results"}``.
- ``?cursor=`` (empty to start) walks the list in a stable order without counting it:
  ``{"next", "previous", "results"}``; follow ``next`` until it is null. Rows added meanwhile are not
  skipped or repeated. The order is the record's creation (its primary key); ``?ordering=-id`` walks
  backwards."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import BasePagination, CursorPagination, PageNumberPagination


class _PageNumbers(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class _Cursor(CursorPagination):
    ordering = ("pk",)
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> tuple[str, ...]:
        return ("-pk",) if request.query_params.get("ordering") in ("-id", "-pk") else ("pk",)


class QamqorPagination(BasePagination):
    """Page numbers unless the request names a ``cursor``."""

    cursor_query_param = "cursor"

    def __init__(self) -> None:
        self._impl: Any = _PageNumbers()

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        if self.cursor_query_param in request.query_params:
            self._impl = _Cursor()
            if not request.query_params.get(self.cursor_query_param):
                # An empty cursor starts the walk; DRF would read it as a bad cursor.
                request._request.GET = request._request.GET.copy()
                del request._request.GET[self.cursor_query_param]
        return self._impl.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data: Any) -> Any:
        return self._impl.get_paginated_response(data)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "count": {"type": "integer", "description": "Total rows (page-number mode only)."},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {"name": "page", "required": False, "in": "query", "schema": {"type": "integer"},
             "description": "Page number (page-number mode)."},
            {"name": "page_size", "required": False, "in": "query",
             "schema": {"type": "integer", "minimum": 1, "maximum": 500}, "description": "Rows per page."},
            {"name": "cursor", "required": False, "in": "query", "schema": {"type": "string"},
             "description": "Cursor mode for large lists: empty to start, then the value in `next`."},
        ]

    def to_html(self) -> str:
        return self._impl.to_html() if hasattr(self._impl, "to_html") else ""
