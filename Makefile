# Two commands: `make run` and `make test`. Both create .venv when missing and are
# idempotent: the install step is skipped while pyproject.toml is unchanged.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
SCENARIO ?= scenarios/presets/article5_like_no_troops.yaml

.PHONY: run test install lint typecheck pytest docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/deter run $(SCENARIO)

lint: $(STAMP)
	$(BIN)/ruff check sim tests benchmarks
	$(BIN)/ruff format --check sim tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	MPLBACKEND=Agg $(BIN)/pytest sim tests

test: lint typecheck pytest

docs: $(STAMP)
	$(BIN)/python -m sim.scenario.docs > docs/scenarios.md

bench: $(STAMP)
	$(BIN)/python -m benchmarks.solvers
	$(BIN)/python -m benchmarks.model

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
