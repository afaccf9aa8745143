# Every target bootstraps .venv on first use, so a fresh clone needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo run test bench lint clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

demo: $(STAMP) ## Open the board on a fictional demo home (a fresh temporary database)
	$(BIN)/handover demo

run: $(STAMP) ## Open the board on the real database (HANDOVER_DB or the user data folder)
	$(BIN)/handover

test: $(STAMP) ## Type-check, then run the whole test suite (the command CI runs)
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

bench: $(STAMP) ## Measure startup, live latency, refresh and idle CPU (see docs/PERFORMANCE.md)
	$(BIN)/python benchmarks/run_all.py

lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/python -m mypy

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
