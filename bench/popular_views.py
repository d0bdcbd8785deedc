"""Benchmark: a day of 1,000,000 counted views folded into DailyViews, on PostgreSQL.

A fresh database with 20,000 generated speeches; in one process: 1,000,000 views
(Zipf-like: a few speeches get most of them) reach the pending counters through
view_counts.record_view (the local memory cache stands in for Redis; the first 20,000 one
by one, timed, the rest added per speech), then one timed fold_views(); then 29 more days
of folded views, and the uncached 本周热门 / 本月热门 queries over the month.
Usage: .venv/bin/python bench/popular_views.py [--database-url URL] [--reuse]
Writes bench/results/popular_views.txt.
"""

import argparse
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "popular_views.txt"

from bench.common import manage, recreate_database  # noqa: E402

SPEECHES = 20_000
VIEWS = 1_000_000
SAMPLE = 20_000  # views recorded one by one, for the per-view cost

CHILD = """
import random, time, django
from collections import Counter
from datetime import timedelta
django.setup()
from django.db import connection
from django.utils import timezone
from speeches.models import DailyViews, Speech
from speeches.view_counts import fold_views, record_view, write_views

DailyViews.objects.all().delete()
ids = list(Speech.objects.published().values_list("pk", flat=True))
rng = random.Random(1)
weights = [1 / (rank + 1) for rank in range(len(ids))]
chosen = rng.choices(ids, weights=weights, k=%(views)d)
# The per-view cost, on a sample; the day's views then reach the counters per speech.
sample = chosen[:%(sample)d]
started = time.perf_counter()
for speech_id in sample:
    record_view(speech_id)
recorded = (time.perf_counter() - started) / len(sample)
for speech_id, views in Counter(chosen[len(sample):]).items():
    record_view(speech_id, views=views)
started = time.perf_counter()
views, rows = fold_views()
folded = time.perf_counter() - started
today = timezone.localdate()
viewed = sorted(set(chosen))
for back in range(1, 30):
    write_views({(today - timedelta(days=back), speech_id): rng.randint(1, 50) for speech_id in rng.sample(viewed, len(viewed) // 2)})
month_rows = DailyViews.objects.count()
timings = []
for period in ("week", "month"):
    started = time.perf_counter()
    list(Speech.objects.published().popular(period).only("id", "title")[:10])
    timings.append(time.perf_counter() - started)
print(recorded, folded, views, rows, len(viewed), month_rows, *timings)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/jianggao_bench_popular")
    parser.add_argument("--reuse", action="store_true", help="keep the database a previous run generated")
    arguments = parser.parse_args()
    url = arguments.database_url
    if not arguments.reuse:
        recreate_database(url)
        manage(url, "migrate", "--noinput", "-v0")
        manage(url, "generate_speeches", str(SPEECHES), "--seed", "1")
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings",
        CACHE_URL="locmemcache://?max_entries=5000000",
    )
    env.pop("REDIS_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", CHILD % {"views": VIEWS, "sample": SAMPLE}],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    recorded, folded, views, rows, viewed, month_rows, week, month = (float(value) for value in out.stdout.split())
    lines = [
        f"# popular_views benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores (shared), Python {platform.python_version()}, PostgreSQL",
        f"speeches: {SPEECHES}; views in the day: {int(views)} over {int(viewed)} speeches",
        f"recording a view (record_view, local memory cache, {SAMPLE} sampled): {recorded * 1e6:.0f} µs",
        f"folding the day in (one fold_views()): {folded:.2f} s",
        f"DailyViews rows written by the fold: {int(rows)} (one per speech viewed that day)",
        f"DailyViews rows after 30 days: {int(month_rows)}",
        f"本周热门 query (top 10, uncached, 30 days of rows): {week * 1000:.0f} ms",
        f"本月热门 query (top 10, uncached, 30 days of rows): {month * 1000:.0f} ms",
        "The home page caches both lists for PUBLIC_CACHE_SECONDS (60 s).",
    ]
    RESULTS.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
