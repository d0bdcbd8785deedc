"""Fail loudly when the PostgreSQL in DATABASE_URL is unreachable; create its database if missing.

CI calls this before running the suite on PostgreSQL so that an unreachable server is a
red run with a clear message, never a silent fallback to SQLite.
"""

import os
import sys

import environ
import psycopg
from psycopg import sql

url = os.environ.get("DATABASE_URL", "")
config = environ.Env.db_url_config(url) if url else {}
if "postgresql" not in config.get("ENGINE", ""):
    sys.exit(f"DATABASE_URL is not a PostgreSQL URL: {url!r}")

params = dict(
    host=config["HOST"] or "127.0.0.1",
    port=config["PORT"] or 5432,
    user=config["USER"] or "postgres",
    password=config["PASSWORD"] or None,
    connect_timeout=5,
)
try:
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"created database {config['NAME']}")
        version = conn.execute("SHOW server_version").fetchone()[0]
except psycopg.OperationalError as error:
    sys.exit(f"PostgreSQL is unreachable at {params['host']}:{params['port']}: {error}")
print(f"PostgreSQL {version} reachable at {params['host']}:{params['port']}, database {config['NAME']}")
