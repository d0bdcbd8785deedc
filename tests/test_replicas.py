"""Issue 17, item 4: PostgreSQL read replicas (speeches/replicas.py, docs/replicas.md).

A real hot standby streams from this machine's PostgreSQL (tests/postgres_replica.py), and
the site runs under gunicorn with DATABASE_REPLICA_URLS pointing at it. Pausing the
replica's replay (pg_wal_replay_pause) makes what it serves tell apart from the primary's:

- readers' public reads come from the replica; writes, the admin, the editorial API, an API
  token and a browser that has just written read the primary;
- a replica lagging beyond REPLICA_MAX_LAG_SECONDS is skipped;
- a replica that stops, even between a health check and a query, costs readers nothing.

They need PostgreSQL and run on CI's PostgreSQL pass (DATABASE_URL=postgres://...), where a
replica that cannot be made fails them. The rules that need no server run on both passes.
"""

import json
import os
import re
import secrets
import subprocess
import sys
import time
from http.cookies import SimpleCookie

import pytest
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from speeches import replicas
from speeches.models import Speech

from .postgres_replica import connection_params, query, streaming_replica
from .servers import HOST, ROOT, fetch, manage, production_environment, site_servers

PRIMARY_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = PRIMARY_URL.startswith(("postgres://", "postgresql://", "pgsql://"))
needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES, reason="replicas need PostgreSQL: CI's PostgreSQL pass runs these (DATABASE_URL=postgres://...)"
)
PASSWORD = secrets.token_urlsafe(16)
SPEECH_LINK = re.compile(r'href="(/speech/\d+/)"')
CATEGORY_LINK = re.compile(r'href="(/category/[^/"]+/)"')


# --- The rules that need no server ----------------------------------------------------


@pytest.fixture
def replica_settings(settings):
    settings.DATABASE_ROUTERS = ["speeches.replicas.ReplicaRouter"]
    settings.READ_YOUR_WRITES_SECONDS = 10
    return settings


def request(method="get", path="/speech/1/", **extra):
    return getattr(RequestFactory(), method)(path, **extra)


@pytest.mark.parametrize(
    "method, path, headers, public",
    [
        ("get", "/speech/1/", {}, True),
        ("head", "/category/jianghua/", {}, True),
        ("get", "/api/v1/speeches/", {}, True),
        ("post", "/speech/1/hit.gif", {}, False),
        ("get", "/admin/", {}, False),
        ("get", "/admin/speeches/speech/1/change/", {}, False),
        ("get", "/api/v1/editorial/speeches/1/", {}, False),
        ("get", "/api/v1/speeches/1/", {"HTTP_AUTHORIZATION": "Token abc"}, False),
    ],
)
def test_which_requests_are_public_reads(replica_settings, method, path, headers, public):
    assert replicas.is_public_read(request(method, path, **headers)) is public


def test_the_primary_only_paths_cover_the_admin_and_the_editorial_api():
    from django.urls import get_resolver, reverse

    assert reverse("admin:index").startswith(replicas.PRIMARY_PATHS)
    editorial = [name for name in get_resolver("speeches.api.urls").reverse_dict if str(name).startswith("draft-")]
    assert len(editorial) == 5
    for name in editorial:
        path = reverse(
            f"api:{name}", kwargs={"pk": 1} if name in ("draft-detail", "draft-submit", "draft-publish") else {}
        )
        assert path.startswith(replicas.PRIMARY_PATHS), path


def run_through_middleware(incoming, view):
    return replicas.ReplicaRoutingMiddleware(view)(incoming)


def test_a_request_that_writes_gives_its_browser_primary_reads_for_a_while(replica_settings, monkeypatch):
    def writing_view(incoming):
        replicas.ReplicaRouter().db_for_write(Speech)
        return HttpResponse("ok")

    response = run_through_middleware(request("post", "/admin/login/"), writing_view)
    cookie = response.cookies[replicas.READ_YOUR_WRITES_COOKIE]
    assert cookie["max-age"] == 10 and cookie["httponly"]
    follow_up = request(HTTP_COOKIE=f"{replicas.READ_YOUR_WRITES_COOKIE}={cookie.value}")
    assert replicas.is_public_read(follow_up) is False

    reading = run_through_middleware(request(), lambda incoming: HttpResponse("ok"))
    assert replicas.READ_YOUR_WRITES_COOKIE not in reading.cookies  # readers get no cookie

    forged = request(HTTP_COOKIE=f"{replicas.READ_YOUR_WRITES_COOKIE}=1")
    assert replicas.is_public_read(forged) is True

    # The same cookie, signed 11 s ago: expired, whatever the browser keeps.
    signed_at = int(time.time()) - 11
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(signed_at))
    old = run_through_middleware(request("post", "/admin/login/"), writing_view)
    stale = request(
        HTTP_COOKIE=f"{replicas.READ_YOUR_WRITES_COOKIE}={old.cookies[replicas.READ_YOUR_WRITES_COOKIE].value}"
    )
    assert replicas.is_public_read(stale) is True


