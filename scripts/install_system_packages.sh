#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the browser tests (never a browser
# downloaded by Playwright), a CJK font so that screenshots show Chinese text,
# redis-server, which the fault tests start and stop (tests/servers.py), npm, which
# installs axe-core for the accessibility tests (package.json), wrk, the HTTP load
# generator of bench/api.py and bench/edge.py, nginx, the edge cache in front of gunicorn
# that tests/test_edge_cache.py and bench/edge.py start (deploy/nginx.conf), and
# PostgreSQL 15's server and pg_basebackup, which the replica tests run as a second,
# streaming server (tests/postgres_replica.py).
set -euo pipefail
needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || needed+=(fonts-noto-cjk)
command -v redis-server >/dev/null 2>&1 || needed+=(redis-server)
command -v npm >/dev/null 2>&1 || needed+=(npm)
command -v wrk >/dev/null 2>&1 || needed+=(wrk)
[ -x /usr/lib/postgresql/15/bin/postgres ] || needed+=(postgresql-15)
[ -x /usr/lib/postgresql/15/bin/pg_basebackup ] || needed+=(postgresql-client-15)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || needed+=(nginx-light)
[ ${#needed[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${needed[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
