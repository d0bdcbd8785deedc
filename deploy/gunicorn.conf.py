"""gunicorn settings for the site in production mode (`make serve`, deploy/README.md).

`gunicorn -c deploy/gunicorn.conf.py config.wsgi`; the environment may override:
GUNICORN_BIND (127.0.0.1:8000), WEB_CONCURRENCY (workers), GUNICORN_CONTROL_SOCKET,
GUNICORN_ACCESS_LOG (a file, or - for stdout; off by default).
"""

import os
import tempfile

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

# Sync workers: the views are short and CPU-bound (templates, rich text), so more workers
# than 2 x cores + 1 only add memory (~190 MiB each before the first request). Capped at
# 8 for a shared machine; WEB_CONCURRENCY (the usual name, as on Heroku) overrides it.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8)))
# Import the app before forking: workers share its memory pages copy-on-write.
preload_app = True
# A worker stuck longer than this (a runaway request) is replaced.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that a slow leak never takes the machine.
max_requests = 5000
max_requests_jitter = 500
# nginx (or the load balancer) logs every request; gunicorn logs errors. `-` for stdout.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"

# gunicorn 27 opens a control socket for `gunicornc`, by default the same path
# ($XDG_RUNTIME_DIR or ~/.gunicorn/gunicorn.ctl) for every instance of one user: a second
# instance takes over the first one's, and the first to stop deletes it. One per address.
control_socket = os.environ.get(
    "GUNICORN_CONTROL_SOCKET",
    os.path.join(
        os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir(),
        f"jianggao-gunicorn-{bind[0].replace(':', '-').replace('/', '_')}.ctl",
    ),
)