def routed_reads(incoming, before_read=None):
    """Where the router sends a read of a speech at each step of a view."""
    seen = {}

    def view(request_):
        router = replicas.ReplicaRouter()
        seen["first"] = router.db_for_read(Speech)
        with transaction.atomic():
            seen["in a transaction"] = router.db_for_read(Speech)
        router.db_for_write(Speech)
        seen["after a write"] = router.db_for_read(Speech)
        return HttpResponse("ok")

    run_through_middleware(incoming, view)
    return seen


@pytest.mark.django_db(transaction=True)
def test_without_a_request_or_a_replica_every_query_goes_to_the_primary(replica_settings):
    replica_settings.DATABASE_REPLICAS = []
    router = replicas.ReplicaRouter()
    assert router.db_for_read(Speech) == DEFAULT_DB_ALIAS  # a command, a task
    assert router.db_for_write(Speech) == DEFAULT_DB_ALIAS
    assert router.allow_migrate("replica_1", "speeches") is False
    assert routed_reads(request())["first"] == DEFAULT_DB_ALIAS  # no replica configured


def test_writers_must_read_the_primary_longer_than_a_replica_may_lag(settings):
    from speeches.checks import writers_read_the_primary_until_replicas_catch_up as check

    settings.DATABASE_REPLICAS = ["replica_1"]
    settings.REPLICA_MAX_LAG_SECONDS, settings.REPLICA_CHECK_SECONDS = 5, 1
    settings.READ_YOUR_WRITES_SECONDS = 6
    assert [error.id for error in check(None)] == ["speeches.E002"]
    settings.READ_YOUR_WRITES_SECONDS = 9  # the default for these
    assert check(None) == []
    settings.DATABASE_REPLICAS, settings.READ_YOUR_WRITES_SECONDS = [], 0
    assert check(None) == []


# --- Against a real streaming replica --------------------------------------------------


