"""Benchmark: the same pages and jobs at 100,000 and at 1,000,000 speeches, side by side.

Usage:
    .venv/bin/python bench/scale.py [--small URL] [--large URL] [--build] [--samples 150]

1. The small database (default jianggao_scale100k) is built with the project's own commands
   when missing or with --build: migrate, generate_speeches 100000 --seed 1,
   rebuild_search_index, rebuild_recommendations, each timed (bench/results/scale_build.txt).
2. The large database is the small one scaled up ten times inside PostgreSQL: every
   speech with its sections, tags, search document, keywords and 延伸阅读 copied nine
   times under new ids (INSERT ... SELECT), then VACUUM ANALYZE. The copies keep their
   texts, so every word, tag, meeting and 栏目 has ten times the speeches: the shape of
   a ten times larger archive of the same kind, made in minutes instead of the hours
   the Python pipeline takes on two cores (its rates are in scale_build.txt).
3. Each database is measured in its own process, twice, interleaved (small, large, small,
   large), with production settings in-process (DEBUG off): the median of each page's
   per-request medians. Every request has a fresh query string, so the whole-page cache
   never answers; the shared fragments (栏目 tree, side columns) are cached as in production.
4. Table and index sizes of both.

Writes bench/results/scale.txt.
"""

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from common import RESULTS, manage, recreate_database

ROOT = Path(__file__).resolve().parent.parent
SMALL = "postgres://postgres@127.0.0.1:5432/jianggao_scale100k"
LARGE = "postgres://postgres@127.0.0.1:5432/jianggao_scale1m"
SMALL_COUNT = 100_000
FACTOR = 10
SEARCHES = [
    "信访",
    "防汛",
    "廉政",
    "审计",
    "安全生产",
    "乡村振兴",
    "营商环境",
    "疫情防控",
    "信访条例 群众路线",
    "量子计算",
]

# Tables copied to scale up, with the expression of each column that must change in a copy
# (:k is the copy number, :speech the speech id offset, :row the row id offset).
COPIED = {
    "speeches_speech": {
        "id": "id + :speech",
        "content_hash":  # a hex digest never holds 'x': a copy's hash can clash with nothing
        "CASE WHEN content_hash = '' THEN '' ELSE 'x' || lpad(:k::text, 3, '0') || right(content_hash, 60) END",
    },
    "speeches_section": {"id": "id + :row", "speech_id": "speech_id + :speech"},
    "speeches_taggedspeech": {"id": "id + :row", "content_object_id": "content_object_id + :speech"},
    "speeches_searchdocument": {"speech_id": "speech_id + :speech"},
    "speeches_speechkeyword": {"id": "id + :row", "speech_id": "speech_id + :speech"},
    "speeches_relatedarticle": {
        "id": "id + :row",
        "from_speech_id": "from_speech_id + :speech",
        "to_speech_id": "to_speech_id + :speech",
    },
}
SIZED = [
    "speeches_speech",
    "speeches_section",
    "speeches_taggedspeech",
    "speeches_searchdocument",
    "speeches_speechkeyword",
    "speeches_relatedarticle",
]


def connect(url, **kwargs):
    return psycopg.connect(url.replace("postgres://", "postgresql://"), **kwargs)


def exists(url):
    name = url.rsplit("/", 1)[1]
    with connect(url.rsplit("/", 1)[0] + "/postgres") as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def speech_count(url):
    with connect(url) as conn:
        return conn.execute("SELECT count(*) FROM speeches_speech").fetchone()[0]


def scaled_up(small, large, factor):
    """Whether the large database is there and complete (a run cut short is made again)."""
    return exists(large) and speech_count(large) == factor * speech_count(small)


