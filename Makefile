# Hallway: the README's commands. `make run` serves the demo; `make test` runs every test.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests and checks run with production-like settings; only the key is a placeholder.
TEST_SECRET_KEY ?= hallway-test-only-secret-key-not-for-production-0123456789
DEPLOY_ENV := DEBUG=0 SECRET_KEY=$(TEST_SECRET_KEY)-deploy ALLOWED_HOSTS=hallway.example.org \
	EMAIL_URL=smtp+tls://hallway:secret@smtp.example.org:587 DATABASE_URL=sqlite:///$(CURDIR)/.check-deploy.sqlite3

.PHONY: help install run test lint fmt typecheck migrations-check check-deploy ci clean bench

help:
	@echo "make run               serve the demo site at http://$(HOST):$(PORT)/ (SQLite)"
	@echo "make test              run the whole test suite (DATABASE_URL picks the database)"
	@echo "make lint              ruff check, ruff format --check and mypy"
	@echo "make fmt               format the code with ruff"
	@echo "make ci                everything CI runs"
	@echo "make bench             measure the large demo on PostgreSQL + gunicorn with wrk (README: Benchmarks)"

$(STAMP): pyproject.toml
	@test -x $(PY) || { python=$$(sh scripts/find-python) && "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py loaddemo --accounts
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	SECRET_KEY=$${SECRET_KEY:-$(TEST_SECRET_KEY)} $(PY) -m pytest $(PYTEST_ARGS)

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

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache db.sqlite3 .check-deploy.sqlite3

# The benchmark (bench/run.py; README "Benchmarks"). Short by default; the real run:
#   BENCH_DURATION=10 BENCH_CONNECTIONS=32 BENCH_CATALOGUE=1 make bench
bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; \
		apt-get install -y -qq wrk >/dev/null || sudo apt-get install -y -qq wrk; }
	$(PY) bench/run.py