@pytest.fixture(scope="module")
def replica():
    if not ON_POSTGRES:
        pytest.skip("replicas need PostgreSQL: CI's PostgreSQL pass runs these (DATABASE_URL=postgres://...)")
    # Creates the database if missing and allows replication from 127.0.0.1 (pg_hba.conf).
    ensured = subprocess.run(
        [sys.executable, "scripts/ensure_postgres.py"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert ensured.returncode == 0, ensured.stdout + ensured.stderr
    with streaming_replica(PRIMARY_URL) as made:
        yield made


@pytest.fixture
def replica_alias(transactional_db, replica, replica_settings):
    """A connection named like a replica's to the real replica (its `postgres` database: the
    health check reads no table), made here rather than in settings: the test database
    stays the only one the test runner manages."""
    from django.db.utils import load_backend

    alias = "replica_under_test"
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    configuration = {**primary, "NAME": "postgres", "PORT": replica.port}
    connections[alias] = load_backend(primary["ENGINE"]).DatabaseWrapper(configuration, alias)
    replica_settings.DATABASE_REPLICAS = [alias]
    replica_settings.REPLICA_MAX_LAG_SECONDS = 3600
    replicas.forget_verdict(alias)
    yield alias
    replicas.forget_verdict(alias)
    connections[alias].close()
    del connections[alias]


@needs_postgres
def test_public_reads_use_a_healthy_replica_and_nothing_else_does(replica_alias, replica):
    seen = time.monotonic()
    replicas.replay_lag(replica_alias)  # the primary's position now, remembered by this process
    replica.catch_up()  # replayed at least up to there
    # 0, or (while others write to the cluster) at most the time since that position was
    # seen, however long ago the replica last replayed a commit.
    assert replicas.replay_lag(replica_alias) <= time.monotonic() - seen
    steps = routed_reads(request())
    assert steps == {"first": replica_alias, "in a transaction": DEFAULT_DB_ALIAS, "after a write": DEFAULT_DB_ALIAS}
    assert routed_reads(request("get", "/admin/"))["first"] == DEFAULT_DB_ALIAS


@needs_postgres
def test_lag_grows_while_replay_is_paused_and_a_lagging_replica_is_skipped(replica_alias, replica, settings):
    replica.catch_up()
    replica.pause()
    try:
        lag = replicas.replay_lag(replica_alias)
        assert lag > 0
        settings.REPLICA_MAX_LAG_SECONDS = lag / 2
        assert replicas.is_healthy(replica_alias) is False
        assert routed_reads(request())["first"] == DEFAULT_DB_ALIAS
    finally:
        replica.resume()
    seen = time.monotonic()
    replicas.replay_lag(replica_alias)
    replica.catch_up()
    assert replicas.replay_lag(replica_alias) <= time.monotonic() - seen
    replicas.forget_verdict(replica_alias)
    settings.REPLICA_MAX_LAG_SECONDS = 3600
    assert replicas.is_healthy(replica_alias) is True


@needs_postgres
def test_an_unreachable_replica_is_skipped_quickly(replica_alias, settings):
    from .servers import free_port

    connections[replica_alias].settings_dict["PORT"] = free_port()  # nobody listens there
    started = time.monotonic()
    assert replicas.replay_lag(replica_alias) is None
    assert routed_reads(request())["first"] == DEFAULT_DB_ALIAS
    assert time.monotonic() - started < 3


@pytest.fixture(scope="module")
def site(replica, production_build):
    """A database of its own on the primary with the demo content, a superuser and a token."""
    name = f"jianggao_replicas_{secrets.token_hex(4)}"
    params = connection_params(PRIMARY_URL)
    url = f"postgres://{params['user']}@{params['host']}:{params['port']}/{name}"
    query(PRIMARY_URL, f'CREATE DATABASE "{name}"', dbname="postgres")
    try:
        environment = production_environment(STATIC_ROOT=production_build["STATIC_ROOT"], DATABASE_URL=url)
        manage(environment, "migrate", "--noinput", "-v0")
        manage(environment, "load_demo")
        make_chief = (
            "from django.contrib.auth.models import User; from rest_framework.authtoken.models import Token; "
            f"print(Token.objects.create(user=User.objects.create_superuser('chief', '', '{PASSWORD}')).key)"
        )
        token = re.search(r"\b[0-9a-f]{40}\b", manage(environment, "shell", "-c", make_chief).stdout).group(0)
        yield {"name": name, "url": url, "token": token, "static": production_build["STATIC_ROOT"]}
    finally:
        query(PRIMARY_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', dbname="postgres")


def server_environment(site, replica, **overrides):
    return {
        "STATIC_ROOT": site["static"],
        "DATABASE_URL": site["url"],
        "DATABASE_REPLICA_URLS": replica.url(site["name"]),
        "PUBLIC_CACHE_SECONDS": "0",  # every page from the database, so it shows which one
        **overrides,
    }


def cookies_of(response):
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def cookie_header(**cookies):
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}


def sign_in(server):
    form = fetch(server, "/admin/login/")
    csrf = cookies_of(form)["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    body = f"username=chief&password={PASSWORD}&csrfmiddlewaretoken={token}&next=/admin/".encode()
    signed_in = fetch(
        server,
        "/admin/login/",
        data=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://{HOST}/admin/login/",
            **cookie_header(csrftoken=csrf),
        },
    )
    assert signed_in.status == 302, signed_in.text[:500]
    return cookies_of(signed_in)


def title_on(server, speech_id, **headers):
    page = fetch(server, f"/speech/{speech_id}/", headers=headers)
    assert page.status == 200, page.status
    assert replicas.READ_YOUR_WRITES_COOKIE not in cookies_of(page)
    return re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S).group(1).strip()


def a_published_speech(site):
    return query(site["url"], "SELECT id, title FROM speeches_speech WHERE status = 'published' ORDER BY id LIMIT 1")[0]


@needs_postgres
def test_readers_read_the_replica_writers_and_staff_the_primary(site, replica):
    token = {"Authorization": f"Token {site['token']}"}
    replica.catch_up()
    # Lag tolerated: this test is about who reads where, the next one about lag.
    with site_servers(server_environment(site, replica, REPLICA_MAX_LAG_SECONDS="3600")) as (server,):
        category = json.loads(fetch(server, "/api/v1/categories/").body)[0]["slug"]
        replica.pause()
        try:
            draft = {
                "title": "副本测试：新发布的讲话",
                "category": category,
                "sections": [{"heading": "一", "body": "<p>正文。</p>"}],
            }
            created = fetch(
                server,
                "/api/v1/editorial/speeches/",
                data=json.dumps(draft).encode(),
                headers={**token, "Content-Type": "application/json"},
            )
            assert created.status == 201, created.text
            speech_id = json.loads(created.body)["id"]
            published = fetch(server, f"/api/v1/editorial/speeches/{speech_id}/publish/", data=b"", headers=token)
            assert published.status == 200, published.text

            # The writes reached the primary; the paused replica has not replayed them.
            statement = "SELECT status FROM speeches_speech WHERE id = %s"
            assert query(site["url"], statement, [speech_id]) == [("published",)]
            assert replica.sql(statement, [speech_id], dbname=site["name"]) == []

            # Readers read the replica: the new speech is not there yet.
            for path in (f"/speech/{speech_id}/", f"/api/v1/speeches/{speech_id}/"):
                missing = fetch(server, path)
                assert missing.status == 404, (path, missing.status)
                assert replicas.READ_YOUR_WRITES_COOKIE not in cookies_of(missing)
            # The token's owner reads its own write.
            mine = fetch(server, f"/api/v1/speeches/{speech_id}/", headers=token)
            assert mine.status == 200 and json.loads(mine.body)["title"] == draft["title"]

            # Signing in writes (the session, last_login): that browser reads the primary...
            browser = sign_in(server)
            assert replicas.READ_YOUR_WRITES_COOKIE in browser
            assert title_on(server, speech_id, **cookie_header(**browser)) == draft["title"]
            # ...because of that cookie: without it, public pages come from the replica,
            session_only = cookie_header(sessionid=browser["sessionid"])
            assert fetch(server, f"/speech/{speech_id}/", headers=session_only).status == 404
            # while the admin always reads the primary (where the new session is).
            change = fetch(server, f"/admin/speeches/speech/{speech_id}/change/", headers=session_only)
            assert change.status == 200 and draft["title"] in change.text
        finally:
            replica.resume()
        replica.catch_up()
        assert title_on(server, speech_id) == draft["title"]


@needs_postgres
def test_a_replica_lagging_beyond_the_limit_is_skipped(site, replica):
    replica.catch_up()
    lenient = server_environment(site, replica, REPLICA_MAX_LAG_SECONDS="3600")
    strict = server_environment(site, replica, REPLICA_MAX_LAG_SECONDS="1", REPLICA_CHECK_SECONDS="0.2")
    speech_id, old_title = a_published_speech(site)
    new_title = f"{old_title}（修订{secrets.token_hex(2)}）"
    with site_servers(lenient, strict) as (lenient_server, strict_server):
        assert title_on(lenient_server, speech_id) == title_on(strict_server, speech_id) == old_title
        replica.pause()
        try:
            query(site["url"], "UPDATE speeches_speech SET title = %s WHERE id = %s", [new_title, speech_id])
            written = time.monotonic()
            assert title_on(lenient_server, speech_id) == old_title  # reads the replica, lag tolerated
            while title_on(strict_server, speech_id) != new_title:
                assert time.monotonic() - written < 15, "the strict server kept reading a lagging replica"
                time.sleep(0.1)
            assert title_on(lenient_server, speech_id) == old_title  # the replica is still behind
        finally:
            replica.resume()
        replica.catch_up()
        assert title_on(lenient_server, speech_id) == new_title


@needs_postgres
def test_with_the_replica_stopped_readers_get_the_primary(site, replica):
    """Last in this module: it stops the module's replica."""
    replica.catch_up()
    # Verdicts kept for an hour: the worker still believes the replica healthy when it
    # stops, so the page that meets the dead connection is answered again from the primary.
    environment = server_environment(site, replica, REPLICA_MAX_LAG_SECONDS="3600", REPLICA_CHECK_SECONDS="3600")
    speech_id, old_title = a_published_speech(site)
    new_title = f"{old_title}（停机{secrets.token_hex(2)}）"
    with site_servers(environment) as (server,):
        home = fetch(server, "/").text
        paths = ["/", SPEECH_LINK.search(home).group(1), CATEGORY_LINK.search(home).group(1), "/search/?q=工作"]
        paths += ["/meeting/", "/tag/", "/rss/", "/api/v1/speeches/"]
        assert {path: fetch(server, path).status for path in paths} == dict.fromkeys(paths, 200)
        replica.pause()
        query(site["url"], "UPDATE speeches_speech SET title = %s WHERE id = %s", [new_title, speech_id])
        assert title_on(server, speech_id) == old_title  # from the replica
        replica.stop(mode="immediate")
        assert title_on(server, speech_id) == new_title  # the same worker, now from the primary
        for round_ in range(2):
            statuses = {path: fetch(server, path).status for path in paths}
            assert statuses == dict.fromkeys(paths, 200), (round_, statuses)
