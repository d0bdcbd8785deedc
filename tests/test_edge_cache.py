"""The edge cache (deploy/nginx.conf) in front of gunicorn, both real, with production settings.

The 60 s promise holds end to end: a page reaches readers at most PAGE_CACHE_SECONDS
(the app's page cache) + EDGE_STALE_SECONDS (the edge's stale-while-revalidate) after a
change. The servers here run with short lifetimes so that the test waits seconds, not a
minute; the same formula is what the system check holds to 60 s in production. Changes
are made by another process (manage.py shell) sharing the server's database and Redis, as
an editor's save on another app server would be.
"""

import re
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory, override_settings
from django.utils.cache import patch_cache_control

from speeches.cache_headers import CacheHeadersMiddleware

from .servers import ROOT, copy_database, edge_server, fetch, production_environment, redis_server, site_server

PAGE_SECONDS, STALE_SECONDS = 3, 2
HELD = {"HIT", "STALE", "UPDATING"}  # nginx's $upstream_cache_status for a cached copy
PASSWORD = "edge-cache-测试-password-1"


@pytest.fixture(scope="module")
def edge(production_build, tmp_path_factory):
    with redis_server() as (redis_url, _):
        environment = {
            **production_build,
            "DATABASE_URL": copy_database(production_build, tmp_path_factory.mktemp("edge")),
            "REDIS_URL": redis_url,
            "PUBLIC_CACHE_SECONDS": str(PAGE_SECONDS + STALE_SECONDS),
            "EDGE_STALE_SECONDS": str(STALE_SECONDS),
        }
        change(environment, STAFF_USER)
        with site_server(**environment) as app, edge_server([app], **environment) as (url, _prefix):
            yield url, environment


