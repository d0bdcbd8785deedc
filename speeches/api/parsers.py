"""Request bodies the write API accepts. A JSON body is read whole into memory, so it is
bounded like any other form body (DATA_UPLOAD_MAX_MEMORY_SIZE); Word files come as
multipart uploads, bounded by the importer's own limit."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.parsers import JSONParser, MultiPartParser

__all__ = ["BoundedJSONParser", "MultiPartParser"]


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        if int(request.META.get("CONTENT_LENGTH") or 0) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise RequestDataTooBig
        return super().parse(stream, media_type, parser_context)
