# Linewatch: `make demo` starts the app with demo data; `make test` runs the whole suite.
# Both install what they need from scratch (Python 3.11 and pip are all a machine needs).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
# pytest-xdist workers for `unit` and `test-postgres` (the CI machine has 2 cores). Tests that
# share a module's fixture stay on one worker (tests/conftest.py); `make unit WORKERS=0` runs
# everything in one process.
WORKERS ?= 2
PYTEST_PARALLEL := -n $(WORKERS) --dist loadgroup

.PHONY: demo test install browser system-pdf lint typecheck unit test-postgres bench clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --inexact --quiet
	touch $@

install: $(VENV)/.synced

demo: install system-pdf
	$(BIN)/linewatch demo

browser:
	@scripts/ensure-system-packages browser pdf

system-pdf:
	@scripts/ensure-system-packages pdf

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy

unit: install browser
	$(BIN)/pytest $(PYTEST_PARALLEL)

test: lint typecheck unit

# The Django and database tests again, against PostgreSQL (CI runs this after `make test`).
# Tests that make their own databases already ran, on every backend they cover, in `make test`.
test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_PARALLEL) tests/web tests/cli \
		-m "not browser and not own_database"

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
