"""The API over HTTP: validators and 304s, Cache-Control, rate limits, CORS, the schema
and its docs page."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from openapi_spec_validator import validate

from .factories import SectionFactory, SpeechFactory

pytestmark = pytest.mark.django_db


def test_etag_and_last_modified_give_304(api):
    speech = SpeechFactory()
    SectionFactory(speech=speech)
    url = f"/api/v1/speeches/{speech.pk}/"
    first = api.get(url)
    assert first["ETag"] and first["Last-Modified"]
    # Shared caches (the edge) keep it as long as a public page; browsers revalidate (304s).
    assert first["Cache-Control"].startswith(f"public, max-age=0, s-maxage={settings.PAGE_CACHE_SECONDS},")
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    speech.title = "改过的标题"
    speech.save()
    changed = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_list_etag_follows_the_content(api):
    SpeechFactory()
    first = api.get("/api/v1/speeches/")
    assert api.get("/api/v1/speeches/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    SpeechFactory()
    assert api.get("/api/v1/speeches/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_anonymous_clients_are_throttled_per_address(api, settings):
    settings.API_THROTTLE_RATES = {"anon": "3/min", "user": "100/min"}
    for _ in range(3):
        assert api.get("/api/v1/categories/").status_code == 200
    throttled = api.get("/api/v1/categories/")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0
    assert throttled.json()["title"] == "请求过于频繁"
    # Another address has its own allowance.
    assert api.get("/api/v1/categories/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_throttling_reads_the_address_through_trusted_proxies(api, settings):
    settings.API_THROTTLE_RATES = {"anon": "1/min", "user": "100/min"}
    settings.TRUSTED_PROXY_COUNT = 1
    assert api.get("/api/v1/categories/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert api.get("/api/v1/categories/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert api.get("/api/v1/categories/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


def test_cors_is_off_by_default_and_on_for_listed_origins(api, settings):
    assert "Access-Control-Allow-Origin" not in api.get("/api/v1/categories/", HTTP_ORIGIN="https://app.example.cn")
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.cn"]
    allowed = api.get("/api/v1/categories/", HTTP_ORIGIN="https://app.example.cn")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.cn"
    assert "Access-Control-Allow-Origin" not in api.get("/api/v1/categories/", HTTP_ORIGIN="https://evil.example")
    # Never on the site's pages.
    assert "Access-Control-Allow-Origin" not in api.get("/", HTTP_ORIGIN="https://app.example.cn")


def test_schema_is_valid_openapi_with_chinese_descriptions(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.1")
    detail = schema["components"]["schemas"]["SpeechDetail"]["properties"]
    assert detail["sections"]["description"] == "各部分，按序号排列"
    undocumented = [
        (name, field)
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description") and "$ref" not in spec
    ]
    assert undocumented == []


def test_schema_generates_without_warnings():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache


def test_docs_page_uses_the_sites_own_static_files(client):
    html = client.get(reverse("api:docs")).content.decode()
    assert re.search(r'src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle(\.\w+)?\.js"', html)
    assert "cdn" not in html.lower()
