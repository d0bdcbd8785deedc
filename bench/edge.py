"""Benchmark: hot speech pages through the edge cache (deploy/nginx.conf) against the same
pages as static files served by the same nginx, in one run.

Usage:
    .venv/bin/python bench/edge.py [--duration 10] [--connections 32] [--rounds 3]

Builds a demo site on SQLite (collectstatic, migrate, load_demo: what tests/servers.py's
production build does), serves it with gunicorn (deploy/gunicorn.conf.py, 2 workers,
production settings) behind nginx as `manage.py edge_config` renders it, and saves each
demo speech page, as nginx returns it, into STATIC_ROOT: the reference is the very same
bytes as a static file from the same nginx. wrk (-t2) requests the speech pages in a random
order, then their static copies, interleaved `--rounds` times. Target: edge >= 0.5x static.
wrk and nginx come from Debian (scripts/install_system_packages.sh, run if either is missing).
Writes bench/results/edge.txt.
"""

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import RESULTS  # noqa: E402
from tests.servers import build, edge_server, fetch, free_port, production_environment, stop, wait_for_port  # noqa: E402

WORKERS = 2


def ensure_tools():
    if not (shutil.which("wrk") and (shutil.which("nginx") or Path("/usr/sbin/nginx").exists())):
        subprocess.run(["bash", str(ROOT / "scripts" / "install_system_packages.sh")], check=True)


@contextmanager
def gunicorn(environment, directory):
    port = free_port()
    env = production_environment(
        **environment,
        SECURE_SSL_REDIRECT="0",
        WEB_CONCURRENCY=str(WORKERS),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_CONTROL_SOCKET=str(directory / "gunicorn.ctl"),
    )
    log = open(directory / "gunicorn.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        wait_for_port(port, process, timeout=120)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)
        log.close()


def wrk(base, paths, duration, connections, directory):
    script = directory / "paths.lua"
    listed = ",\n".join(f'"{path}"' for path in paths)
    script.write_text(
        f"math.randomseed(1)\nlocal paths = {{\n{listed}\n}}\n"
        "request = function()\n  return wrk.format('GET', paths[math.random(#paths)])\nend\n",
        encoding="utf-8",
    )
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), base],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert not errors, output
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+\w+)", output).group(1)
    return rate, p99


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ensure_tools()
    directory = Path(tempfile.mkdtemp(prefix="bench-edge-"))
    print("building the demo site (collectstatic, migrate, load_demo)…", flush=True)
    environment = build(directory)
    load_before = os.getloadavg()
    with gunicorn(environment, directory) as app, edge_server([app], **environment) as (edge, prefix):
        # wrk sends Host 127.0.0.1:port, as these pages were fetched: one cache key each.
        ids = sorted(
            {
                int(pk)
                for pk in re.findall(r'href="/speech/(\d+)/"', fetch(edge, "/", headers={"Host": "127.0.0.1"}).text)
            }
        )
        pages = [f"/speech/{pk}/" for pk in ids]
        copies = Path(environment["STATIC_ROOT"]) / "bench"
        copies.mkdir()
        statics = []
        for path in pages:
            response = fetch(edge, path, headers={"Host": "127.0.0.1"})
            assert response.status == 200, path
            (copies / f"speech-{path.split('/')[2]}.html").write_bytes(response.body)
            statics.append(f"/static/bench/speech-{path.split('/')[2]}.html")
        print(f"{len(pages)} speech pages; warming…", flush=True)
        wrk(edge, pages, 2, args.connections, directory)
        wrk(edge, statics, 2, args.connections, directory)
        rows = []
        for number in range(1, args.rounds + 1):
            cached = wrk(edge, pages, args.duration, args.connections, directory)
            static = wrk(edge, statics, args.duration, args.connections, directory)
            rows.append((number, cached, static))
            print(f"round {number}: edge {cached[0]:,.0f} req/s, static {static[0]:,.0f} req/s", flush=True)
        # What the micro-cache did for wrk's requests (deploy/nginx.conf logs it).
        log = (prefix / "access.log").read_text(encoding="utf-8")
        statuses = Counter(re.findall(r'"GET /speech/\d+/ HTTP/1\.1" \d+ .* cache=(\w+)', log))
    load_after = os.getloadavg()
    shutil.rmtree(directory, ignore_errors=True)

    ratios = [cached[0] / static[0] for _, cached, static in rows]
    nginx_version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
    lines = [
        "# Edge cache (nginx micro-cache, deploy/nginx.conf) vs the same pages as static files",
        f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        f"# {nginx_version}; gunicorn {WORKERS} workers (deploy/gunicorn.conf.py), production settings, demo site on SQLite",
        f"# wrk -t2 -c{args.connections} -d{args.duration}s, {len(pages)} speech pages in random order, "
        f"{args.rounds} interleaved rounds; nginx, gunicorn and wrk share the machine",
        f"# load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
        f"after: {', '.join(f'{x:.2f}' for x in load_after)} (other engineers' jobs run on this machine)",
        "",
        f"{'round':<6} {'edge req/s':>12} {'p99':>9} {'static req/s':>13} {'p99':>9} {'ratio':>7}",
    ]
    for (number, cached, static), ratio in zip(rows, ratios, strict=True):
        lines.append(
            f"{number:<6} {cached[0]:>12,.0f} {cached[1]:>9} {static[0]:>13,.0f} {static[1]:>9} {ratio:>6.2f}x"
        )
    lines += [
        "",
        f"median ratio edge / static: {statistics.median(ratios):.2f}x (target >= 0.5x)",
        "micro-cache status of the speech page requests (nginx access log): "
        + ", ".join(f"{status} {count:,}" for status, count in statuses.most_common()),
    ]
    text = "\n".join(lines) + "\n"
    (RESULTS / "edge.txt").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
