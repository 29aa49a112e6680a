# Hallway: the README's commands. `make run` serves the demo; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests and checks run with production-like settings; only the key is a placeholder.
TEST_SECRET_KEY ?= hallway-test-only-secret-key-not-for-production-0123456789
DEPLOY_ENV := DEBUG=0 SECRET_KEY=$(TEST_SECRET_KEY)-deploy ALLOWED_HOSTS=hallway.example.org \
	EMAIL_URL=smtp+tls://hallway:secret@smtp.example.org:587 DATABASE_URL=sqlite:///$(CURDIR)/.check-deploy.sqlite3 \
	TASKS_BACKEND=django_tasks_db.DatabaseBackend

.PHONY: help install run test lint fmt typecheck migrations-check check-deploy ci clean e2e e2e-deps bench audit faults loadcheck venueload fuzz fuzz-deep wrk

help:
	@echo "make run               serve the demo site at http://$(HOST):$(PORT)/ (SQLite)"
	@echo "make test              run the whole test suite (DATABASE_URL picks the database)"
	@echo "make lint              ruff check, ruff format --check and mypy"
	@echo "make fmt               format the code with ruff"
	@echo "make ci                everything CI runs"
	@echo "make e2e               the browser suite (make e2e-deps installs Chromium and axe-core)"
	@echo "make bench             measure the large demo on PostgreSQL + gunicorn with wrk (README: Benchmarks)"
	@echo "make fuzz              schemathesis, FUZZ_EXAMPLES per operation and role (30: ~3,400 requests)"
	@echo "make fuzz-deep         the same with 200 examples per operation and role"
	@echo "make audit             pip-audit the installed dependencies"
	@echo "make faults            restart PostgreSQL / stop Redis under load (own throwaway servers)"
	@echo "make loadcheck         wrk at 64 connections on schedule, talk and API pages (LOAD_SECONDS=60)"
	@echo "make venueload         300 attendees behind one address send follow-ups to the keynote; a flood is stopped"

$(STAMP): pyproject.toml
	@test -x $(PY) || { python=$$(sh scripts/find-python) && "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

# SITE_URL follows HOST and PORT, so e-mailed links point at this server.
run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py loaddemo --accounts
	DEBUG=1 SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

# As root with apt-get (CI), `make test` first installs what the browser tests need;
# elsewhere they are skipped with the reason unless `make e2e-deps` was run.
E2E_DEPS := $(shell [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && echo e2e-deps)

# One pytest worker per core (pytest-xdist); a file's tests stay on one worker.
TEST_WORKERS ?= auto

test: $(STAMP) $(E2E_DEPS)
	SECRET_KEY=$${SECRET_KEY:-$(TEST_SECRET_KEY)} $(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Debian's Chromium (never a downloaded browser) and axe-core from npm. A failure here
# only means the browser tests will be skipped, so it does not stop `make test`.
e2e-deps:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium; } || echo "e2e-deps: could not install chromium; browser tests will be skipped"
	@test -f node_modules/axe-core/axe.min.js || { command -v npm >/dev/null 2>&1 && \
		npm ci --no-audit --no-fund --silent; } || echo "e2e-deps: could not install axe-core; browser tests will be skipped"

e2e: $(STAMP)
	SECRET_KEY=$${SECRET_KEY:-$(TEST_SECRET_KEY)} $(PY) -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(VENV)/bin/mypy

fmt: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

check-deploy: $(STAMP)
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

ci: lint migrations-check check-deploy test

# Trust checks: dependency audit, fault tests with real services, load check.
LOAD_SECONDS ?= 5
LOAD_CONNECTIONS ?= 64

audit: $(STAMP)
	$(PY) scripts/dependency_audit.py

faults: $(STAMP)
	SECRET_KEY=$${SECRET_KEY:-$(TEST_SECRET_KEY)} HALLWAY_FAULTS=1 $(PY) -m pytest -m faults tests/faults $(PYTEST_ARGS)

# API fuzzing: schemathesis over every operation, anonymous and with a staff token.
FUZZ_EXAMPLES ?= 30
fuzz: $(STAMP)
	SECRET_KEY=$${SECRET_KEY:-$(TEST_SECRET_KEY)} HALLWAY_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) \
		$(PY) -m pytest -q tests/api/test_schema.py -k conforms $(PYTEST_ARGS)

# The deep run: 200 examples per operation and role (CI keeps FUZZ_EXAMPLES=30).
fuzz-deep:
	$(MAKE) fuzz FUZZ_EXAMPLES=200

loadcheck: $(STAMP) wrk
	LOAD_SECONDS=$(LOAD_SECONDS) LOAD_CONNECTIONS=$(LOAD_CONNECTIONS) $(PY) scripts/load_check.py

# The venue: VENUE_ATTENDEES (300) follow-ups from one address through a trusted proxy,
# mis-taps and one flooding sender; prints sent against stored (own gunicorn, Redis, PostgreSQL).
VENUE_ATTENDEES ?= 300
venueload: $(STAMP)
	VENUE_ATTENDEES=$(VENUE_ATTENDEES) $(PY) scripts/venue_load.py

clean:
	rm -rf $(VENV) node_modules test-artifacts staticfiles .pytest_cache .mypy_cache .ruff_cache db.sqlite3 .check-deploy.sqlite3

# The benchmark (bench/run.py; README "Benchmarks"). Short by default; the real run:
#   BENCH_DURATION=10 BENCH_CONNECTIONS=32 BENCH_CATALOGUE=1 make bench
bench: $(STAMP) wrk
	$(PY) bench/run.py

# wrk, Debian's package, for the load check and the benchmark.
wrk:
	@command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; \
		{ apt-get install -y -qq wrk || { apt-get update -qq && apt-get install -y -qq wrk; } \
		|| sudo apt-get install -y -qq wrk; } >/dev/null; }
