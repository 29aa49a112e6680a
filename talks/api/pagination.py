"""Cursor pagination: stable and fast on large lists (no OFFSET scans, no skipped rows)."""

from rest_framework.pagination import CursorPagination

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
