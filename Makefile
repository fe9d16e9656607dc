# Every routine command of the project. `make run` and `make test` are all a
# newcomer needs: they create .venv and install what is missing first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Tests keep their files (secret key, SQLite, uploads) out of the user's data folder.
TEST_DATA := $(CURDIR)/.test-data

.PHONY: run test suite lint fmt bench fuzz install install-test lock demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt $(VENV)/.installed
	$(PIP) install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/keepwarm serve --host $(HOST) --port $(PORT)

demo: install
	$(BIN)/keepwarm demo

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	cd $(CURDIR) && $(BIN)/lint-imports

fmt: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint suite

# The tests alone, without lint: `.ci/run` runs them again with the clock moved.
suite: install-test
	rm -rf $(TEST_DATA) && mkdir -p $(TEST_DATA) test-results
	KEEPWARM_DATA_DIR=$(TEST_DATA) $(BIN)/pytest -n auto $(PYTEST_ARGS)

bench: install-test
	$(BIN)/python -m bench.run

# Fuzz every file parser for FUZZ_SECONDS (crashes are written to fuzz/crash-*).
FUZZ_SECONDS ?= 300
fuzz: install-test
	mkdir -p .fuzz-corpus && cp -n fuzz/seeds/* .fuzz-corpus/
	$(BIN)/python fuzz/parsers.py -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=fuzz/ .fuzz-corpus

# Re-pin every dependency to what is installed now (after changing pyproject.toml).
lock: install-test
	$(PIP) freeze --exclude-editable | grep -vi '^keepwarm' > constraints.txt

clean:
	rm -rf $(VENV) $(TEST_DATA) test-results .pytest_cache .mypy_cache .ruff_cache .fuzz-corpus
