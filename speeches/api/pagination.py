"""Paging for the API. Speech lists use cursors: page N+1 reads on from the last row of
page N through the (…, published_at, id) indexes, so deep pages cost what the first does
(an OFFSET would read every row before them). Short lists (meetings, tags) use numbers."""

from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination, PageNumberPagination

DESCRIPTIONS = {
    "count": "总条数",
    "next": "下一页的完整地址，没有下一页时为空",
    "previous": "上一页的完整地址，没有上一页时为空",
    "results": "本页内容",
}


def described(schema):
    """The page envelope with Chinese descriptions. DRF describes next/previous in OpenAPI
    3.0's words (`nullable`); the document is 3.1."""
    for name, prop in schema["properties"].items():
        if prop.pop("nullable", False):
            prop["type"] = [prop["type"], "null"]
        prop["description"] = DESCRIPTIONS[name]
    return schema


class SpeechCursorPagination(CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 50
    ordering = ("-published_at", "-id")
    invalid_cursor_message = "分页游标无效：请使用上一次响应中 next 或 previous 给出的地址。"
    cursor_query_description = "分页游标，取自上一次响应的 next / previous"
    page_size_query_description = "每页篇数，1–50，默认 20"

    def get_ordering(self, request, queryset, view):
        # The view has validated ?ordering= (params.ORDERINGS); the id breaks ties.
        field = view.ordering
        return (field, "-id" if field.startswith("-") else "id")

    def decode_cursor(self, request):
        # A cursor is the client's to change: its position must be a publish time, or the
        # database would be handed text where it expects one.
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            try:
                valid = parse_datetime(cursor.position) is not None
            except ValueError:
                valid = False
            if not valid:
                raise NotFound(self.invalid_cursor_message)
        return cursor

    def get_paginated_response_schema(self, schema):
        return described(super().get_paginated_response_schema(schema))


class NumberedPagination(PageNumberPagination):
    page_size = 50
    invalid_page_message = "页码无效。"
    page_query_description = "页码，从 1 开始"

    def get_paginated_response_schema(self, schema):
        return described(super().get_paginated_response_schema(schema))
