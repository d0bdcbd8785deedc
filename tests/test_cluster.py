"""Issue 17, item 3: several app servers. Two gunicorn servers with the production settings
share one REDIS_URL and one database, as servers behind a load balancer do; a reader or
an editor may reach either one on any request.

- A login on one server holds on the other (sessions: cached_db, in Redis and the database).
- An edit on one server shows on the other within the public-cache promise, and a page
  rendered by one is served by the other from the shared cache.
- Edit presence, view counts and the list caches are shared.
- Redis stopped, then restarted empty: both servers still serve every page and staff stay
  logged in.

The servers are started once for the module with a short PUBLIC_CACHE_SECONDS, so waiting
out the promise takes seconds. On the PostgreSQL pass (DATABASE_URL names a PostgreSQL
server) the servers share a new database made on that server; otherwise a SQLite file.
"""

import os
import re
import secrets
import sqlite3
import time
import urllib.parse
from contextlib import ExitStack, closing, contextmanager
from http.cookies import SimpleCookie

import pytest
import redis

from .servers import HOST, copy_database, fetch, manage, production_environment, redis_server, site_servers

CACHE_SECONDS = 3  # the servers' PUBLIC_CACHE_SECONDS: the promise, shortened for the test
SLACK_SECONDS = 2  # a loaded 2-core machine's request times on top of it
SPEECH_LINK = re.compile(r'href="(/speech/(\d+)/)"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACCOUNT_LINE = re.compile(r"用户名 (\S+) 密码 (\S+)")
SESSION_CACHE_PREFIX = ":1:django.contrib.sessions.cached_db"  # django-redis key: prefix:version:key


@contextmanager
def shared_database(production_build, directory):
    """One database for both servers, with the demo content; yields its URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield copy_database(production_build, directory)
        return
    import psycopg

    server = urllib.parse.urlsplit(url)
    name = f"jianggao_cluster_{secrets.token_hex(4)}"
    maintenance = server._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        database_url = server._replace(path=f"/{name}").geturl()
        environment = production_environment(DATABASE_URL=database_url, STATIC_ROOT=production_build["STATIC_ROOT"])
        manage(environment, "migrate", "--noinput", "-v0")
        manage(environment, "load_demo")
        yield database_url
    finally:
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_sql(database_url, statement, params=()):
    """Rows of one statement run straight on the shared database (no Django, no signals)."""
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as connection:
            rows = connection.execute(statement.replace("%s", "?"), params).fetchall()
            connection.commit()
            return rows
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        cursor = connection.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


class Browser:
    """One client's cookies, whichever server answers; forms posted with their CSRF token
    and the Origin a browser sends."""

    def __init__(self):
        self.cookies = {}

    def get(self, server, path, **headers):
        return self._keep(fetch(server, path, headers=self._headers(headers)))

    def submit(self, server, path, fields, form_path=None):
        """Fill the form at `form_path` (default: `path`) on `server` and post it to `path`."""
        form = self.get(server, form_path or path)
        assert form.status == 200, (form_path or path, form.status)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": CSRF_FIELD.search(form.text).group(1), **fields})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"https://{HOST}"}
        return self._keep(fetch(server, path, data=data.encode(), headers=self._headers(headers)))

    def log_in(self, server, username, password):
        response = self.submit(server, "/admin/login/?next=/admin/", {"username": username, "password": password})
        assert response.status == 302 and response.headers["Location"] == "/admin/", response.text[:500]
        return response

    def _headers(self, headers):
        if self.cookies:
            headers = {**headers, "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        return headers

    def _keep(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response


def logged_in_as(page):
    """The username the admin page greets, or None (e.g. the login page)."""
    if page.status != 200 or 'id="logout-form"' not in page.text:
        return None
    return re.search(r"<strong>([^<]+)</strong>", page.text).group(1)


def wait_until(condition, within):
    """Poll `condition()` until it holds; the seconds it took, or fail after `within`."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start <= within, f"not within {within} s"
        time.sleep(0.1)
    return time.monotonic() - start


class Cluster:
    def __init__(self, stack, production_build, directory):
        self.stack = stack
        self.redis_url, self.redis_process = stack.enter_context(redis_server())
        self.database = stack.enter_context(shared_database(production_build, directory))
        self.environment = {
            "STATIC_ROOT": production_build["STATIC_ROOT"],
            "DATABASE_URL": self.database,
            "REDIS_URL": self.redis_url,
            "PUBLIC_CACHE_SECONDS": str(CACHE_SECONDS),
            "EDGE_STALE_SECONDS": "1",  # the edge's share of the promise (no edge here)
            "TRUSTED_PROXY_COUNT": "1",  # readers told apart by X-Forwarded-For, as behind nginx
        }
        # Workers load the site while the accounts are made.
        self.a, self.b = stack.enter_context(site_servers(self.environment, self.environment))
        created = manage(production_environment(**self.environment), "ensure_editor").stdout
        self.passwords = dict(ACCOUNT_LINE.findall(created))
        # The list test's 栏目: the one holding the most published speeches (with its
        # subcategories'); other tests leave its speeches alone.
        (self.list_slug,) = run_sql(
            self.database,
            "SELECT top.slug FROM speeches_speech s JOIN speeches_category c ON c.id = s.category_id "
            "JOIN speeches_category top ON top.id = COALESCE(c.parent_id, c.id) "
            "WHERE s.status = 'published' GROUP BY top.slug ORDER BY COUNT(*) DESC, top.slug LIMIT 1",
        )[0]
        in_list = run_sql(
            self.database,
            "SELECT s.id FROM speeches_speech s JOIN speeches_category c ON c.id = s.category_id "
            "JOIN speeches_category top ON top.id = COALESCE(c.parent_id, c.id) WHERE top.slug = %s",
            [self.list_slug],
        )
        published = run_sql(self.database, "SELECT id FROM speeches_speech WHERE status = 'published' ORDER BY id")
        self.free_speeches = [pk for (pk,) in published if pk not in {listed for (listed,) in in_list}]

    def take_speech(self):
        """A published speech no other test uses."""
        return self.free_speeches.pop(0)

    def status(self, speech):
        return run_sql(self.database, "SELECT status FROM speeches_speech WHERE id = %s", [speech])[0][0]

    def redis(self):
        return redis.Redis.from_url(self.redis_url)

    @contextmanager
    def redis_stopped(self):
        """Redis stopped (no persistence: everything in it is lost); afterwards an empty one
        on the same port, which the servers reconnect to."""
        self.redis_process.terminate()
        self.redis_process.wait(timeout=10)
        try:
            yield
        finally:
            port = urllib.parse.urlsplit(self.redis_url).port
            self.redis_url, self.redis_process = self.stack.enter_context(redis_server(port))


@pytest.fixture(scope="module")
def cluster(production_build, tmp_path_factory):
    with ExitStack() as stack:
        yield Cluster(stack, production_build, tmp_path_factory.mktemp("cluster"))


@pytest.fixture(scope="module")
def chief(cluster):
    """The 主编 logged in on server A."""
    browser = Browser()
    browser.log_in(cluster.a, "zhubian", cluster.passwords["zhubian"])
    return browser


@pytest.fixture(scope="module")
def administrator(cluster):
    """The system administrator logged in on server B."""
    browser = Browser()
    browser.log_in(cluster.b, "admin", cluster.passwords["admin"])
    return browser


def test_a_login_on_one_server_holds_on_the_other_and_so_does_a_logout(cluster):
    browser = Browser()
    assert browser.get(cluster.b, "/admin/").status == 302  # not logged in yet
    browser.log_in(cluster.a, "zhubian", cluster.passwords["zhubian"])
    assert logged_in_as(browser.get(cluster.b, "/admin/")) == "zhubian"
    assert logged_in_as(browser.get(cluster.a, "/admin/")) == "zhubian"
    session = browser.cookies["sessionid"]
    assert cluster.redis().exists(SESSION_CACHE_PREFIX + session)  # read from Redis ...
    assert run_sql(cluster.database, "SELECT 1 FROM django_session WHERE session_key = %s", [session])  # ... kept here

    logout = browser.submit(cluster.b, "/admin/logout/", {}, form_path="/admin/")
    assert logout.status == 200 and "sessionid" not in browser.cookies
    stolen = Browser()  # the old cookie, replayed on the other server, is no session any more
    stolen.cookies["sessionid"] = session
    assert stolen.get(cluster.a, "/admin/").status == 302
    assert not cluster.redis().exists(SESSION_CACHE_PREFIX + session)


def test_an_edit_on_one_server_shows_on_the_other_within_the_promise(cluster, chief):
    speech = cluster.take_speech()
    path = f"/speech/{speech}/"
    rendered = fetch(cluster.a, path)
    assert rendered.status == 200
    title = f"两台服务器共享缓存的检验稿{secrets.token_hex(3)}"
    run_sql(cluster.database, "UPDATE speeches_speech SET title = %s WHERE id = %s", [title, speech])
    cached = fetch(cluster.b, path)
    assert cached.body == rendered.body  # B answers with A's rendering, from the shared cache
    assert title not in cached.text
    wait_until(lambda: title in fetch(cluster.b, path).text, within=CACHE_SECONDS + SLACK_SECONDS)

    workflow = f"/admin/speeches/speech/{speech}/workflow/"
    assert chief.submit(cluster.a, workflow, {"transition": "unpublish"}).status == 302
    assert cluster.status(speech) == "draft"
    wait_until(lambda: fetch(cluster.b, path).status == 404, within=CACHE_SECONDS + SLACK_SECONDS)
    assert chief.submit(cluster.a, workflow, {"transition": "publish"}).status == 302
    assert fetch(cluster.b, path).status == 200  # a 404 is never cached: back on the next request


def test_an_editor_opening_a_speech_on_one_server_is_named_on_the_other(cluster, chief, administrator):
    speech = cluster.take_speech()
    change = f"/admin/speeches/speech/{speech}/change/"
    first = chief.get(cluster.a, change)
    assert first.status == 200 and "也打开了这篇讲话稿" not in first.text
    second = administrator.get(cluster.b, change)
    assert second.status == 200
    assert re.search(r"注意：zhubian（\d\d:\d\d 起）最近几分钟也打开了这篇讲话稿", second.text)


def test_views_counted_on_both_servers_are_folded_once_each(cluster):
    speech = cluster.take_speech()

    def views():
        total = run_sql(cluster.database, "SELECT view_count FROM speeches_speech WHERE id = %s", [speech])
        daily = run_sql(cluster.database, "SELECT SUM(views) FROM speeches_dailyviews WHERE speech_id = %s", [speech])
        return total[0][0], daily[0][0] or 0

    (total, daily) = views()
    readings = [(cluster.a, "10.1.0.1"), (cluster.b, "10.1.0.2"), (cluster.b, "10.1.0.1"), (cluster.a, "10.1.0.3")]
    readings += [(cluster.a, "10.1.0.2"), (cluster.b, "10.1.0.3")]  # the same readers on the other server
    for server, reader in readings:
        beacon = fetch(server, f"/speech/{speech}/hit.gif", headers={"X-Forwarded-For": reader})
        assert beacon.status == 200
    manage(production_environment(**cluster.environment), "fold_views")
    assert views() == (total + 3, daily + 3)  # three readers, each counted once


def test_list_caches_are_shared_and_invalidated_for_both_servers(cluster, chief):
    path = f"/category/{cluster.list_slug}/"
    listed = fetch(cluster.a, path + "?from=cluster-0")  # rendered now, not an older cached page
    count = re.search(r"共 (\d+) 篇", listed.text).group(1)
    speeches = sorted({int(pk) for _, pk in SPEECH_LINK.findall(listed.text)} - set(cluster.free_speeches))
    assert int(count) == len(speeches) >= 3
    hidden, unpublished = speeches[:2]

    # Hidden behind the cache's back: B renders the list afresh (another URL, so not the
    # cached page) with the rows read now but the count A cached.
    run_sql(cluster.database, "UPDATE speeches_speech SET status = 'draft' WHERE id = %s", [hidden])
    fresh = fetch(cluster.b, path + "?from=cluster-1")
    assert f"共 {count} 篇" in fresh.text
    assert f'href="/speech/{hidden}/"' not in fresh.text

    # A change made through A invalidates the lists for B at once (the shared version key).
    workflow = f"/admin/speeches/speech/{unpublished}/workflow/"
    assert chief.submit(cluster.a, workflow, {"transition": "unpublish"}).status == 302
    after = fetch(cluster.b, path + "?from=cluster-2")
    assert f"共 {int(count) - 2} 篇" in after.text
    assert f'href="/speech/{unpublished}/"' not in after.text


def test_with_redis_stopped_and_restarted_empty_pages_are_served_and_staff_stay_logged_in(cluster, administrator):
    speech = cluster.take_speech()
    home = fetch(cluster.a, "/")
    category = re.search(r'href="(/category/[^/"]+/)"', home.text).group(1)
    paths = ["/", f"/speech/{speech}/", f"/speech/{speech}/full/", category, "/search/?q=工作", "/rss/", "/tag/"]
    change = f"/admin/speeches/speech/{speech}/change/"
    assert logged_in_as(administrator.get(cluster.a, "/admin/")) == "admin"

    with cluster.redis_stopped():
        for server in (cluster.a, cluster.b):
            for path in paths:
                assert fetch(server, path).status == 200, (server, path)
            assert logged_in_as(administrator.get(server, "/admin/")) == "admin"  # from the database
            assert administrator.get(server, change).status == 200
        newcomer = Browser()  # logging in needs no Redis either
        newcomer.log_in(cluster.a, "bianji", cluster.passwords["bianji"])
        assert logged_in_as(newcomer.get(cluster.b, "/admin/")) == "bianji"

    # An empty Redis on the same port now.
    for server in (cluster.a, cluster.b):
        for path in paths:
            assert fetch(server, path).status == 200, (server, path)
        assert logged_in_as(administrator.get(server, "/admin/")) == "admin"
    assert logged_in_as(newcomer.get(cluster.a, "/admin/")) == "bianji"
    assert cluster.redis().exists(SESSION_CACHE_PREFIX + administrator.cookies["sessionid"])  # cached again
