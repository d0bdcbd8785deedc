"""Benchmark: what a tracked background job costs, on a fresh PostgreSQL database.

In one process: 500 no-op jobs run inline (ImmediateBackend) against calling the body
directly; 500 no-op jobs enqueued with the database backend, then drained by django-tasks-db's
worker loop (`db_worker --batch`, in-process); and a job reporting 100,000 progress steps
throttled (JOB_PROGRESS_SECONDS=1) against one reporting 2,000 steps unthrottled (0).
Usage: .venv/bin/python bench/jobs.py [--database-url URL]
Writes bench/results/jobs.txt.
"""

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "jobs.txt"
JOBS = 500
STEPS = 100_000
UNTHROTTLED_STEPS = 2_000  # one write per step: enough to measure its cost

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/jianggao_bench_jobs")
arguments = parser.parse_args()

from bench.common import manage, recreate_database  # noqa: E402

recreate_database(arguments.database_url)
manage(arguments.database_url, "migrate", "--noinput", "-v0")
# Production settings: DEBUG off (no query log), as a worker runs.
os.environ.update(DATABASE_URL=arguments.database_url, DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django_tasks_db.management.commands.db_worker import Worker  # noqa: E402

from speeches.jobs.models import Job  # noqa: E402
from speeches.jobs.runner import enqueue, tracked_task  # noqa: E402


def noop_body(progress):
    return "完成"


@tracked_task
def noop(progress):
    return noop_body(progress)


@tracked_task
def steps(progress, count):
    progress.start("计数", count)
    for _ in range(count):
        progress.update(1)
    return "完成"


def timed(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def inline():
    started = time.perf_counter()
    for _ in range(JOBS):
        noop_body(None)
    direct = time.perf_counter() - started
    with CaptureQueriesContext(connection) as queries:
        tracked = timed(lambda: [enqueue(noop) for _ in range(JOBS)])
    assert Job.objects.filter(state=Job.State.DONE).count() == JOBS
    return direct, tracked, len(queries) / JOBS


def queued():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        enqueued = timed(lambda: [enqueue(noop) for _ in range(JOBS)])
        worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="bench",
            excluded_queue_names=[],
        )
        drained = timed(worker.run)
    assert Job.objects.filter(state=Job.State.DONE).count() == 2 * JOBS
    return enqueued, drained


def progress(interval, count):
    with override_settings(JOB_PROGRESS_SECONDS=interval), CaptureQueriesContext(connection) as queries:
        seconds = timed(lambda: enqueue(steps, count))
    writes = sum(1 for q in queries if q["sql"].startswith("UPDATE") and '"speeches_job"' in q["sql"])
    return seconds, writes


direct, tracked, queries_per_job = inline()
enqueued, drained = queued()
throttled, throttled_writes = progress(1.0, STEPS)
every, every_writes = progress(0, UNTHROTTLED_STEPS)
load = os.getloadavg()

lines = [
    f"Background jobs (django-tasks 0.12 + django-tasks-db 0.13) on PostgreSQL — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
    f"load average at the end (1/5/15 min): {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on {os.cpu_count()} cores",
    "",
    f"inline (ImmediateBackend), {JOBS} no-op jobs:",
    f"  body called directly      {direct / JOBS * 1000:8.3f} ms per call",
    f"  tracked job, inline       {tracked / JOBS * 1000:8.3f} ms per job, {queries_per_job:.1f} queries per job",
    f"database backend, {JOBS} no-op jobs:",
    f"  enqueue (Job + queue row) {enqueued / JOBS * 1000:8.3f} ms per job",
    f"  worker loop drains them   {drained / JOBS * 1000:8.3f} ms per job ({JOBS / drained:.0f} jobs/s, one worker)",
    "progress reporting:",
    f"  {STEPS:,} steps, throttled (1 s)   {throttled:8.3f} s, {throttled_writes} job-row writes, "
    f"{throttled / STEPS * 1e6:.2f} µs per step",
    f"  {UNTHROTTLED_STEPS:,} steps, every step (0 s) {every:8.3f} s, {every_writes} job-row writes, "
    f"{every / UNTHROTTLED_STEPS * 1e6:.0f} µs per step",
    "",
    f"A tracked job costs {tracked / JOBS * 1000:.1f} ms inline and {(enqueued + drained) / JOBS * 1000:.1f} ms queued "
    "(enqueue + worker); the jobs it wraps",
    "take seconds to minutes. Throttled progress costs "
    f"{(every / UNTHROTTLED_STEPS) / (throttled / STEPS):.0f}x less per step than a write per step.",
]
RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
print("\n".join(lines))
