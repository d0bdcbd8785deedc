"""Issue 14, row 11: faults against real servers started here. The site runs under
gunicorn with the production settings.

- The database cannot be reached (a PostgreSQL URL to a port nobody listens on): pages
  already in the shared page cache are still served; everything else is a Chinese 503
  page with Retry-After, never a 500.
- Redis (REDIS_URL) goes away: every page is still served, uncached; no 500.
- Several app servers share Redis: the view-count rules hold across them.
"""

import re

from .servers import (
    copy_database,
    fetch,
    free_port,
    manage,
    production_environment,
    redis_server,
    site_server,
    site_servers,
)

SPEECH_LINK = re.compile(r'href="(/speech/\d+/)"')
CATEGORY_LINK = re.compile(r'href="(/category/[^/"]+/)"')


def public_paths(base_url):
    """Home and what it links to: a speech, a category, the search, the feeds."""
    home = fetch(base_url, "/").text
    speech, category = SPEECH_LINK.search(home).group(1), CATEGORY_LINK.search(home).group(1)
    return [
        "/",
        speech,
        speech + "full/",
        category,
        category + "rss/",
        "/search/?q=工作",
        "/rss/",
        "/sitemap.xml",
        "/robots.txt",
        "/admin/login/",
    ]


def test_with_the_database_down_cached_pages_are_served_and_the_rest_is_503(production_build, tmp_path):
    with redis_server() as (redis_url, _):
        shared = {"STATIC_ROOT": production_build["STATIC_ROOT"], "REDIS_URL": redis_url}
        unreachable = f"postgres://postgres@127.0.0.1:{free_port()}/jianggao"
        healthy_environment = {"DATABASE_URL": copy_database(production_build, tmp_path), **shared}
        with site_servers(healthy_environment, {"DATABASE_URL": unreachable, **shared}) as (healthy, broken):
            paths = public_paths(healthy)
            cached = {path: fetch(healthy, path) for path in paths[:3]}  # fills the shared page cache
            assert all(page.status == 200 for page in cached.values())
            for path, page in cached.items():
                again = fetch(broken, path)
                assert again.status == 200, path
                assert again.body == page.body, path
            for path in [paths[3], "/search/?q=工作", "/meeting/1/", "/speech/999999/"]:
                response = fetch(broken, path)
                assert response.status == 503, (path, response.status)
                assert response.headers["Retry-After"] == "30"
                assert "网站暂时无法访问" in response.text and "数据库暂时连接不上" in response.text
                assert "style-src 'self' 'nonce-" in response.headers["Content-Security-Policy"]  # its inline style
            form = {"Content-Type": "application/x-www-form-urlencoded"}
            login = fetch(broken, "/admin/login/", data=b"username=a&password=b", headers=form)
            assert login.status in (403, 503)  # CSRF refuses it first, or the database is missed: no 500


def test_with_redis_gone_every_page_is_still_served(production_build, tmp_path):
    with redis_server() as (redis_url, redis_process):
        environment = {
            "STATIC_ROOT": production_build["STATIC_ROOT"],
            "REDIS_URL": redis_url,
            "DATABASE_URL": copy_database(production_build, tmp_path),
        }
        with site_server(**environment) as server:
            paths = public_paths(server)
            before = {path: fetch(server, path).status for path in paths}
            assert set(before.values()) == {200}, before
            redis_process.terminate()
            redis_process.wait(timeout=10)
            for round_ in range(2):  # twice: nothing is cached now, each answer is rendered anew
                for path in paths:
                    response = fetch(server, path)
                    assert response.status == 200, (round_, path, response.status)
            speech_id = re.search(r"\d+", paths[1]).group(0)
            beacon = fetch(server, f"/speech/{speech_id}/hit.gif")
            assert beacon.status == 200 and beacon.headers["Content-Type"] == "image/gif"


def test_servers_sharing_redis_count_a_reader_once(production_build, tmp_path):
    import sqlite3

    with redis_server() as (redis_url, _):
        environment = {
            "STATIC_ROOT": production_build["STATIC_ROOT"],
            "REDIS_URL": redis_url,
            "DATABASE_URL": copy_database(production_build, tmp_path),
        }
        with site_servers(environment, environment) as (first, second):
            speech_id = re.search(r"\d+", public_paths(first)[1]).group(0)
            database = environment["DATABASE_URL"].removeprefix("sqlite:///")

            def views():
                with sqlite3.connect(database) as connection:
                    return connection.execute(
                        "SELECT view_count FROM speeches_speech WHERE id = ?", [speech_id]
                    ).fetchone()[0]

            start = views()
            for attempt in range(20):
                server = first if attempt % 2 else second
                fetch(server, f"/speech/{speech_id}/hit.gif", headers={"User-Agent": f"loop/{attempt}"})
            manage(
                production_environment(**environment), "fold_views"
            )  # cron's job: the counters in Redis, written in bulk
            assert views() == start + 1
