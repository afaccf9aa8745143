# Every target bootstraps .venv on first use, so a fresh clone needs only Python 3.11+ and make. Each step says
# what it is doing (the first set-up downloads the dependencies: about half a minute), and pip stays quiet.
# `demo` and `run` install only what the board needs; `test`, `bench` and `lint` add the test tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo run test bench soak lint clean

$(BIN)/python:
	@echo "make: creating the virtual environment in $(VENV) (once)..."
	@$(PYTHON) -m venv $(VENV)
	@echo "make: updating pip in $(VENV)..."
	@$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "make: installing handover and the libraries it needs into $(VENV)..."
	@$(BIN)/python -m pip install --quiet -e .
	@touch $(STAMP)
	@echo "make: installed."

$(TEST_STAMP): $(STAMP)
	@echo "make: installing the test tools (pytest, ruff, mypy, import-linter) into $(VENV)..."
	@$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(TEST_STAMP)

demo: $(STAMP) ## Open the board on a fictional demo home (a temporary database, removed when the board closes)
	@$(BIN)/handover demo

run: $(STAMP) ## Open the board on the real database (HANDOVER_DB or the user data folder)
	@$(BIN)/handover

test: $(TEST_STAMP) ## Type-check, then run the whole test suite (the command CI runs)
	$(BIN)/python -m mypy
	$(BIN)/python -m pytest

bench: $(TEST_STAMP) ## Measure startup, live latency, refresh and idle CPU (see docs/PERFORMANCE.md)
	$(BIN)/python benchmarks/run_all.py

soak: $(TEST_STAMP) ## A 60 s soak of 8 writers and 200 crash-loop kills (the suite runs 10 s and 50)
	HANDOVER_SOAK_SECONDS=60 HANDOVER_CRASH_KILLS=200 $(BIN)/python -m pytest -q tests/test_soak.py tests/test_crash_loop.py

lint: $(TEST_STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
