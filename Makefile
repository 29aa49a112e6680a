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

.PHONY: help install run test lint fmt typecheck migrations-check check-deploy ci clean audit faults loadcheck

help:
	@echo "make run               serve the demo site at http://$(HOST):$(PORT)/ (SQLite)"
	@echo "make test              run the whole test suite (DATABASE_URL picks the database)"
	@echo "make lint              ruff check, ruff format --check and mypy"
	@echo "make fmt               format the code with ruff"
	@echo "make ci                everything CI runs"
	@echo "make audit             pip-audit the installed dependencies"
	@echo "make faults            restart PostgreSQL / stop Redis under load (own throwaway servers)"
	@echo "make loadcheck         wrk at 64 connections on schedule, talk and API pages (LOAD_SECONDS=60)"

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

# Trust (issue 9): dependency audit, fault tests with real services, load check.
LOAD_SECONDS ?= 5
LOAD_CONNECTIONS ?= 64

audit: $(STAMP)
	$(PY) scripts/dependency_audit.py

faults: $(STAMP)
	SECRET_KEY=$${SECRET_KEY:-$(TEST_SECRET_KEY)} HALLWAY_FAULTS=1 $(PY) -m pytest -m faults tests/faults $(PYTEST_ARGS)

loadcheck: $(STAMP)
	LOAD_SECONDS=$(LOAD_SECONDS) LOAD_CONNECTIONS=$(LOAD_CONNECTIONS) $(PY) scripts/load_check.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache db.sqlite3 .check-deploy.sqlite3
