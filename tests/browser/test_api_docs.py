"""The API's Swagger UI works from the site's own static files under its CSP."""

import pytest

from .conftest import ARTIFACTS
from .test_content_security_policy import listening, site, violations, visit  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_lists_the_endpoints_without_a_violation(listening, live_server, site):
    requested = []
    listening.on("request", lambda request: requested.append(request.url))
    visit(listening, f"{live_server.url}/api/v1/docs/")
    listening.wait_for_selector(".opblock-summary-path")
    paths = listening.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/speeches/" in paths and "/api/v1/search/" in paths
    assert "讲稿库 API" in listening.content()
    assert violations(listening) == []
    assert all(url.startswith(live_server.url) for url in requested), "no CDN"
    listening.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=False)
