# gepmonitor — everything runs from a virtualenv in .venv, built on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The locks pin every package with its hashes; pyproject.toml keeps the ranges. requirements.lock
# is what the application needs (a deployment), requirements-dev.lock adds the test tools (make
# install, CI). After changing a dependency in pyproject.toml: make lock (see docs/development.md).
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
UV_VERSION := 0.13.9
# The build backend of pyproject.toml's [build-system], locked too so that installing the project
# itself fetches nothing unpinned.
BUILD_REQUIRES := setuptools>=77
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet \
	--custom-compile-command "make lock"

.PHONY: demo test lint bench fuzz install serve clean screenshots lock upgrade messages cli-index docs-matrix

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml $(DEV_LOCK)
	$(BIN)/pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $(STAMP)

install: $(STAMP)

$(BIN)/uv: $(BIN)/python
	$(BIN)/pip install --quiet 'uv==$(UV_VERSION)'

lock: $(BIN)/uv  ## pin what pyproject.toml asks for, keeping every pin that still fits
	echo '$(BUILD_REQUIRES)' | $(BIN)/uv pip compile pyproject.toml - --extra test $(LOCK_FLAGS) $(UPGRADE) -o $(DEV_LOCK)
	echo '$(BUILD_REQUIRES)' | $(BIN)/uv pip compile pyproject.toml - $(LOCK_FLAGS) -c $(DEV_LOCK) -o $(LOCK)

upgrade:  ## re-pin every package to the newest release pyproject.toml allows
	$(MAKE) lock UPGRADE=--upgrade

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
	GEP_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/web/test_browser.py tests/safety/test_browser.py

# Functions whose argument is a msgid, beyond Babel's own (_, gettext, ngettext, N_, ...):
# the shorthands of some modules and the domain errors, which take their msgid first.
BABEL_KEYWORDS := -k _t -k t -k ValueProblem -k flash:2 -k flash_plural:2,3 -k error_response:3 -k form_day:3 \
	-k read_with_columns:3 -k GepError -k ConfigError -k NotFoundError -k PermissionDeniedError \
	-k ConflictError -k InputError -k DatabaseUnavailableError -k SsoError -k SsoRefusedError \
	-k plural:1,2

cli-index: install  ## list every capability's commands for `gep --help` (src/gepmonitor/cli_index.json)
	$(BIN)/python tools/cli_index.py

docs-matrix: install  ## rewrite the permission matrix in README.md and docs/web.md from the capabilities' permissions.py
	$(BIN)/python tools/docs_matrix.py

messages: install  ## extract the texts (pybabel extract) and update the Dutch catalogue
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output \
		--project gepmonitor -o build/messages.pot .
	$(BIN)/python tools/messages.py update build/messages.pot

bench: install  ## speed and memory benchmarks, written to bench/results.json
	$(BIN)/python -m bench.run

FUZZ_CASES ?= 10000
fuzz: install  ## 10,000 fuzzed files through every importer (FUZZ_CASES=N for fewer), result in bench/results.json
	$(BIN)/python -m bench.fuzz --cases $(FUZZ_CASES)

clean:
	rm -rf $(VENV) build *.egg-info
