# The README's quick start: `make run`, `make test`. Both build .venv through `make setup`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export EVCHARGE_DATABASE_URL ?= sqlite:///var/evcharge.db

.PHONY: setup run test lint bench bench-scale clean

setup: $(STAMP)

# Rebuilt only when the lock or the package metadata changes, so repeated calls are fast.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: setup
	mkdir -p var
	$(BIN)/evcharge db upgrade
	$(BIN)/evcharge seed --if-empty
	$(BIN)/evcharge keys ensure-demo --page-url http://$(HOST):$(PORT)/
	$(BIN)/evcharge serve --host $(HOST) --port $(PORT)

test: setup lint
	$(BIN)/pytest

# The independent OCPI peer of tests/api/ocpi/test_interop.py (extrawest-ocpi, which needs
# pydantic 1): a venv of its own. Without it that test skips, except under CI (.ci/run builds it).
OCPI_PEER := .venv-ocpi-peer
ocpi-peer: $(OCPI_PEER)/.installed

$(OCPI_PEER)/.installed: tests/api/ocpi/peer-requirements.lock
	test -x $(OCPI_PEER)/bin/python || $(PYTHON) -m venv $(OCPI_PEER)
	$(OCPI_PEER)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r tests/api/ocpi/peer-requirements.lock
	touch $@

lint: setup
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src bench

bench: setup
	$(BIN)/python -m bench

# The bulk price with 1,000,000 stations stored against 160 (a temporary database; about 2 min).
bench-scale: setup
	$(BIN)/python -m bench.scale

clean:
	rm -rf $(VENV) $(OCPI_PEER) var/evcharge.db .pytest_cache .mypy_cache .ruff_cache
