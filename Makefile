# Peerlearn: `make demo` and `make test` are all a fresh machine needs (Python 3.11 + make).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2
CHROMIUM ?= /usr/bin/chromium

.PHONY: help install demo serve test test-only lint format bench browser clean

help:
	@echo "make demo   - install, migrate, seed the demo organisation and serve it on http://$(HOST):$(PORT)"
	@echo "make test   - install what tests need, lint, and run the whole suite (browser tests included)"
	@echo "make bench  - run the benchmarks and print their tables"
	@echo "make lint   - ruff (lint + format check) and mypy"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(INSTALLED)

demo: install
	$(BIN)/peerlearn migrate --noinput
	$(BIN)/peerlearn seed-demo --if-empty
	$(BIN)/peerlearn collectstatic --noinput --verbosity 0
	@echo "Serving Peerlearn on http://$(HOST):$(PORT)  (Ctrl-C stops it; background jobs log to var/worker.log)"
	@mkdir -p var; $(BIN)/peerlearn worker --no-reload --interval 2 >>var/worker.log 2>&1 & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null; wait $$WORKER 2>/dev/null' EXIT; \
	$(BIN)/peerlearn runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; browsers cannot be downloaded by Playwright here.
browser:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	echo "Chromium is missing; installing Debian's chromium package for the browser tests..."; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; \
	else echo "ERROR: browser tests need Chromium at $(CHROMIUM). Install it with: sudo apt-get install -y chromium" >&2; exit 1; fi; \
	$$SUDO apt-get install -y -q chromium >/dev/null || { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium >/dev/null; } || \
	{ echo "ERROR: could not install chromium; install it with: sudo apt-get install -y chromium" >&2; exit 1; }; \
	[ -x "$(CHROMIUM)" ] || { echo "ERROR: chromium installed but $(CHROMIUM) is missing" >&2; exit 1; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install browser lint test-only

# --dist load keeps pytest-django's order on every worker: tests that flush the database
# (transactional ones) run after the ordinary ones, which need the migrated reference data.
test-only: install
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist load $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) staticfiles .mypy_cache .ruff_cache
