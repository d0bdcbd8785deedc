# Two commands matter: `make run` (set up and serve on http://127.0.0.1:8000, SQLite)
# and `make test` (set up and run the whole test suite). Everything else supports them;
# `make serve` runs the same site in production mode on one machine.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1:8000

.PHONY: run serve test lint setup browser migrate demo clean worker

run: setup migrate demo
	$(PY) manage.py ensure_editor --url http://$(HOST)/admin/
	$(PY) manage.py runserver $(HOST)

# Production mode on one machine: DEBUG off, collected static files (served by WhiteNoise),
# migrations, gunicorn (deploy/gunicorn.conf.py: 2 x cores + 1 workers, at most 8, or
# WEB_CONCURRENCY) on http://$(HOST), SQLite unless DATABASE_URL says otherwise. Plain HTTP
# on purpose, as nothing terminates TLS in front: no HTTPS redirect, cookies without the
# Secure flag. Behind a proxy that does, see deploy/README.md.
SERVE_ENV := DEBUG=0 SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}"

serve: setup
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput -v0
	$(SERVE_ENV) GUNICORN_BIND=$(HOST) exec $(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi

test: setup browser node_modules/.installed
	$(PY) -m pytest

# The background-job worker (docs/jobs.md): runs the jobs queued when TASKS_BACKEND=database.
# Without it (the default, TASKS_BACKEND=immediate) jobs run inline and nothing else is needed.
worker: setup migrate
	TASKS_BACKEND=database $(PY) manage.py db_worker --queue-name '*' --no-reload

# ruff: the lint rules and the formatting, both configured in pyproject.toml.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

setup: $(VENV)/.installed .env

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

# Debian's Chromium and a CJK font for the browser tests (installed once).
browser:
	bash scripts/install_system_packages.sh

# axe-core for the accessibility tests, pinned in package-lock.json (npm from Debian).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Local settings: DEBUG on and a generated SECRET_KEY. Never committed.
.env: | $(PY)
	$(PY) scripts/write_dotenv.py $@

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

clean:
	rm -rf $(VENV) .env db.sqlite3 staticfiles .pytest_cache test-artifacts node_modules
