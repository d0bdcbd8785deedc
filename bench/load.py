"""Benchmark: the public site under load beside its two ceilings, in one run (issue 17's table).

Usage:
    .venv/bin/python bench/load.py [--reuse] [--speeches 100000] [--rounds 3] [--duration 10]
        [--connections 32] [--threads 2] [--workers 2]
        [--database-url postgres://postgres@127.0.0.1:5432/jianggao_bench100k]

Without --reuse the database is created afresh (generate_speeches --seed 1,
rebuild_search_index, rebuild_recommendations); with --reuse an existing one is used.
Either way it is vacuumed and analyzed first.

Servers, all on this machine and all started by the run (stopped at its end):
- the site: gunicorn (--workers, --preload), production settings (DEBUG=0), twice: with the
  local-memory cache and with a redis-server of its own (REDIS_URL);
- bare Django: bench/bare_django.py under the same gunicorn, returning the bytes of one
  speech page from memory (the Django ceiling);
- nginx serving the same bytes as a static file (temporary prefix, `daemon off`).
The load is wrk (-t threads, -c connections); every target runs once per round and the
rounds are interleaved, so the ratios compare figures measured minutes apart at most.

"Cached" is one speech page requested again and again (the 60 s whole-page cache serves
it). "Uncached" means the whole-page cache is bypassed: every request carries a query
string never used before (`?r=<run>-<thread>-<n>`; cache_page keys on the full URL, the
views ignore the parameter), so the view runs every time while the shared fragment
caches (栏目 tree, side columns), warm as in production, still serve. Speech pages rotate
over 5,000 different visible speeches. App CPU per request is the gunicorn workers' CPU
time (/proc) over the requests served; database CPU that of the site's PostgreSQL
backends (pg_stat_activity pids).

Sequential server time: one keep-alive connection, one request after another (uncached as
above), p50 of the time to the whole response. Search: the 10 queries of SEARCH_QUERIES,
`--search-repeats` times each, sequentially. Memory: RSS and PSS (/proc/<pid>/smaps_rollup)
of each worker, after start-up and after the load.

Writes bench/results/load.txt.
"""

import argparse
import http.client
import os
import platform
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import psycopg  # noqa: E402
from common import RESULTS, ROOT, manage, recreate_database, site_environment  # noqa: E402

SEARCH_QUERIES = ["发展", "经济", "乡村振兴", "安全生产", "教育", "党建", "改革", "生态环境", "创新", "人民"]
SAMPLE_SPEECHES = 5000
SEQUENTIAL_REQUESTS = 200
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_url(url):
    return url.replace("postgres://", "postgresql://")


def build_database(url, speeches):
    recreate_database(url)
    manage(url, "migrate", "--noinput", "-v0")
    seconds = manage(url, "generate_speeches", str(speeches), "--seed", "1")
    seconds += manage(url, "rebuild_search_index")
    seconds += manage(url, "rebuild_recommendations")
    return seconds


def analyze(url):
    """What autovacuum does in production: without statistics the planner sorts the whole
    table for the home page's lists (1.2 s instead of 10 ms)."""
    with psycopg.connect(pg_url(url), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def targets_from(url):
    """Visible speech ids (a sample), 栏目 slugs, tag slugs and meeting ids with speeches."""
    visible = "s.status = 'published' AND s.published_at <= now()"
    with psycopg.connect(pg_url(url)) as conn:
        ids = [row[0] for row in conn.execute(f"SELECT id FROM speeches_speech s WHERE {visible}")]
        slugs = [
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT c.slug FROM speeches_category c JOIN speeches_speech s ON s.category_id = c.id "
                f"WHERE {visible}"
            )
        ]
        tags = [
            row[0]
            for row in conn.execute(
                "SELECT t.slug FROM taggit_tag t JOIN speeches_taggedspeech ts ON ts.tag_id = t.id "
                f"JOIN speeches_speech s ON s.id = ts.content_object_id WHERE {visible} "
                "GROUP BY t.slug ORDER BY count(*) DESC LIMIT 200"
            )
        ]
        meetings = [
            row[0]
            for row in conn.execute(
                f"SELECT DISTINCT s.meeting_id FROM speeches_speech s WHERE s.meeting_id IS NOT NULL AND {visible} "
                "LIMIT 500"
            )
        ]
    rng = random.Random(1)
    return len(ids), rng.sample(ids, min(len(ids), SAMPLE_SPEECHES)), slugs, tags, meetings


