"""Issue 14, row 7: a Content-Security-Policy on every response (the browser test checks
that pages run under it), Permissions-Policy, HSTS length and preload from settings with a
safe default, and the production settings documented in the README pass
`check --deploy` with no warning."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import reverse

from .servers import documented_production_settings

ROOT = Path(__file__).resolve().parents[1]
DIRECTIVES = re.compile(r"\s*([a-z-]+)\s+([^;]*)")


def policy(response):
    return {name: value.split() for name, value in DIRECTIVES.findall(response["Content-Security-Policy"])}


def run_django(environment, *args):
    # Only the documented variables (and what Python needs), not this run's own settings.
    base = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**base, **environment}, capture_output=True, text=True, timeout=120
    )


@pytest.mark.django_db
def test_public_pages_get_a_strict_policy(client):
    directives = policy(client.get(reverse("speeches:home")))
    assert directives["script-src"] == ["'self'"]  # a nonce joins only when a page uses one
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"] and directives["form-action"] == ["'self'"]
    assert "'unsafe-eval'" not in sum(directives.values(), [])


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/v1/docs/", "/no-such-page/"])
def test_the_policy_built_once_per_kind_of_path_is_the_one_django_csp_builds(client, rf, path):
    from csp.middleware import CSPMiddleware

    from speeches.headers import ContentSecurityPolicyMiddleware

    for _ in range(2):  # built, then reused
        ours = policy(client.get(path))
        # django-csp's own way, with our per-path parts: built afresh for this response.
        middleware = ContentSecurityPolicyMiddleware(lambda request: None)
        stock = CSPMiddleware.process_response(middleware, rf.get(path), HttpResponse())
        assert ours == policy(stock)


@pytest.mark.django_db
def test_a_response_that_uses_its_nonce_gets_it_in_its_own_policy(rf):
    from speeches.headers import ContentSecurityPolicyMiddleware

    def view(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    middleware = ContentSecurityPolicyMiddleware(view)
    nonces = set()
    for _ in range(2):
        request = rf.get("/")
        middleware.process_request(request)
        response = middleware.process_response(request, view(request))
        nonce = re.search(r"nonce='([^']+)'", response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in policy(response)["script-src"]
        nonces.add(nonce)
    assert len(nonces) == 2


@pytest.mark.django_db
def test_error_pages_style_themselves_with_the_responses_nonce(rf):
    from speeches.faults import server_error

    request = rf.get("/")
    request.csp_nonce = "abc123"
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500 and '<style nonce="abc123">' in response.content.decode()


@pytest.mark.django_db
def test_admin_pages_allow_the_editors_inline_styles_only(admin_client):
    directives = policy(admin_client.get(reverse("admin:speeches_speech_add")))
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]  # no nonce: it would void unsafe-inline
    assert directives["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_permissions_policy_turns_off_what_the_site_never_uses(client):
    header = client.get(reverse("speeches:home"))["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in header


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True)
def test_hsts_header_carries_the_settings(client):
    response = client.get(reverse("speeches:home"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_hsts_defaults_to_a_year_without_preload_and_follows_the_environment():
    production = documented_production_settings()
    show = [
        "-c",
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)",
    ]
    defaults = {name: value for name, value in production.items() if not name.startswith("SECURE_HSTS")}
    environment = {**defaults, "DJANGO_SETTINGS_MODULE": "config.settings"}
    assert run_django(environment, *show).stdout.split() == ["31536000", "True", "False"]
    chosen = {**environment, "SECURE_HSTS_SECONDS": "600", "SECURE_HSTS_PRELOAD": "1"}
    assert run_django(chosen, *show).stdout.split() == ["600", "True", "True"]


def test_documented_production_settings_pass_check_deploy_with_no_warning():
    result = run_django(documented_production_settings(), "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_without_preload_check_deploy_says_so():
    settings = {**documented_production_settings(), "SECURE_HSTS_PRELOAD": "0"}
    result = run_django(settings, "manage.py", "check", "--deploy")
    assert "security.W021" in result.stdout + result.stderr
