"""Benchmark: time `generate_speeches N` on a fresh PostgreSQL database.

Usage: .venv/bin/python bench/generate_speeches.py [N] [--database-url URL]
Writes bench/results/generate_speeches.txt. Default N=100000 on
postgres://postgres@127.0.0.1:5432/jianggao_bench (dropped and recreated first).
"""

import argparse
import os
import platform
from datetime import UTC, datetime

from common import RESULTS, count_rows, manage, query, recreate_database

RESULT_FILE = RESULTS / "generate_speeches.txt"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=100_000)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/jianggao_bench")
    args = parser.parse_args()

    recreate_database(args.database_url)
    manage(args.database_url, "migrate", "--noinput", "-v0")
    seconds = manage(args.database_url, "generate_speeches", str(args.count), "--seed", "1")
    rows = count_rows(
        args.database_url,
        ["speeches_speech", "speeches_section", "speeches_taggedspeech", "speeches_meeting", "taggit_tag"],
    )
    [size] = query(args.database_url, "SELECT pg_size_pretty(pg_database_size(current_database()))")

    lines = [
        f"# generate_speeches benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL",
        f"speeches requested: {args.count}",
        f"wall time: {seconds:.1f} s ({args.count / seconds:.0f} speeches/s)",
        *(f"rows in {table}: {count}" for table, count in rows.items()),
        f"database size: {size}",
    ]
    RESULT_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULT_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
