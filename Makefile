# gepmonitor — everything runs from a virtualenv in .venv, built on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench fuzz install serve clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install  ## build the demo organisation in SQLite and serve the web app
	$(BIN)/gep init
	$(BIN)/gep demo --if-empty
	$(BIN)/gep serve

test: install  ## run every test (PostgreSQL and browser tests skip locally unless required)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

screenshots: install  ## rewrite docs/screenshots/*.png with the browser tests
	GEP_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/web/test_browser.py

bench: install  ## speed and memory benchmarks, written to bench/results.json
	$(BIN)/python -m bench.run

fuzz: install  ## 10,000 fuzzed files through every importer, result in bench/results.json
	$(BIN)/python -m bench.fuzz --cases 10000

clean:
	rm -rf $(VENV) build *.egg-info
