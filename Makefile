# Two commands matter: `make run` (set up and serve on http://127.0.0.1:8000, SQLite)
# and `make test` (set up and run the whole test suite). Everything else supports them.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1:8000

.PHONY: run test lint setup browser migrate demo clean worker

run: setup migrate demo
	$(PY) manage.py ensure_editor --url http://$(HOST)/admin/
	$(PY) manage.py runserver $(HOST)

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
