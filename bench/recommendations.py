"""Benchmark: 延伸阅读 at 10k, 30k and 100k generated speeches on PostgreSQL.

For each size: a fresh database, `generate_speeches N --seed 1`, then a timed
`rebuild_recommendations` in its own process (peak memory from getrusage), and on the
largest size the per-speech update (refresh_speech) of 200 random visible speeches.
Usage: .venv/bin/python bench/recommendations.py [--sizes 10000 30000 100000] [--database-url URL]
Writes bench/results/recommendations.txt.
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
RESULTS = ROOT / "bench" / "results" / "recommendations.txt"

from bench.generate_speeches import manage, recreate_database  # noqa: E402


def run_child(url, code):
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return [float(value) for value in out.stdout.split()]


def rebuild(url):
    """Time the rebuild (as the command runs it) in a fresh process, phase by phase;
    its own peak memory and its segmenting workers'."""
    code = """
import os, resource, time, django
django.setup()
from speeches.recommend import rebuild

phases = {}

class Timer:
    def __init__(self, description):
        self.description, self.started = description, time.perf_counter()

    def update(self, n=1):
        pass

    def close(self):
        phases[self.description] = time.perf_counter() - self.started

started = time.perf_counter()
rebuild(workers=min(2, os.cpu_count()), progress=lambda description, total, initial=0: Timer(description))
print(time.perf_counter() - started, phases["关键词"], phases["延伸阅读"],
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
    seconds, keywords, lists, own_kb, workers_kb = run_child(url, code)
    return seconds, keywords, lists, own_kb / 1024, workers_kb / 1024


def update_times(url, samples):
    """refresh_speech on `samples` random visible speeches, in milliseconds (run in a child)."""
    code = f"""
import random, statistics, time, django
django.setup()
from speeches.models import Speech
from speeches.recommend import refresh_speech
ids = list(Speech.objects.published().values_list("pk", flat=True))
refresh_speech(ids[0])  # loads jieba's dictionary once, as a running site has
times, cpu = [], []
for pk in random.Random(1).sample(ids, {samples}):
    started, started_cpu = time.perf_counter(), time.process_time()
    refresh_speech(pk)
    times.append((time.perf_counter() - started) * 1000)
    cpu.append((time.process_time() - started_cpu) * 1000)
times.sort()
print(statistics.median(times), times[int(len(times) * 0.95) - 1], max(times), statistics.median(cpu))
"""
    return run_child(url, code)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/jg_rec_bench")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()

    rows = []
    for size in args.sizes:
        recreate_database(args.database_url)
        manage(args.database_url, "migrate", "--noinput", "-v0")
        manage(args.database_url, "generate_speeches", str(size), "--seed", "1", "-v0")
        seconds, keywords, lists, peak_mb, workers_mb = rebuild(args.database_url)
        rows.append((size, seconds, keywords, lists, peak_mb, workers_mb))
        print(f"{size}: rebuild {seconds:.1f} s (keywords {keywords:.1f} s), peak {peak_mb:.0f} MB", flush=True)
    median, p95, worst, cpu_median = update_times(args.database_url, args.samples)
    load = os.getloadavg()

    lines = [
        f"# rebuild_recommendations benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores (shared), Python {platform.python_version()}, PostgreSQL",
        "data: manage.py generate_speeches N --seed 1 (about 95% published)",
        "",
        "keywords = first-time segmentation (jieba, 2 worker processes); a nightly rebuild skips it",
        "(keywords are kept up to date on every save). load = reading tags and keywords, building",
        "the index; lists = scoring and writing every list.",
        "",
        "| speeches | full rebuild | keywords | load | lists | rebuild without keywords | peak memory (maxrss) | each worker |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, seconds, keywords, lists, peak_mb, workers_mb in rows:
        lines.append(
            f"| {size:,} | {seconds:.1f} s | {keywords:.1f} s | {seconds - keywords - lists:.1f} s | {lists:.1f} s"
            f" | {seconds - keywords:.1f} s | {peak_mb:.0f} MB | {workers_mb:.0f} MB |"
        )
    first, last = rows[0], rows[-1]
    lines += [
        "",
        f"growth {first[0]:,} -> {last[0]:,} speeches (x{last[0] / first[0]:.1f}): full rebuild x{last[1] / first[1]:.2f},"
        f" without keywords x{(last[1] - last[2]) / (first[1] - first[2]):.2f}",
        f"per-speech update (refresh_speech) on {last[0]:,}, {args.samples} random speeches: "
        f"median {median:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms (CPU time of the Python process: median {cpu_median:.1f} ms)",
        f"load average at the end (other jobs share the 2 cores): {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}",
        "targets: 100k rebuild < 600 s, peak < 1536 MB, update p95 < 200 ms",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