def change(environment, code):
    """Run `code` in a Django shell against the servers' database and cache."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=production_environment(**environment),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def change_after_warming(url, paths, environment, code):
    """Run `code` as `change` does, but only once Django is up and `paths` are in the edge
    cache, so the edge holds the old pages when the change lands; its time.time()."""
    waiting = f"import sys, time\nprint('ready', flush=True)\nsys.stdin.readline()\n{code}\nprint(time.time())"
    process = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", waiting],
        cwd=ROOT,
        env=production_environment(**environment),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "ready"
    for path in paths:
        warm(url, path)
    output, _ = process.communicate("go\n", timeout=120)
    assert process.returncode == 0
    return float(output.split()[-1])


STAFF_USER = f"""
from django.contrib.auth.models import User
User.objects.create_superuser("edgeadmin", "edge@example.cn", {PASSWORD!r})
"""


def first_speech(environment):
    line = change(
        environment,
        "from speeches.models import Speech\n"
        "s = Speech.objects.published().latest_first().first()\nprint(s.pk, s.title)",
    )
    pk, title = line.split(" ", 1)
    return int(pk), title


def warm(url, path):
    """Request `path` until the edge answers from its cache."""
    for _ in range(5):
        if fetch(url, path).headers["X-Cache-Status"] == "HIT":
            return
    raise AssertionError(f"{path} is never cached")


def first_fresh(url, path, shows):
    """Poll `path` through the edge until `shows(response)`: the time.time() of that
    response and the cache statuses of the stale ones before it."""
    seen = []
    for _ in range(300):
        response = fetch(url, path)
        if shows(response):
            return time.time(), seen
        seen.append(response.headers["X-Cache-Status"])
        time.sleep(0.2)
    raise AssertionError(f"{path} never changed; seen {seen}")


def test_the_promise_is_the_sum_of_page_cache_and_edge_staleness_within_a_minute():
    assert settings.PAGE_CACHE_SECONDS + settings.EDGE_STALE_SECONDS <= settings.PUBLIC_CACHE_SECONDS <= 60
    assert settings.EDGE_STALE_SECONDS > 0  # the edge does serve stale pages: it has its share
    with override_settings(EDGE_STALE_SECONDS=20, PAGE_CACHE_SECONDS=50):
        assert [error.id for error in run_checks()] == ["speeches.E003"]
    with override_settings(EDGE_STALE_SECONDS=-1):
        assert [error.id for error in run_checks()] == ["speeches.E003"]


def test_edits_unpublishing_and_publishing_reach_readers_through_the_edge_within_the_promise(edge):
    url, environment = edge
    bound = PAGE_SECONDS + STALE_SECONDS + 1  # + 1: HTTP dates and nginx count whole seconds
    pk, _title = first_speech(environment)
    page, linked = f"/speech/{pk}/", f'href="/speech/{pk}/"'
    speech = f"from speeches.models import Speech\ns = Speech.objects.get(pk={pk})\n"
    edited = "边缘缓存测试：修改后的标题"

    changed = change_after_warming(url, [page], environment, f"{speech}s.title = {edited!r}\ns.save()")
    fresh, seen = first_fresh(url, page, lambda response: edited in response.text)
    assert fresh - changed <= bound, (fresh - changed, seen)
    # The edge held the old page (fresh, then stale while revalidating): this measured the
    # edge in front of the app, not the app alone.
    assert HELD & set(seen), seen

    unpublish = f"{speech}s.status = Speech.Status.DRAFT\ns.save()"
    changed = change_after_warming(url, [page, "/"], environment, unpublish)
    fresh, seen = first_fresh(url, page, lambda response: response.status == 404)
    assert fresh - changed <= bound and HELD & set(seen), (fresh - changed, seen)
    fresh, _ = first_fresh(url, "/", lambda response: linked not in response.text)
    assert fresh - changed <= bound

    publish = f"from django.utils import timezone\n{speech}s.status = Speech.Status.PUBLISHED\ns.published_at = timezone.now()\ns.save()"
    changed = change_after_warming(url, ["/"], environment, publish)
    fresh, seen = first_fresh(url, "/", lambda response: linked in response.text)
    assert fresh - changed <= bound and HELD & set(seen), (fresh - changed, seen)
    assert fetch(url, page).status == 200


def test_a_page_nobody_asked_for_since_its_window_closed_is_never_served_stale(edge):
    """The edge serves a stale copy only within stale-while-revalidate; nginx's
    `proxy_cache_use_stale updating` would serve one of any age to the first reader."""
    url, _environment = edge
    warm(url, "/tag/")
    time.sleep(PAGE_SECONDS + STALE_SECONDS + 1)
    assert fetch(url, "/tag/").headers["X-Cache-Status"] == "EXPIRED"  # fetched fresh, not STALE


def log_in(url):
    """Log in through the edge as a staff member; the cookies a browser would then send."""
    form = fetch(url, "/admin/login/")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", form.headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    body = f"csrfmiddlewaretoken={token}&username=edgeadmin&password={PASSWORD}&next=/admin/".encode()
    response = fetch(
        url,
        "/admin/login/",
        data=body,
        headers={
            "Cookie": f"csrftoken={csrf_cookie}",
            "Origin": "https://jianggao.test",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert response.status == 302, response.text[:500]
    session = re.search(r"sessionid=([^;]+)", ",".join(response.headers.get_all("Set-Cookie"))).group(1)
    return f"csrftoken={csrf_cookie}; sessionid={session}"


def never_from_the_edge(response):
    cache_control = response.headers.get("Cache-Control", "")
    return response.headers["X-Cache-Status"] in ("BYPASS", "MISS") and "no-store" in cache_control


def test_staff_pages_and_requests_with_credentials_are_never_served_from_the_edge(edge):
    url, environment = edge
    pk, _title = first_speech(environment)
    cookies = log_in(url)
    staff_pages = [
        "/admin/",
        "/admin/speeches/speech/",
        f"/admin/speeches/speech/{pk}/change/",
        f"/admin/speeches/speech/{pk}/preview/",
        "/admin/speeches/speech/import/",
        f"/api/v1/editorial/speeches/{pk}/",
    ]
    for path in staff_pages:
        for _ in range(2):
            response = fetch(url, path, headers={"Cookie": cookies})
            assert response.status in (200, 401, 403), (path, response.status)
            assert never_from_the_edge(response), (path, response.headers)
        # A reader without credentials never gets what staff saw.
        assert fetch(url, path).headers["X-Cache-Status"] == "BYPASS", path

    # Public pages: readers share one cached copy, staff never see it, nor does it see them.
    warm(url, "/")
    for cookie in (cookies, "sessionid=forged", "csrftoken=abc", "primary_reads=x"):
        response = fetch(url, "/", headers={"Cookie": cookie})
        assert response.headers["X-Cache-Status"] == "BYPASS", cookie
    assert "no-store" in fetch(url, "/", headers={"Cookie": cookies}).headers["Cache-Control"]
    assert fetch(url, "/", headers={"Authorization": "Token abc"}).headers["X-Cache-Status"] == "BYPASS"


def test_responses_with_a_csrf_token_or_a_cookie_are_never_stored_by_the_edge(edge):
    url, _environment = edge
    for _ in range(3):
        response = fetch(url, "/admin/login/")
        assert "csrfmiddlewaretoken" in response.text and "csrftoken=" in response.headers["Set-Cookie"]
        assert never_from_the_edge(response)
    # The beacon must reach the app on every reading.
    for _ in range(2):
        assert fetch(url, "/speech/1/hit.gif").headers["X-Cache-Status"] == "BYPASS"


def test_search_is_not_cached_and_query_strings_are_cached_apart(edge):
    url, _environment = edge
    statuses = [fetch(url, "/search/?q=讲话").headers["X-Cache-Status"] for _ in range(3)]
    assert statuses == ["MISS", "MISS", "MISS"]  # one-off queries would evict the hot pages

    warm(url, "/")
    assert fetch(url, "/?from=rss").headers["X-Cache-Status"] == "MISS"  # its own entry
    assert fetch(url, "/?from=rss").headers["X-Cache-Status"] == "HIT"
    # Readers' browsers always come back to the edge (no copy of their own on top of it).
    assert fetch(url, "/").headers["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_static_files_are_served_by_nginx(edge, production_build):
    url, _environment = edge
    response = fetch(url, "/static/css/site.css")
    assert response.status == 200 and "X-Cache-Status" not in response.headers
    assert response.body == (ROOT / "static" / "css" / "site.css").read_bytes()


# The app's half of the rule, view by view (no servers needed).


def respond(request, view):
    return CacheHeadersMiddleware(view)(request)


def public_view(request):
    response = HttpResponse("公开页面")
    patch_cache_control(response, public=True, max_age=3600)
    return response


def test_public_responses_get_a_shared_lifetime_capped_by_the_page_cache():
    response = respond(RequestFactory().get("/"), public_view)
    assert response["Cache-Control"] == (
        f"public, max-age=0, s-maxage={settings.PAGE_CACHE_SECONDS}, "
        f"stale-while-revalidate={settings.EDGE_STALE_SECONDS}"
    )


def test_a_revalidation_renews_a_copy_by_the_same_rule():
    def not_modified(request):
        response = public_view(request)
        response.status_code = 304
        return response

    assert respond(RequestFactory().get("/"), not_modified)["Cache-Control"].startswith("public, max-age=0, s-maxage=")


def test_what_is_left_of_the_apps_cached_copy_is_all_the_edge_may_keep():
    def cached_copy(request):
        response = public_view(request)
        response["Expires"] = "Thu, 01 Jan 2037 00:00:00 GMT"  # far away: the cap applies
        return response

    assert (
        f"s-maxage={settings.PAGE_CACHE_SECONDS}," in respond(RequestFactory().get("/"), cached_copy)["Cache-Control"]
    )

    def expiring_copy(request):
        response = public_view(request)
        response["Expires"] = "Thu, 01 Jan 1970 00:00:00 GMT"
        response["Age"] = "59"
        return response

    response = respond(RequestFactory().get("/"), expiring_copy)
    assert response["Cache-Control"] == "public, max-age=0" and "Age" not in response


def test_one_language_is_no_reason_to_vary():
    def localized(request):
        response = public_view(request)
        response["Vary"] = "Accept-Language, Cookie"
        return response

    assert respond(RequestFactory().get("/"), localized)["Vary"] == "Cookie"


def with_cookie(request):
    response = public_view(request)
    response.set_cookie("any", "1")
    return response


def with_csrf_token(request):
    get_token(request)
    return public_view(request)


@pytest.mark.parametrize("view", [with_cookie, with_csrf_token])
def test_a_response_with_a_cookie_or_csrf_token_is_private(view):
    response = respond(RequestFactory().get("/"), view)
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.parametrize(
    "credentials", [{"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}=x"}, {"HTTP_AUTHORIZATION": "Token x"}]
)
def test_a_request_with_credentials_gets_a_private_response(credentials):
    response = respond(RequestFactory().get("/", **credentials), public_view)
    assert "private" in response["Cache-Control"] and "s-maxage" not in response["Cache-Control"]