# --- servers -----------------------------------------------------------------------------


def wait_for(port, process, path="/", timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on {port} exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"nothing answers on {port}")


@contextmanager
def process(args, port, log, probe="/", **kwargs):
    server = subprocess.Popen(args, stdout=log, stderr=log, **kwargs)
    try:
        wait_for(port, server, probe)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def gunicorn(app, port, workers, env, log, extra=()):
    args = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    # Each instance its own control socket (gunicorn 27 shares one per user by default).
    args += ["--no-control-socket", "--log-level", "warning", *extra]
    return process(args, port, log, probe="/robots.txt", cwd=ROOT, env=env)


@contextmanager
def redis(log):
    port = free_port()
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen(args, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 30
        while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=30)


def nginx(directory, page, port, log):
    """nginx serving `page` as a static file for every path (temporary prefix, no daemon)."""
    prefix = directory / "nginx"
    (prefix / "www").mkdir(parents=True)
    (prefix / "www" / "page.html").write_bytes(page)
    for path in (directory, prefix, prefix / "www"):
        path.chmod(0o755)  # nginx's workers run as nobody
    (prefix / "www" / "page.html").chmod(0o644)
    config = prefix / "nginx.conf"
    config.write_text(
        f"""worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {prefix}/client_body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  server {{
    listen 127.0.0.1:{port};
    root {prefix}/www;
    default_type "text/html; charset=utf-8";
    location / {{ try_files /page.html =404; }}
  }}
}}
""",
        encoding="utf-8",
    )
    return process(["nginx", "-p", str(prefix), "-c", str(config), "-g", "daemon off;"], port, log)


def workers_of(master):
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def memory(pids):
    """(RSS, PSS) in MiB of each process."""
    figures = []
    for pid in pids:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        kib = {name: int(re.search(rf"^{name}:\s+(\d+)", rollup, re.M).group(1)) for name in ("Rss", "Pss")}
        figures.append((kib["Rss"] / 1024, kib["Pss"] / 1024))
    return figures


def cpu_seconds(pids):
    """{pid: CPU seconds (user + system)} of the processes still running."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    return seconds


def cpu_used(before, after):
    """CPU seconds used between two snapshots; a process gone since `before` is left out
    (connections are recycled after CONN_MAX_AGE), one started since counts whole."""
    return sum(value - before.get(pid, 0) for pid, value in after.items())


def database_backends(url):
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(pg_url(url)) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
        ).fetchall()
    return [row[0] for row in rows]


# --- load --------------------------------------------------------------------------------


def lua_script(paths, directory, fresh):
    """A wrk script requesting `paths` in a random order; `fresh` appends a query string
    never used before to every request (the whole-page cache then always misses)."""
    script = directory / f"wrk-{secrets.token_hex(4)}.lua"
    listed = ",\n".join(f'"{path}"' for path in paths)
    run = secrets.token_hex(3)
    suffix = (
        f"local sep = string.find(path, '?', 1, true) and '&' or '?'\n"
        f"  counter = counter + 1\n  path = path .. sep .. 'r={run}-' .. tid .. '-' .. counter\n"
        if fresh
        else ""
    )
    script.write_text(
        "local threads = 0\n"
        "function setup(thread)\n  threads = threads + 1\n  thread:set('tid', threads)\nend\n"
        "function init(args)\n  math.randomseed(tid)\n  counter = 0\nend\n"
        f"local paths = {{\n{listed}\n}}\n"
        "request = function()\n  local path = paths[math.random(#paths)]\n"
        f"  {suffix}"
        "  return wrk.format('GET', path)\nend\n",
        encoding="utf-8",
    )
    return script


def wrk(port, paths, args, directory, fresh=False):
    script = lua_script(paths, directory, fresh)
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    result = subprocess.run([*command, "-s", str(script), f"http://127.0.0.1:{port}"], capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"wrk failed on {paths[0]}:\n{result.stdout}{result.stderr}")
    output = result.stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors or not requests:
        raise RuntimeError(f"{errors.group(1) if errors else 'no'} error responses on {paths[0]}:\n{output}")
    return requests, rate


def sequential(port, paths):
    """Time to the whole response of each request, one after another on one connection (ms)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for path in paths:
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status}")
    conn.close()
    return times


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def fresh(paths, count, tag):
    rng = random.Random(tag)
    token = secrets.token_hex(3)
    return [(lambda path: f"{path}{'&' if '?' in path else '?'}r={token}-{n}")(rng.choice(paths)) for n in range(count)]


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status}")
    return body


