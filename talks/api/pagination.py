"""Cursor pagination: stable and fast on large lists (no OFFSET scans, no skipped rows)."""

import unicodedata
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.request import Request
from rest_framework.views import APIView

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


class HallwayCursorPagination(CursorPagination):
    """Pages follow the list's ordering (``?ordering=``); ``?page_size=`` up to 500."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = (
        f"Results per page (default {DEFAULT_PAGE_SIZE}, at most {MAX_PAGE_SIZE})."
    )
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"

    def decode_cursor(self, request: Request) -> Cursor | None:
        cursor = super().decode_cursor(request)
        # A tampered cursor may carry a NUL or other control character, which PostgreSQL
        # refuses in a text comparison: such a position was never issued by us.
        position = str(cursor.position) if cursor is not None and cursor.position else ""
        if _has_control_character(position):
            raise NotFound(self.invalid_cursor_message)
        return cursor

    def paginate_queryset(
        self, queryset: QuerySet[Any] | Sequence[Any], request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, DjangoValidationError, DataError) as error:
            # A position that does not fit the ordering's column type (a date, a number).
            raise NotFound(self.invalid_cursor_message) from error


def _has_control_character(text: str) -> bool:
    return any(unicodedata.category(character) == "Cc" for character in text)
