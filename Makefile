# Verbund — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint format bench bench-state setup migrate demo clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)
	$(BIN)/python manage.py compile_public_translations

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

# The dev server and, beside it, the task worker (as in production); Ctrl-C stops both.
run: demo
	@echo "Verbund läuft auf http://$(HOST):$(PORT)/ – Demo-Logins siehe README.md"
	@echo "Hintergrunddienst (manage.py db_worker) läuft mit; Strg+C beendet beide."
	@$(BIN)/python manage.py db_worker --no-reload --queue-name '*' & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python -m bench

# The HTTP load benchmark at the issue's state scale (about 10-15 minutes per database); the
# table lands in bench/README.md.
bench-state: setup
	$(BIN)/python -m bench.http_load --scale state --write-readme

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache
