# Lantern: make run | make test | make lint | make format | make clean | make clean-data
#
# Everything is installed from scratch on a fresh machine (Python 3.11, Node.js and npm
# needed) and remembered with stamp files, so running a target again is quick.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PORT ?= 8000
# Where `make run` keeps its SQLite database, media and collected static files.
DATA ?= var
# Extra arguments for both pytest runs of `make test`, e.g. PYTEST_ARGS="-k sign_in -x".
PYTEST_ARGS ?=
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)

VENV := .venv
BIN := $(VENV)/bin
DIST := src/lantern/web/static/dist
FRONTEND_SOURCES := package.json package-lock.json $(wildcard frontend/*)
# When this `make` started: scripts/test.sh reports the total time from here.
MAKE_START := $(shell date +%s)

# Nothing here ever downloads a browser of its own: the tests use Debian's Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# `make run` runs Lantern as production does (LANTERN_DEBUG off: Lantern's own error
# pages, static files collected and served by WhiteNoise) with what only development may
# have, kept in $(DATA)/lantern.env: a secret key made on this machine, local host names
# and plain HTTP. The `lantern` command reads that file, so every command in the README
# works after `make run` in the same shell (see docs/configuration.md).
LOCAL_ENV := $(DATA)/lantern.env
# No worker runs beside `make run`: its e-mails are sent (printed) by the request itself.
LANTERN_TASKS ?= immediate
# The links in e-mails (a training survey's is the only way its practitioner answers).
LANTERN_BASE_URL ?= http://127.0.0.1:$(PORT)
RUN_ENV := LANTERN_DATA_DIR=$(DATA) LANTERN_TASKS=$(LANTERN_TASKS) LANTERN_BASE_URL=$(LANTERN_BASE_URL)

.PHONY: help run local-env test lint format clean clean-data install install-test frontend chromium

help:
	@echo "make run         install, migrate SQLite in ./$(DATA), load the demo, serve at http://127.0.0.1:$(PORT)"
	@echo "make test        install what the tests need, then ruff, mypy and pytest on SQLite and PostgreSQL"
	@echo "make lint        ruff check, ruff format --check, mypy"
	@echo "make format      ruff check --fix, ruff format"
	@echo "make clean       remove .venv, node_modules and built assets (keeps ./$(DATA))"
	@echo "make clean-data  remove ./$(DATA): the database, media and lantern.env of make run"

# --- Installs ------------------------------------------------------------------------

$(VENV)/.created:
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 or python3)." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
	  echo "Lantern needs Python 3.11; $(PYTHON) is $$($(PYTHON) --version 2>&1). Set PYTHON=..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@touch $@

$(VENV)/.installed: pyproject.toml | $(VENV)/.created
	$(BIN)/pip install -q -e .
	@scripts/ensure-document-libs.sh $(BIN)/python
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/.created
	$(BIN)/pip install -q -e ".[test]"
	@scripts/ensure-document-libs.sh $(BIN)/python
	@touch $@ $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(DIST)/.built: node_modules/.installed $(FRONTEND_SOURCES)
	npm run build
	@touch $@

install: $(VENV)/.installed $(DIST)/.built
install-test: $(VENV)/.installed-test $(DIST)/.built chromium
frontend: $(DIST)/.built

chromium:
	@scripts/ensure-chromium.sh

# --- Run -----------------------------------------------------------------------------

# Written once and kept (a new secret key would sign everyone out); `make clean-data`
# removes it with the database. Only readable by its owner.
$(LOCAL_ENV): | $(VENV)/.created
	@mkdir -p $(@D)
	@umask 077 && { \
	  echo "# Written by make run for the lantern command: development only, never production."; \
	  echo "LANTERN_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(48))')"; \
	  echo "LANTERN_ALLOWED_HOSTS=127.0.0.1,localhost,[::1]"; \
	  echo "LANTERN_HTTPS=false"; \
	} > $@
	@echo "Wrote $@ (a development secret key; git-ignored)."

local-env: $(LOCAL_ENV)

# The development server with production's settings but for lantern.env (above). The
# static files are collected each time, so a rebuilt front end is picked up.
# DATABASE_URL, when set, is used instead of SQLite.
run: install $(LOCAL_ENV)
	$(RUN_ENV) $(BIN)/lantern migrate --noinput
	$(RUN_ENV) $(BIN)/lantern collectstatic --noinput -v 0
	$(RUN_ENV) $(BIN)/lantern demo
	@echo "Lantern: http://127.0.0.1:$(PORT)/ (demo accounts: see README.md)"
	$(RUN_ENV) exec $(BIN)/lantern runserver 127.0.0.1:$(PORT)

# --- Checks --------------------------------------------------------------------------

test: install-test
	@LANTERN_MAKE_START=$(MAKE_START) scripts/test.sh $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# --- Cleaning ------------------------------------------------------------------------

clean:
	rm -rf $(VENV) node_modules $(DIST) build src/*.egg-info .pytest_cache .ruff_cache .mypy_cache test-results
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +

clean-data:
	rm -rf $(DATA)
