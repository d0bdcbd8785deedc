"""Benchmark: the API's list and detail endpoints against the speech page, uncached, under
gunicorn with the production settings, in one run.

Usage:
    .venv/bin/python bench/api.py [--speeches 100000] [--duration 10] [--connections 8]
        [--database-url postgres://postgres@127.0.0.1:5432/jianggao_bench_api]

Creates the database afresh, generates the speeches (manage.py generate_speeches, seed 1),
collects static files, then serves the site with gunicorn (2 workers, the machine's cores)
and drives it with wrk (Debian package; a Python client if it is missing). "Uncached":
each detail or page request names a random visible speech, so the whole-page cache of the
speech page (60 s) almost never hits; the API has no server-side cache. The list endpoint
rotates over the 栏目 filters and the unfiltered list (the category page, with only ~20
slugs, mostly comes from its page cache: shown for reference). Rate limits are raised for
the run.
Writes bench/results/api.txt.
"""

import argparse
import os
import platform
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg  # noqa: E402
from common import RESULTS, ROOT, manage, recreate_database, site_environment  # noqa: E402

PORT = 8765
WORKERS = 2


def vacuum(database_url):
    """What autovacuum does in production: statistics and the visibility map."""
    with psycopg.connect(database_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def visible_ids_and_slugs(database_url):
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        ids = [
            row[0]
            for row in conn.execute(
                "SELECT id FROM speeches_speech WHERE status = 'published' AND published_at <= now()"
            )
        ]
        slugs = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT c.slug FROM speeches_category c JOIN speeches_speech s ON s.category_id = c.id "
                "WHERE s.status = 'published'"
            )
        ]
    return ids, slugs


def lua_script(paths, directory):
    """A wrk script that requests the paths in a random order (seeded)."""
    script = directory / f"paths-{len(paths)}-{secrets.token_hex(3)}.lua"
    listed = ",\n".join(f'"{path}"' for path in paths)
    script.write_text(
        f"math.randomseed(1)\nlocal paths = {{\n{listed}\n}}\n"
        "request = function()\n  return wrk.format('GET', paths[math.random(#paths)])\nend\n",
        encoding="utf-8",
    )
    return script


def run_wrk(base, paths, duration, connections, directory):
    script = lua_script(paths, directory)
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", output).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", output).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, p50, p99, int(errors.group(1)) if errors else 0


def run_python(base, paths, duration, connections, directory):
    """The fallback client: `connections` threads, each with its own keep-alive connection."""
    import http.client

    deadline = time.monotonic() + duration
    latencies, errors, lock = [], [0], threading.Lock()

    def worker(seed):
        generator = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", PORT)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            conn.request("GET", generator.choice(paths))
            response = conn.getresponse()
            response.read()
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += response.status >= 400

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    ms = lambda q: f"{latencies[int(q * (len(latencies) - 1))] * 1000:.2f}ms"  # noqa: E731
    return len(latencies) / duration, ms(0.5), ms(0.99), errors[0]


def wait_until_up(base, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            urllib.request.urlopen(base + "/api/v1/categories/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--speeches", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/jianggao_bench_api")
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    args = parser.parse_args()
    url = args.database_url
    directory = Path(tempfile.mkdtemp(prefix="bench-api-"))
    env = site_environment(url, directory / "static")
    generated = None
    if not args.reuse:
        recreate_database(url)
        manage(url, "migrate", "--noinput", "-v0")
        generated = manage(url, "generate_speeches", str(args.speeches), "--seed", "1")
        vacuum(url)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    ids, slugs = visible_ids_and_slugs(url)
    sample = random.Random(1).sample(ids, min(len(ids), 5000))
    targets = {
        "API detail /api/v1/speeches/<id>/": [f"/api/v1/speeches/{pk}/" for pk in sample],
        "speech page /speech/<id>/": [f"/speech/{pk}/" for pk in sample],
        "API list /api/v1/speeches/[?category=]": ["/api/v1/speeches/"]
        + [f"/api/v1/speeches/?category={slug}" for slug in slugs],
        "category page /category/<slug>/": [f"/category/{slug}/" for slug in slugs],
    }
    client = run_wrk if shutil.which("wrk") else run_python
    base = f"http://127.0.0.1:{PORT}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    rows = []
    try:
        wait_until_up(base, server)
        for name, paths in targets.items():
            client(base, paths[:50], 2, args.connections, directory)  # warm the workers' connections and imports
            rows.append((name, *client(base, paths, args.duration, args.connections, directory)))
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(directory, ignore_errors=True)
    lines = [
        f"# api benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end of the run (its own load included), Python {platform.python_version()}, PostgreSQL",
        f"speeches: {args.speeches} generated"
        + (f" in {generated:.0f} s" if generated else " (reused database)")
        + f"; {len(ids)} visible; {len(slugs)} 栏目 with speeches",
        f"server: gunicorn, {WORKERS} sync workers, production settings (DEBUG=0), local-memory cache",
        f"client: {client.__name__.removeprefix('run_')}, {args.connections} connections, {args.duration} s per target, on the same machine",
        "uncached: a random visible speech (of 5,000) per detail/page request; the list rotates over its 栏目 filters",
        "the category page (23 slugs) is served from its 60 s whole-page cache after the first hits: for reference only",
        "",
        f"{'target':45} {'req/s':>8} {'p50':>10} {'p99':>10} {'errors':>7}",
    ]
    lines += [f"{name:45} {rate:8.1f} {p50:>10} {p99:>10} {errors:>7}" for name, rate, p50, p99, errors in rows]
    detail, page = rows[0][1], rows[1][1]
    lines += ["", f"API detail / speech page: {detail / page:.2f}x"]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
