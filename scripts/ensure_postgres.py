"""Fail loudly when the PostgreSQL in DATABASE_URL is unreachable; create its database if missing.

CI calls this before running the suite on PostgreSQL so that an unreachable server is a
red run with a clear message, never a silent fallback to SQLite.

The replica tests (tests/test_replicas.py) stream a second, temporary PostgreSQL from this
one, which needs a replication entry in pg_hba.conf. For a server on this machine whose
pg_hba.conf we may write, the entry is added (trust from 127.0.0.1 only, the same trust the
server already gives ordinary connections from there) and the configuration reloaded.
"""

import os
import sys
from pathlib import Path

import environ
import psycopg
from psycopg import sql

REPLICATION_RULE = "host replication all 127.0.0.1/32 trust"


def replication_refused(params):
    """None when a replication connection is accepted, else the server's reason."""
    try:
        psycopg.connect(dbname="postgres", replication="true", autocommit=True, **params).close()
    except psycopg.OperationalError as error:
        return str(error)
    return None


def allow_local_replication(conn, params):
    if replication_refused(params) is None:
        return
    hba_file = Path(conn.execute("SHOW hba_file").fetchone()[0])
    if params["host"] not in ("127.0.0.1", "localhost") or not os.access(hba_file, os.W_OK):
        sys.exit(f"PostgreSQL refuses replication connections; add `{REPLICATION_RULE}` to {hba_file} and reload.")
    with hba_file.open("a", encoding="utf-8") as hba:
        hba.write(
            f"\n# Streaming replicas started by the replica tests (scripts/ensure_postgres.py)\n{REPLICATION_RULE}\n"
        )
    conn.execute("SELECT pg_reload_conf()")
    reason = replication_refused(params)
    if reason:
        sys.exit(f"PostgreSQL still refuses replication after adding `{REPLICATION_RULE}` to {hba_file}: {reason}")
    print(f"allowed replication connections from 127.0.0.1 in {hba_file}")


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
        allow_local_replication(conn, params)
except psycopg.OperationalError as error:
    sys.exit(f"PostgreSQL is unreachable at {params['host']}:{params['port']}: {error}")
print(f"PostgreSQL {version} reachable at {params['host']}:{params['port']}, database {config['NAME']}")
