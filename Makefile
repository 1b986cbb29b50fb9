# Spiral — the two commands: `make run` (set up and serve) and `make test` (every check and test).
# Both are idempotent: stamps under .make/ skip work whose inputs did not change.

# The distribution's CPython 3.11 where there is one: Debian builds it with profile-guided optimisation and LTO, and the
# suite takes about 14 % less CPU under it than under a default source build (pyenv's, first on this machine's PATH;
# README "Tests"). Any other Python 3.11: `make PYTHON=python3.11 …` (the venv is made once; `make clean` to switch).
PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11) python3.11)
VENV := .venv
# Python writes the bytecode of what it imports (__pycache__/), even where the environment asks it not to
# (PYTHONDONTWRITEBYTECODE=1 on this machine): without it every process of `make test` (the pytest workers, the
# Celery workers the integration tests start, each `manage.py` and settings subprocess) compiled its 2,500 modules
# from source again — `manage.py check` took 5.5 s instead of 2.6 s (issue #11).
unexport PYTHONDONTWRITEBYTECODE
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py
VENDOR := static/vendor

.PHONY: run test setup assets venv browser lint check pytest test-unit test-integration messages clean serve-production

# The e-mails' links (SITE_URL) point where this run serves, unless SITE_URL is set: `PORT=8123 make run` mailed
# links to port 8000.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: setup  ## Set up everything and serve the portal on http://127.0.0.1:$(PORT)
	$(MANAGE) setup_portal
	@echo "Spiral is starting at http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: setup  ## Lint, Django checks, migrations check, the whole suite (SQLite, then PostgreSQL + Redis + Celery)
	@# The lint and the checks are single-threaded: side by side on two cores (each one's output printed whole).
	@$(MAKE) --no-print-directory -j2 --output-sync=target lint check
	@$(MAKE) --no-print-directory pytest

setup: venv assets

venv: .make/venv
.make/venv: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || (echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@# --no-compile: the bytecode of the modules a run imports is written on first import (PYTHONDONTWRITEBYTECODE is
	@# unexported above, or nothing would ever be written); compiling all of them
	@# here took 13 s of the 23 s install (issue #11).
	$(PY) -m pip install --quiet --disable-pip-version-check --no-compile -r requirements-dev.txt
	@mkdir -p .make && touch $@

# Front-end libraries come from the npm registry (package-lock.json pins them) and
# are copied into static/vendor/, which is not in git. No CDN at run time.
assets: .make/assets
.make/assets: package.json package-lock.json scripts/vendor_assets.py
	npm ci --no-audit --no-fund --loglevel=error
	$(PYTHON) scripts/vendor_assets.py
	@mkdir -p .make && touch $@

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy

check: venv
	$(MANAGE) check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run
	$(PY) scripts/check_translations.py

pytest: test-unit test-integration

TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/spiral
# Worker N of pytest-xdist uses Redis database base + N (portal/settings/test.py), so base + workers - 1 <= 15.
TEST_REDIS_URL ?= redis://127.0.0.1:6379/10
# pytest-xdist: each worker has its own test database (pytest-django) and Redis database; the browser
# tests are two groups (``--dist loadgroup``: the page walks over one set-up, and the rest), handed out first, one
# to each worker (tests/conftest.py, tests/e2e/conftest.py).
TEST_WORKERS ?= 2
XDIST := -n $(TEST_WORKERS) --dist loadgroup
# Where the time goes (issue #11: `make test` under 10 minutes): each pass prints its 25 slowest tests and writes
# every test's duration to test-results/<pass>.xml (JUnit), which `scripts/test_times.py` sums per file.
TIMES = --durations=25 --junitxml=test-results/$@.xml

test-unit: setup browser  ## Pass 1: the suite on the embedded defaults (SQLite, in-process tasks), browser tests included
	$(VENV)/bin/pytest -m "not integration and not production" -p no:cacheprovider $(XDIST) $(TIMES)

# Pass 2 leaves out what its engine and services cannot change (tests/conftest.py, README "Tests"): the browser
# tests, the permission matrices driven through pages and API (``wiring``) and the tests without a database (``nodb``).
PRODUCTION_PASS := not e2e and not wiring and not nodb

test-integration: setup  ## Pass 2: what PostgreSQL + Redis can change, with the integration tests' real Celery worker
	$(PY) scripts/services.py check $(TEST_DATABASE_URL)
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest -m "$(PRODUCTION_PASS)" -p no:cacheprovider $(XDIST) $(TIMES)

# The browser tests drive Debian's chromium-headless-shell (Playwright cannot download browsers here): the same
# Chromium without the desktop browser's interface, which is what Playwright itself runs for headless tests; the
# browser tests took 188 s of Chromium's CPU under it, 353 s under the full `chromium` (issue #11, README "Tests").
browser:
	@command -v chromium-headless-shell >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; \
	  elif command -v chromium >/dev/null 2>&1; then echo "The browser tests fall back to chromium (slower): sudo apt-get install chromium-headless-shell"; \
	  else echo "The browser tests need Debian's chromium-headless-shell: sudo apt-get install chromium-headless-shell"; exit 1; fi; }

messages: venv  ## Refresh the Russian translation catalogue after changing strings
	$(MANAGE) makemessages -l ru --no-obsolete --ignore=.venv --ignore=node_modules --ignore=static/vendor --ignore=tests --ignore=bench
	$(MANAGE) compilemessages -l ru --ignore=.venv

serve-production: setup  ## Run the production stack (gunicorn, Celery worker and beat) with honcho; needs the environment of README
	DJANGO_SETTINGS_MODULE=portal.settings.production $(MANAGE) collectstatic --noinput -v 0
	DJANGO_SETTINGS_MODULE=portal.settings.production $(MANAGE) setup_portal --no-demo
	DJANGO_SETTINGS_MODULE=portal.settings.production $(VENV)/bin/honcho start

clean:
	rm -rf .make $(VENV) node_modules $(VENDOR) staticfiles
