"""Benchmark: full-text search against a plain icontains scan, on PostgreSQL.

Usage:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jg_search_bench \\
        .venv/bin/python manage.py generate_speeches 100000 --seed 1
    ... manage.py rebuild_search_index
    .venv/bin/python bench/search.py [--database-url URL] [--runs 5]

For 30 realistic queries it times the whole /search/?q= request in-process with production
settings (form, count or estimate, first page, excerpts, template), several runs each, and
once a plain scan: published speeches whose title or any section body icontains any of
the query's words, counted and the newest 20 fetched. The table gives the count the page
shows next to the exact one. Writes bench/results/search.txt with the table and EXPLAIN
ANALYZE of the searches' queries.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "search.txt"

QUERIES = [
    # two-character words
    ("2字", "信访"),
    ("2字", "防汛"),
    ("2字", "廉政"),
    ("2字", "招商"),
    ("2字", "审计"),
    ("2字", "春运"),
    ("2字", "消防"),
    ("2字", "普法"),
    ("2字", "巡视"),
    ("2字", "河长"),
    # four-character words
    ("4字", "安全生产"),
    ("4字", "乡村振兴"),
    ("4字", "营商环境"),
    ("4字", "疫情防控"),
    ("4字", "脱贫攻坚"),
    ("4字", "森林防火"),
    ("4字", "食品安全"),
    ("4字", "作风建设"),
    ("4字", "基层治理"),
    ("4字", "科技创新"),
    # several words
    ("多词", "信访条例 群众路线"),
    ("多词", "防汛抗旱 标准化堤防"),
    ("多词", "党风廉政建设 作风建设"),
    ("多词", "安全生产 消防安全 应急管理"),
    ("多词", "乡村振兴 脱贫攻坚"),
    ("多词", "民主生活会 巡视整改"),
    # no hit
    ("无结果", "量子计算"),
    ("无结果", "航天发射"),
    ("无结果", "围棋比赛"),
    ("无结果", "区块链"),
]


# The page's count: exact, or PostgreSQL's estimate for a large one (约 2.3 万).
HIT_COUNT = re.compile(r"找到 <strong>(约 [\d.]+ 万|\d+)</strong>")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def setup(url):
    os.environ["DATABASE_URL"] = url
    # Production settings (DEBUG off: no query log, no template debugging), served over
    # plain HTTP in-process; the manifest of static files comes from collectstatic.
    os.environ.update(DEBUG="0", ALLOWED_HOSTS="localhost", SECURE_SSL_REDIRECT="0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)


def main():  # noqa: C901 (a benchmark script: set-up, runs and report in one place)
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/jg_search_bench")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup(args.database_url)

    from django.db import connection
    from django.db.models import Q
    from django.test import Client
    from django.urls import reverse
    from tqdm import tqdm

    from speeches.models import Speech
    from speeches.search import filter_speeches, parse_query

    assert connection.vendor == "postgresql", "the benchmark runs on PostgreSQL"
    with connection.cursor() as cursor:
        # Every table, as autovacuum would have done by now: the generator bulk-loads them
        # (with stale statistics of the meetings, reading a page's speeches took 3 times longer).
        cursor.execute("VACUUM ANALYZE")
    total = Speech.objects.count()
    client = Client(SERVER_NAME="localhost")
    url = reverse("speeches:search")

    def search_time(text):
        started = time.perf_counter()
        response = client.get(url, {"q": text})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        found = HIT_COUNT.search(response.content.decode())
        return elapsed * 1000, found.group(1) if found else "0"

    def scan_time(text):
        condition = Q()
        for word in text.split():
            condition |= Q(title__icontains=word) | Q(sections__body__icontains=word)
        started = time.perf_counter()
        speeches = Speech.objects.published().filter(condition).distinct()
        count = speeches.count()
        list(speeches.for_list().latest_first()[:20])
        return (time.perf_counter() - started) * 1000, count

    # Searches first, in rounds over all the queries (a burst of load on this shared machine
    # then slows one run of many queries, not every run of one), after one warm-up round;
    # the scans afterwards, since each reads the whole sections table and pushes the search
    # index out of PostgreSQL's buffers, which a server that only searches would not see.
    shown, timings = {}, {text: [] for _, text in QUERIES}
    for _, text in QUERIES:
        search_time(text)
    for _ in tqdm(range(args.runs), desc="检索轮次", unit="轮"):
        for _, text in QUERIES:
            elapsed, shown[text] = search_time(text)
            timings[text].append(elapsed)
    rows = []
    for kind, text in tqdm(QUERIES, desc="全表扫描", unit="条"):
        scan_ms, scan_hits = scan_time(text)
        exact = filter_speeches(Speech.objects.published(), parse_query(text)).count()
        runs = timings[text]
        rows.append((kind, text, shown[text], exact, scan_hits, statistics.median(runs), max(runs), runs, scan_ms))

    all_search = [t for row in rows for t in row[7]]
    per_query_search = [row[5] for row in rows]
    all_scan = [row[8] for row in rows]
    speedups = [row[8] / row[5] for row in rows]

    def explained(text):
        """EXPLAIN ANALYZE of each search-table query one real request runs, with the
        request's own planner settings (it runs just before the query itself)."""
        plans = []

        def explain_first(execute, sql, params, many, context):
            if sql.startswith("SELECT") and "speeches_searchdocument" in sql:
                context["cursor"].execute("EXPLAIN ANALYZE " + sql, params)
                plans.append("\n".join(row[0] for row in context["cursor"].fetchall()))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(explain_first):
            search_time(text)
        return plans

    gin, walk = "speeches_searchdocument_vector_gin", "searchdoc_visible_newest"
    explain_lines = []
    for text in ["安全生产", "安全生产 消防安全 应急管理", "量子计算"]:
        for plan in explained(text):
            uses = [name for name, index in (("GIN", gin), ("newest-first walk", walk)) if index in plan]
            explain_lines += [f"-- {text}: index used: {', '.join(uses) or 'primary key only'}", plan, ""]
    lines = [
        f"# search benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores shared with other jobs, Python {platform.python_version()}, "
        f"PostgreSQL {connection.pg_version // 10000}",
        f"data: {total:,} speeches (generate_speeches 100000 --seed 1), search index rebuilt",
        f"search: whole /search/?q= request in-process, DEBUG off (form, count or estimate, page of 20, excerpts, template), "
        f"{args.runs} rounds over all queries after a warm-up round; then the scan: icontains over "
        f"title and section bodies (any word), count + newest 20, one run",
        "",
        f"{'kind':<6} {'query':<24} {'shown':>9} {'exact':>7} {'scan hits':>9} {'search median ms':>17} {'search max ms':>14} {'scan ms':>9} {'speed-up':>9}",
    ]
    for kind, text, hits, exact, scan_hits, median, worst, _, scan_ms in rows:
        lines.append(
            f"{kind:<6} {text:<24} {hits:>9} {exact:>7,} {scan_hits:>9,} {median:>17.1f} {worst:>14.1f} {scan_ms:>9.0f} {scan_ms / median:>8.0f}x"
        )
    lines += [
        "",
        f"search, all {len(all_search)} requests: median {statistics.median(all_search):.1f} ms, "
        f"p95 {percentile(all_search, 0.95):.1f} ms",
        f"search, per-query medians: median {statistics.median(per_query_search):.1f} ms, "
        f"p95 {percentile(per_query_search, 0.95):.1f} ms",
        f"scan: median {statistics.median(all_scan):.0f} ms, p95 {percentile(all_scan, 0.95):.0f} ms",
        f"speed-up (scan / search median, per query): median {statistics.median(speedups):.0f}x, "
        f"minimum {min(speedups):.0f}x",
        f"targets: p95 < 50 ms: {'met' if percentile(all_search, 0.95) < 50 else 'NOT met'}; "
        f">= 20x faster than the scan: {'met' if min(speedups) >= 20 else 'NOT met for every query'}",
        "",
        "EXPLAIN ANALYZE of every search-table query of one request (the exact count, when the",
        "planner expects fewer than 10,000 matches; candidates; all-words candidates for several",
        "words; ranking of the candidates). The planner's estimate itself is an EXPLAIN, not listed:",
        *explain_lines,
    ]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
