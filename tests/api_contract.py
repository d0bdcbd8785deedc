"""Every API response a test receives is checked against the OpenAPI document the site
serves (openapi-core): a client generated from the document can rely on what it says."""

import functools
import json

from django.core.exceptions import RequestDataTooBig
from django.http.request import RawPostDataException
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.templating.paths.exceptions import PathNotFound


@functools.cache
def openapi():
    # Problem details are JSON under their own media type (RFC 9457).
    config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
    return OpenAPI.from_dict(SchemaGenerator().get_schema(request=None, public=True), config=config)


class ResponseOnlyRequest(DjangoOpenAPIRequest):
    """What finding the operation needs; a body the view already read as multipart, or one
    too large to read, is not checked here (responses are)."""

    @property
    def body(self):
        try:
            return super().body
        except (RawPostDataException, RequestDataTooBig):
            return b""


def check_response(response):
    if response.status_code == 304:
        assert response.content == b""
        return
    try:
        openapi().validate_response(ResponseOnlyRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
    except PathNotFound:
        # Not in the document (a mistyped path): it must still be a problem, not a page.
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


class ContractClient(Client):
    """A test client that validates each /api/ response against the schema."""

    def request(self, **request):
        response = super().request(**request)
        if request["PATH_INFO"].startswith("/api/v1/") and not request["PATH_INFO"].startswith(
            ("/api/v1/schema", "/api/v1/docs", "/api/v1/redoc")
        ):
            check_response(response)
        return response
