"""Helpers shared by the benchmarks: a fresh PostgreSQL database and manage.py runs against it."""

import os
import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import environ
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


@contextmanager
def scratch_sqlite_site():
    """Django set up on a migrated scratch SQLite database, deleted afterwards: for the
    benchmarks that build their own small data set."""
    handle, path = tempfile.mkstemp(suffix=".sqlite3")
    os.close(handle)
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        yield
    finally:
        os.unlink(path)


def site_environment(database_url, static_root, **extra):
    """The environment of the site in production mode (DEBUG off) over plain HTTP on this
    machine, with the per-client limits lifted: a benchmark is one client sending a lot."""
    return {
        **{name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "API_ANON_RATE": "100000000/min",
        "VIEW_COUNT_RATE_LIMIT": "100000000",
        **extra,
    }


def recreate_database(url):
    """Drop and create the database named in `url` (a benchmark always starts empty)."""
    config = environ.Env.db_url_config(url)
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(config["NAME"])))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def manage(url, *args):
    """Run manage.py against `url`; return the wall time in seconds."""
    env = dict(os.environ, DATABASE_URL=url)
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def query(url, *statements):
    """Run each SQL statement on `url` and return the first column of its first row."""
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        return [conn.execute(statement).fetchone()[0] for statement in statements]


def count_rows(url, tables):
    counts = query(url, *(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t)) for t in tables))
    return dict(zip(tables, counts, strict=True))
