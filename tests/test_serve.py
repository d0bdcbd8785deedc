"""`make serve`: the site in production mode on one machine, over plain HTTP."""

import os
import signal
import subprocess
import tempfile
import urllib.request

from .servers import ROOT, free_port, wait_for_port


def test_make_serve_collects_migrates_and_serves_the_home_page_over_plain_http(tmp_path):
    port = free_port()
    environment = {
        **{name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_CONTROL_SOCKET": str(tmp_path / "gunicorn.ctl"),
    }
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below)
    # -o: the shared virtualenv and .env are there already; never reinstall from a test.
    process = subprocess.Popen(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "-o", ".env", "serve", f"HOST=127.0.0.1:{port}"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=log,
        start_new_session=True,  # make does not pass signals on: stop the whole group
    )
    try:
        wait_for_port(port, process, timeout=240)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            home = response.read().decode()
            assert response.status == 200  # no redirect to HTTPS
            assert "public" in response.headers["Cache-Control"]
        assert "<html" in home and "讲稿库" in home
        # collectstatic ran, writing the manifest that WhiteNoise serves by
        assert (tmp_path / "static" / "staticfiles.json").exists()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/login/", timeout=30) as response:
            cookie = response.headers["Set-Cookie"]
        assert "csrftoken=" in cookie and "Secure" not in cookie  # usable over plain HTTP
        assert (tmp_path / "gunicorn.ctl").exists()  # its own control socket
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.seek(0)
        output = log.read().decode(errors="replace")
        log.close()
    assert "Traceback" not in output, output[-3000:]
