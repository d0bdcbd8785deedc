"""The production settings documented in the README serve every page type under the CSP
without a violation: gunicorn with exactly that environment (its database, Redis and host
names pointed at servers started here), Chromium behind a TLS proxy's X-Forwarded-Proto."""

import subprocess
import sys

import pytest

from tests.servers import (
    HOST,
    ROOT,
    copy_database,
    documented_production_settings,
    free_port,
    production_environment,
    redis_server,
    site_servers,
)

from .polling import wait_until
from .test_content_security_policy import LISTEN

pytestmark = pytest.mark.browser

PASSWORD = "s3cret-pass-123"
PUBLIC = ["/", "/search/?q=工作", "/search/?q=没有这个词语", "/no-such-page/"]


@pytest.fixture(scope="module")
def production_site(production_build, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production-site")
    port = free_port()
    with redis_server() as (redis_url, _):
        environment = {
            **documented_production_settings(),
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            # The browser speaks plain HTTP to the server; its Origin is what a TLS proxy would make https.
            "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
            "DATABASE_URL": copy_database(production_build, tmp_path),
            "REDIS_URL": redis_url,
            "STATIC_ROOT": production_build["STATIC_ROOT"],
            "TRUSTED_PROXY_COUNT": "0",
        }
        subprocess.run(
            [sys.executable, "manage.py", "createsuperuser", "--noinput", "--username", "zhubian", "--email", ""],
            cwd=ROOT,
            env={**production_environment(**environment), "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
            check=True,
            capture_output=True,
        )
        with site_servers(environment, ports=[port]) as (url,):
            yield url


@pytest.fixture
def page(browser):
    """Chromium as behind the TLS-terminating proxy the production settings expect."""
    context = browser.new_context(locale="zh-CN", extra_http_headers={"X-Forwarded-Proto": "https"})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.add_init_script(LISTEN)
    yield page
    context.close()


def visit(page, url, statuses=(200,)):
    response = page.goto(url)
    assert response.status in statuses, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("networkidle")
    return response


def test_public_pages_run_under_the_production_policy(page, production_site):
    headers = visit(page, production_site + "/").headers
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert "camera=()" in headers["permissions-policy"]
    category = page.locator("nav.site-nav a").first.get_attribute("href")
    meeting = page.locator("ul.meeting-list a").first.get_attribute("href")
    speech = page.locator("a.speech-title").first.get_attribute("href")
    visit(page, production_site + speech)
    tag = page.locator("ul.tags a").first.get_attribute("href")
    for path in [*PUBLIC, category, meeting, speech, speech + "full/", tag]:
        visit(page, production_site + path, statuses=(200, 404))
        assert page.evaluate("window.__csp") == [], path


def test_admin_and_the_editor_run_under_the_production_policy(page, production_site):
    visit(page, production_site + "/admin/login/")
    page.fill("#id_username", "zhubian")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(production_site + "/admin/")
    page.goto(production_site + "/admin/speeches/speech/")
    change = page.locator("#result_list th a").first.get_attribute("href")
    for path in [
        "/admin/",
        "/admin/speeches/speech/",
        change,
        change.replace("/change/", "/workflow/"),
        "/admin/speeches/speech/import/",
        "/admin/speeches/loginfailures/",
    ]:
        visit(page, production_site + path)
        if path.endswith("/change/"):
            wait_until(page, "Object.keys(window.editors || {}).length >= 2")  # CKEditor 5 is up
        assert page.evaluate("window.__csp") == [], path