def build_small(url, count):
    recreate_database(url)
    steps = [
        ("migrate", ["migrate", "--noinput", "-v0"]),
        ("generate_speeches", ["generate_speeches", str(count), "--seed", "1"]),
        ("rebuild_search_index", ["rebuild_search_index"]),
        ("rebuild_recommendations", ["rebuild_recommendations"]),
    ]
    lines = [f"# build of {count:,} speeches with the project's commands, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"]
    for name, args in steps:
        load = os.getloadavg()[0]
        seconds = manage(url, *args)
        rate = f"{count / seconds:,.0f} speeches/s" if name != "migrate" else ""
        lines.append(f"{name:<26} {seconds:8.1f} s  {rate:<20} (load average {load:.1f} at the start)")
    (RESULTS / "scale_build.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def scale_up(small, large, factor):
    """The large database: a copy of the small one, its speeches copied `factor - 1` times."""
    name = large.rsplit("/", 1)[1]
    started = time.perf_counter()
    with connect(small.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{small.rsplit("/", 1)[1]}"')
    with connect(large, autocommit=True) as conn:
        offsets = {
            table: conn.execute(
                f"SELECT coalesce(max({'speech_id' if table == 'speeches_searchdocument' else 'id'}), 0) FROM {table}"
            ).fetchone()[0]
            for table in COPIED
        }
        for k in range(1, factor):
            for table, changed in COPIED.items():
                columns = [
                    row[0]
                    for row in conn.execute(
                        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
                        [table],
                    )
                ]
                values = {
                    ":speech": str(k * offsets["speeches_speech"]),
                    ":row": str(k * offsets[table]),
                    ":k": str(k),
                }
                expressions = []
                for column in columns:
                    expression = changed.get(column, column)
                    for placeholder, value in values.items():
                        expression = expression.replace(placeholder, value)
                    expressions.append(expression)
                # Copies of the original rows only (ids up to the offset).
                key = "speech_id" if table == "speeches_searchdocument" else "id"
                conn.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"SELECT {', '.join(expressions)} FROM {table} WHERE {key} <= {offsets[table]}"
                )
            print(f"copy {k} of {factor - 1} written ({time.perf_counter() - started:.0f} s)", flush=True)
        # Corpus word and tag counts (recommendation IDF) grow with the copies.
        conn.execute(f"UPDATE speeches_corpusfrequency SET speeches = speeches * {factor}")
        for table in COPIED:
            if table != "speeches_searchdocument":
                conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def sizes(url):
    with connect(url) as conn:
        rows = [
            conn.execute(
                "SELECT %s, (SELECT count(*) FROM " + table + "), pg_table_size(%s), pg_indexes_size(%s)",
                [table, table, table],
            ).fetchone()
            for table in SIZED
        ]
        total = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return rows, total


def measure_in_child(url, samples, static_root):
    """Run this file's --measure mode against `url` in a fresh process; its timings."""
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DEBUG="0",
        ALLOWED_HOSTS="localhost",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=static_root,
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    output = subprocess.run(
        [sys.executable, __file__, "--measure", url, "--samples", str(samples)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(samples):
    """Per-request server time of each page kind, in ms: {kind: [ms, ...]}."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from taggit.models import Tag

    from speeches.models import Category, Meeting, Speech
    from speeches.recommend.update import refresh_speech

    call_command("collectstatic", interactive=False, verbosity=0)
    rng = random.Random(17)
    client = Client(SERVER_NAME="localhost")
    visible = Speech.objects.published()
    ids = list(visible.values_list("pk", flat=True))
    counter = iter(range(10**9))

    def timed(path, params=None):
        started = time.perf_counter()
        response = client.get(path, {**(params or {}), "_": next(counter)})
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (path, params, response.status_code)
        return elapsed

    category = max(Category.objects.filter(parent=None), key=lambda c: visible.in_category_tree(c).count())
    pages = max(1, -(-visible.in_category_tree(category).count() // 20))
    tag = Tag.objects.get(name="安全生产")
    meeting = Meeting.objects.order_by("pk").first()
    kinds = {
        "speech page": lambda: timed(f"/speech/{rng.choice(ids)}/"),
        "栏目 page 1": lambda: timed(category.get_absolute_url()),
        "栏目 middle page": lambda: timed(category.get_absolute_url(), {"page": pages // 2}),
        "栏目 last page": lambda: timed(category.get_absolute_url(), {"page": pages}),
        "tag page 1": lambda: timed(f"/tag/{tag.slug}/"),
        "meeting page 1": lambda: timed(f"/meeting/{meeting.pk}/"),
        "search": lambda: timed("/search/", {"q": rng.choice(SEARCHES)}),
    }
    for run in kinds.values():  # warm-up: connections, templates, the shared fragments
        run()
    timings = {kind: [run() for _ in range(samples)] for kind, run in kinds.items()}

    def refresh():
        started = time.perf_counter()
        refresh_speech(rng.choice(ids))
        return (time.perf_counter() - started) * 1000

    timings["延伸阅读 update"] = [refresh() for _ in range(max(10, samples // 3))]

    def cold_list():
        # What the first reader after a publish (or after the minute) pays: the page-key
        # index of the whole 栏目 and the shared fragments are rebuilt.
        cache.clear()
        return timed(category.get_absolute_url())

    timings["栏目 page 1, cold cache"] = [cold_list() for _ in range(max(5, samples // 20))]
    return {"speeches": Speech.objects.count(), "category pages": pages, "timings": timings}


def report(small, large, runs, build_seconds, small_sizes, large_sizes):
    def stat(values, share):
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    lines = [
        f"# scale benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL; "
        f"load average at the end {os.getloadavg()[0]:.1f}",
        f"small: {small} ({runs['small'][0]['speeches']:,} speeches); "
        f"large: {large} ({runs['large'][0]['speeches']:,} speeches, "
        + (f"scaled up in {build_seconds:.0f} s)" if build_seconds else "scaled up by an earlier run)"),
        "server time per request in-process, production settings, whole-page cache bypassed; "
        "p50 = median of the two runs' medians, p95 likewise",
        "",
        f"{'page':<18} {'p50 100k':>9} {'p50 1M':>9} {'growth':>7} {'p95 100k':>9} {'p95 1M':>9}",
    ]
    for kind in runs["small"][0]["timings"]:
        p50 = {size: statistics.median(stat(run["timings"][kind], 0.5) for run in runs[size]) for size in runs}
        p95 = {size: statistics.median(stat(run["timings"][kind], 0.95) for run in runs[size]) for size in runs}
        lines.append(
            f"{kind:<18} {p50['small']:8.1f}  {p50['large']:8.1f}  {p50['large'] / p50['small']:6.2f}x"
            f" {p95['small']:8.1f}  {p95['large']:8.1f}"
        )
    for label, (rows, total) in (("100k", small_sizes), ("1M", large_sizes)):
        lines += [
            "",
            f"sizes at {label}: database {total / 2**20:,.0f} MiB",
            f"{'table':<26} {'rows':>12} {'table MiB':>10} {'index MiB':>10}",
        ]
        lines += [
            f"{table:<26} {count:>12,} {table_bytes / 2**20:>10,.0f} {index_bytes / 2**20:>10,.0f}"
            for table, count, table_bytes, index_bytes in rows
        ]
    text = "\n".join(lines) + "\n"
    (RESULTS / "scale.txt").write_text(text, encoding="utf-8")
    print(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", default=SMALL)
    parser.add_argument("--large", default=LARGE)
    parser.add_argument("--build", action="store_true", help="rebuild both databases")
    parser.add_argument("--samples", type=int, default=150)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.samples), ensure_ascii=False))
        return

    if args.build or not exists(args.small):
        build_small(args.small, SMALL_COUNT)
    build_seconds = 0.0
    if args.build or not scaled_up(args.small, args.large, FACTOR):
        build_seconds = scale_up(args.small, args.large, FACTOR)
    runs = {"small": [], "large": []}
    with tempfile.TemporaryDirectory() as static_root:
        for _ in range(2):
            for size, url in (("small", args.small), ("large", args.large)):
                runs[size].append(measure_in_child(url, args.samples, static_root))
                print(f"measured {size}", flush=True)
    report(args.small, args.large, runs, build_seconds, sizes(args.small), sizes(args.large))


if __name__ == "__main__":
    main()
