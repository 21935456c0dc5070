# Two commands: `make run` and `make test`. Both create .venv when missing and are
# idempotent: the install step is skipped while pyproject.toml is unchanged.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
SCENARIO ?= scenarios/presets/article5_like_no_troops.yaml
# The classroom app's browser test drives Debian's chromium (never a browser download).
CHROMIUM := /usr/bin/chromium

.PHONY: run test install lint typecheck pytest docs bench clean browser app

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/deter run $(SCENARIO)

app: $(STAMP)
	$(BIN)/deter app

lint: $(STAMP)
	$(BIN)/ruff check sim tests benchmarks
	$(BIN)/ruff format --check sim tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# Installs Debian's chromium for the browser test when it is missing and we may (root);
# elsewhere the test says how to install it (and fails under CI=true).
browser:
	@test -x $(CHROMIUM) || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	  >/dev/null; } || echo "make: no $(CHROMIUM); the browser test needs Debian's chromium" >&2

pytest: $(STAMP) browser
	MPLBACKEND=Agg $(BIN)/pytest --nbmake sim tests notebooks

test: lint typecheck pytest

docs: $(STAMP)
	$(BIN)/python -m sim.scenario.docs > docs/scenarios.md

bench: $(STAMP)
	$(BIN)/python -m benchmarks.solvers
	$(BIN)/python -m benchmarks.model
	$(BIN)/python -m benchmarks.sweeps

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
