# gepmonitor — everything runs from a virtualenv in .venv, built on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench install serve clean screenshots messages

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

# Functions whose argument is a msgid, beyond Babel's own (_, gettext, ngettext, N_, ...):
# the shorthands of some modules and the domain errors, which take their msgid first.
BABEL_KEYWORDS := -k _t -k t -k ValueProblem -k flash:2 -k error_response:3 -k form_day:3 \
	-k read_with_columns:3 -k GepError -k ConfigError -k NotFoundError -k PermissionDeniedError \
	-k ConflictError -k InputError -k plural:1,2

messages: install  ## extract the texts (pybabel extract) and update the Dutch catalogue
	mkdir -p build
	$(BIN)/pybabel extract -F babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output \
		--project gepmonitor -o build/messages.pot .
	$(BIN)/python tools/messages.py update build/messages.pot

bench: install  ## speed and memory benchmarks, written to bench/results.json
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) build *.egg-info
