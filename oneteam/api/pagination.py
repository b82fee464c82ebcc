"""Page-numbered lists: ``?page=2&page_size=50``."""

from __future__ import annotations

import math
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 100


class PageNumbers(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Which page, from 1.")
        page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="How many items a page holds.")

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description="How many items match, on every page together.")
        page: int
        pages: int = Field(..., description="How many pages there are (0 when nothing matches).")

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any) -> dict:
        count = self._items_count(queryset)
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "items": queryset[offset : offset + pagination.page_size],
            "count": count,
            "page": pagination.page,
            "pages": math.ceil(count / pagination.page_size),
        }