# --- report ------------------------------------------------------------------------------


def spread(values, unit=""):
    low, high = min(values), max(values)
    return f"{low:,.0f}{unit}" if round(low) == round(high) else f"{low:,.0f}–{high:,.0f}{unit}"


def main():  # noqa: C901 (one run: start everything, measure, report, in order)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/jianggao_bench100k")
    parser.add_argument("--reuse", action="store_true", help="use the database as it is (no rebuild)")
    parser.add_argument("--speeches", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--search-repeats", type=int, default=10)
    parser.add_argument("--output", default=str(RESULTS / "load.txt"))
    args = parser.parse_args()
    url = args.database_url
    load_before = os.getloadavg()
    built = None if args.reuse else build_database(url, args.speeches)
    analyze(url)
    visible, speeches, slugs, tags, meetings = targets_from(url)
    directory = Path(tempfile.mkdtemp(prefix="bench-load-"))
    log = (directory / "servers.log").open("ab")
    static_root = directory / "static"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=site_environment(url, static_root),
        check=True,
    )
    speech_paths = [f"/speech/{pk}/" for pk in speeches]
    hot = speech_paths[0]
    ports = {name: free_port() for name in ("locmem", "redis", "bare", "nginx")}
    app_args = ("--preload",)
    memory_rows, cpu_rows = {}, {}
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, directory, ignore_errors=True)
        stack.callback(log.close)
        redis_url = stack.enter_context(redis(log))
        site = stack.enter_context(
            gunicorn("config.wsgi", ports["locmem"], args.workers, site_environment(url, static_root), log, app_args)
        )
        site_redis = stack.enter_context(
            gunicorn(
                "config.wsgi",
                ports["redis"],
                args.workers,
                site_environment(url, static_root, REDIS_URL=redis_url),
                log,
                app_args,
            )
        )
        # robots.txt answered the probe; no page has been drawn yet.
        memory_rows["site, after start-up"] = memory(workers_of(site))
        page = fetch(ports["locmem"], hot)
        (directory / "page.html").write_bytes(page)
        bare_env = {**site_environment(url, static_root), "BARE_PAGE_FILE": str(directory / "page.html")}
        bare = stack.enter_context(
            gunicorn("bare_django:application", ports["bare"], args.workers, bare_env, log, ("--pythonpath", "bench"))
        )
        web = stack.enter_context(nginx(directory, page, ports["nginx"], log))
        assert fetch(ports["bare"], hot) == page and fetch(ports["nginx"], hot) == page

        targets = [
            ("nginx static", "nginx", [hot], False),
            ("bare Django", "bare", [hot], False),
            ("speech page, cached (locmem)", "locmem", [hot], False),
            ("speech page, cached (Redis)", "redis", [hot], False),
            (f"speech page, not cached ({len(speech_paths):,} speeches)", "locmem", speech_paths, True),
            ("home, not cached", "locmem", ["/"], True),
            ("栏目 list, not cached", "locmem", [quote(f"/category/{slug}/") for slug in slugs], True),
            ("tag list, not cached", "locmem", [quote(f"/tag/{slug}/") for slug in tags], True),
            ("meeting list, not cached", "locmem", [f"/meeting/{pk}/" for pk in meetings], True),
        ]
        fetch(ports["redis"], hot)
        for _, server, paths, uncached in targets:  # warm every worker's imports and connections
            wrk_args = argparse.Namespace(**{**vars(args), "duration": 2})
            wrk(ports[server], paths[:50], wrk_args, directory, fresh=uncached)
        site_pids = workers_of(site)
        rates = {name: [] for name, *_ in targets}
        for round_number in range(args.rounds):
            for name, server, paths, uncached in targets:
                before = cpu_seconds(site_pids), cpu_seconds(database_backends(url))
                requests, rate = wrk(ports[server], paths, args, directory, fresh=uncached)
                if server == "locmem":
                    after = cpu_seconds(site_pids), cpu_seconds(database_backends(url))
                    cpu_rows.setdefault(name, []).append(
                        tuple(cpu_used(b, a) * 1000 / requests for a, b in zip(after, before, strict=True))
                    )
                rates[name].append(rate)
                print(f"round {round_number + 1}: {name}: {rate:,.0f} req/s", flush=True)

        times = {
            "speech": sequential(ports["locmem"], fresh(speech_paths, SEQUENTIAL_REQUESTS, 1)),
            "栏目 page 1": sequential(
                ports["locmem"], fresh([quote(f"/category/{slug}/") for slug in slugs], SEQUENTIAL_REQUESTS, 2)
            ),
            "bare Django": sequential(ports["bare"], [hot] * SEQUENTIAL_REQUESTS),
        }
        searches = [f"/search/?q={quote(query)}" for query in SEARCH_QUERIES for _ in range(args.search_repeats)]
        random.Random(3).shuffle(searches)
        search_times = sequential(ports["locmem"], searches)
        memory_rows["site, after the load"] = memory(site_pids)
        memory_rows["site with Redis, after the load"] = memory(workers_of(site_redis))
        memory_rows["bare Django, after the load"] = memory(workers_of(bare))
        memory_rows["nginx, after the load"] = memory(workers_of(web))

    bare_rates, nginx_rates = rates["bare Django"], rates["nginx static"]

    def ratios(name, reference):
        return [rate / ref for rate, ref in zip(rates[name], reference, strict=True)]

    lines = [
        f"# load benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores, shared; load average {load_before[0]:.2f} before the run, "
        f"{os.getloadavg()[0]:.2f} at its end (its own load included); Python {platform.python_version()}, PostgreSQL",
        f"database: {url.rsplit('/', 1)[1]}, "
        + (f"built in {built:.0f} s" if built else "reused")
        + f"; {visible:,} visible speeches, {len(slugs)} 栏目 with speeches",
        f"servers: gunicorn --workers {args.workers} --preload, production settings (DEBUG=0); "
        "bare Django (bench/bare_django.py) and nginx static serve the bytes of the cached speech page",
        f"load: wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {args.rounds} interleaved rounds; "
        "figures are the range over the rounds, ratios per round (min–max)",
        "not cached: a query string never used before on every request (cache_page misses, fragment caches warm)",
        "",
        f"{'page':44} {'req/s':>16} {'× bare Django':>14} {'× nginx':>9} {'app CPU/req':>12} {'db CPU/req':>11}",
    ]
    for name, *_ in targets:
        to_bare = ratios(name, bare_rates)
        to_nginx = ratios(name, nginx_rates)
        cpu = cpu_rows.get(name)
        cpu_text = (
            f"{statistics.median(c[0] for c in cpu):9.2f} ms {statistics.median(c[1] for c in cpu):8.2f} ms"
            if cpu
            else ""
        )
        lines.append(
            f"{name:44} {spread(rates[name]):>16} {min(to_bare):6.2f}–{max(to_bare):5.2f} "
            f"{min(to_nginx):9.3f} {cpu_text}"
        )
    lines += ["", "sequential server time (one connection, ms):"]
    for name, values in times.items():
        lines.append(f"  {name:14} p50 {percentile(values, 0.5):6.2f}  p95 {percentile(values, 0.95):6.2f}")
    lines.append(
        f"search, {len(SEARCH_QUERIES)} queries × {args.search_repeats}: p50 {percentile(search_times, 0.5):.1f} ms, "
        f"p95 {percentile(search_times, 0.95):.1f} ms"
    )
    lines += ["", "memory per worker process (MiB, /proc/<pid>/smaps_rollup):"]
    for name, figures in memory_rows.items():
        shown = ", ".join(f"RSS {rss:.0f} / PSS {pss:.0f}" for rss, pss in figures)
        lines.append(f"  {name:34} {shown}")
    text = "\n".join(lines) + "\n"
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
