"""Benchmark: category page 1 vs deep pages on a 100k-speech category (keyset pagination).

Usage:
    DATABASE_URL=postgres://... .venv/bin/python manage.py generate_speeches 100000 --seed 1
    DATABASE_URL=postgres://... .venv/bin/python bench/list_pagination.py [--repeat 20]

Moves 90 % of the speeches into one subcategory (讲话稿, an UPDATE, once), then renders
the category page through the view (without the whole-page cache) for pages 1 … 2,000+,
cold (empty cache: the page-key index is rebuilt) and warm (index cached), and times
Django's stock Paginator (COUNT + OFFSET) on the same pages for comparison.
Writes bench/results/list_pagination.txt.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "list_pagination.txt"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from tqdm import tqdm  # noqa: E402

from speeches.models import Category, Speech  # noqa: E402
from speeches.views import CategoryView, HomeView  # noqa: E402

SLUG = "jianghuagao"
SHARE = 0.9


def concentrate(category):
    """Put ~90 % of all speeches into `category` (idempotent)."""
    total = Speech.objects.count()
    if Speech.objects.filter(category=category).count() < total * SHARE * 0.95:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE speeches_speech SET category_id = %s WHERE id %% 10 <> 0", [category.id])
    # Autovacuum would do this in production: it enables index-only scans for the page-key index.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE speeches_speech")
    return total


def render(view, number, path=f"/category/{SLUG}/", **kwargs):
    request = RequestFactory(SERVER_NAME="localhost").get(path, {"page": number} if number > 1 else {})
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = view(request, **kwargs)
        response.render()
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed * 1000, len(queries.captured_queries)


def stock_paginator(category, number):
    speeches = Speech.objects.published().for_list().in_category_tree(category).latest_first()
    started = time.perf_counter()
    list(Paginator(speeches, 20).page(number).object_list)
    return (time.perf_counter() - started) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL (set DATABASE_URL).")

    category = Category.objects.get(slug=SLUG)
    total = concentrate(category)
    visible = Speech.objects.published().filter(category=category).count()
    last = (visible + 19) // 20
    pages = [1, 2, 100, 1000, 2000, last]
    view = CategoryView.as_view()

    rows = []
    for number in tqdm(pages, desc="pages"):
        cache.clear()
        cold_ms, cold_queries = render(view, number, slug=SLUG)
        warm = [render(view, number, slug=SLUG) for _ in range(args.repeat)]
        stock = [stock_paginator(category, number) for _ in range(max(3, args.repeat // 4))]
        rows.append(
            (number, cold_ms, cold_queries, statistics.median(t for t, _ in warm), warm[0][1], statistics.median(stock))
        )

    lines = [
        f"# list_pagination benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, PostgreSQL {connection.pg_version // 10000}",
        f"speeches: {total} in all; category '{SLUG}': {visible} visible ({last} pages of 20)",
        f"category page rendered through CategoryView without the page cache; warm = median of {args.repeat}",
        "cold = empty cache, so the page-key index (one window-function query) is rebuilt first",
        "stock = Django Paginator on the same queryset (COUNT(*) + OFFSET), rows only, no template",
        "",
        f"{'page':>6} {'cold ms':>9} {'cold q':>7} {'warm ms':>9} {'warm q':>7} {'stock ms':>9}",
    ]
    for number, cold_ms, cold_q, warm_ms, warm_q, stock_ms in rows:
        lines.append(f"{number:>6} {cold_ms:>9.1f} {cold_q:>7} {warm_ms:>9.1f} {warm_q:>7} {stock_ms:>9.1f}")
    cache.clear()
    home_cold = render(HomeView.as_view(), 1, path="/")
    home_warm = statistics.median(render(HomeView.as_view(), 1, path="/")[0] for _ in range(args.repeat))
    lines += ["", f"home page: cold {home_cold[0]:.1f} ms ({home_cold[1]} queries), warm {home_warm:.1f} ms"]
    first_warm = rows[0][3]
    deep_warm = next(row[3] for row in rows if row[0] == 2000)
    lines += ["", f"page 2000 / page 1 (warm): {deep_warm / first_warm:.2f}x"]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
