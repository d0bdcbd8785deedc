"""Real servers for tests: redis-server and the site under gunicorn in production mode.

`production_build` prepares once per session what a deployment has: collected static files
and a migrated SQLite database with the demo content. `site_server(env)` runs gunicorn on a
free port with the production settings plus `env`; requests go through `fetch()`, which
sends what the TLS-terminating proxy would (X-Forwarded-Proto) and one Host for every
server, so servers sharing a Redis share their page cache as a real cluster does.
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "jianggao.test"
SECRET_KEY = secrets.token_urlsafe(50)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def redis_server(port=None):
    """A redis-server of our own on a free port (or `port`, to restart one), without
    persistence; yields its URL and process."""
    port = port or free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process)
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        stop(process)


def documented_production_settings():
    """The README's production block as an environment, with a generated SECRET_KEY."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- production-settings -->\s*```\n(.*?)```", readme, re.S).group(1)
    settings = dict(line.split("=", 1) for line in block.splitlines() if line.strip())
    assert settings["SECRET_KEY"].startswith("<")  # a placeholder, never a real key
    settings["SECRET_KEY"] = secrets.token_urlsafe(50)
    return settings


def production_environment(**overrides):
    base = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    return {
        **base,
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1,localhost",
        **overrides,
    }


def manage(environment, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def build(directory):
    """Collected static files and a migrated SQLite database with the demo content."""
    static_root, database = directory / "static", directory / "site.sqlite3"
    environment = production_environment(STATIC_ROOT=str(static_root), DATABASE_URL=f"sqlite:///{database}")
    manage(environment, "collectstatic", "--noinput", "-v0")
    manage(environment, "migrate", "--noinput", "-v0")
    manage(environment, "load_demo")
    return {"STATIC_ROOT": str(static_root), "DATABASE_URL": f"sqlite:///{database}"}


def copy_database(build_env, directory):
    """A private copy of the built database (a server may write to it)."""
    source = Path(build_env["DATABASE_URL"].removeprefix("sqlite:///"))
    target = directory / f"site-{secrets.token_hex(4)}.sqlite3"
    shutil.copy(source, target)
    return f"sqlite:///{target}"


@contextmanager
def site_servers(*environments, ports=None):
    """gunicorn serving the site with the production settings plus each environment, all
    started at once; yields their base URLs."""
    ports = ports or [free_port() for _ in environments]
    # Each server's log goes to a file: a pipe nobody reads would block it once full.
    logs = [tempfile.TemporaryFile() for _ in environments]  # noqa: SIM115 (closed in the finally below)
    # gunicorn 27 opens a control socket, by default ~/.gunicorn/gunicorn.ctl for every
    # instance of one user: a second server would take over the first one's, and the first
    # to stop would delete it. One each, in a directory of our own.
    sockets = tempfile.TemporaryDirectory(prefix="gunicorn-ctl-")  # noqa: SIM115 (cleaned up below)
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
                "--control-socket",
                f"{sockets.name}/{port}.ctl",
            ],
            cwd=ROOT,
            env=production_environment(**environment),
            stdout=log,
            stderr=log,
        )
        for port, environment, log in zip(ports, environments, logs, strict=True)
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_for_port(port, process)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process, log in zip(processes, logs, strict=True):
            stop(process)
            log.close()
        sockets.cleanup()


@contextmanager
def site_server(**environment):
    with site_servers(environment) as (url,):
        yield url


class Fetched:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


def fetch(base_url, path, data=None, headers=None):
    """One request as the proxy in front would pass it on; errors are answers too."""
    request = urllib.request.Request(
        base_url + urllib.parse.quote(path, safe="/?=&%:"),
        data=data,
        headers={"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})},
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return Fetched(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Fetched(error.code, error.headers, error.read())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@contextmanager
def edge_server(upstream_urls, **environment):
    """nginx with deploy/nginx.conf (as `manage.py edge_config` renders it for the settings
    plus `environment`) in front of the given servers, everything it writes in a temporary
    prefix; yields its URL and the prefix."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="edge-") as prefix:
        upstreams = [
            argument for url in upstream_urls for argument in ("--upstream", urllib.parse.urlsplit(url).netloc)
        ]
        rendered = manage(
            production_environment(**environment),
            *("edge_config", "--listen", f"127.0.0.1:{port}", "--prefix", prefix, *upstreams),
        )
        conf = Path(prefix) / "nginx.conf"
        conf.write_text(rendered.stdout, encoding="utf-8")
        log = Path(prefix) / "error.log"
        process = subprocess.Popen(
            ["nginx", "-p", prefix, "-c", str(conf), "-e", str(log), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_port(port, process)
            yield f"http://127.0.0.1:{port}", Path(prefix)
        finally:
            stop(process)
