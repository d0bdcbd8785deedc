"""Benchmark: time `generate_speeches N` on a fresh PostgreSQL database.

Usage: .venv/bin/python bench/generate_speeches.py [N] [--database-url URL]
Writes bench/results/generate_speeches.txt. Default N=100000 on
postgres://postgres@127.0.0.1:5432/jianggao_bench (dropped and recreated first).
"""

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import environ
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "generate_speeches.txt"


def recreate_database(url):
    config = environ.Env.db_url_config(url)
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1", port=config["PORT"] or 5432,
        user=config["USER"] or "postgres", dbname="postgres", autocommit=True,
    ) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(config["NAME"])))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def manage(url, *args):
    env = dict(os.environ, DATABASE_URL=url)
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=100_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/jianggao_bench")
    args = parser.parse_args()

    recreate_database(args.database_url)
    manage(args.database_url, "migrate", "--noinput", "-v0")
    seconds = manage(args.database_url, "generate_speeches", str(args.count), "--seed", "1")
    with psycopg.connect(args.database_url.replace("postgres://", "postgresql://")) as conn:
        rows = {
            table: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            for table in ["speeches_speech", "speeches_section", "speeches_taggedspeech", "speeches_meeting", "taggit_tag"]
        }
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]

    lines = [
        f"# generate_speeches benchmark, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL",
        f"speeches requested: {args.count}",
        f"wall time: {seconds:.1f} s ({args.count / seconds:.0f} speeches/s)",
        *(f"rows in {table}: {count}" for table, count in rows.items()),
        f"database size: {size}",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
