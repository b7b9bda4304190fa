# Homeward: `make demo` to try it, `make test` to check it. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test lint screenshots assets messages install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Migrate the embedded SQLite database under var/, load the demo data, create one user per
## role (names and passwords are printed), serve http://127.0.0.1:8000.
demo: $(STAMP)
	$(BIN)/homeward demo

## The whole suite: lint and architecture checks, then every test on SQLite and PostgreSQL.
test: $(STAMP)
	bash scripts/run-tests

lint: $(STAMP)
	bash scripts/run-tests --lint-only

## Save the main pages as PNG under docs/screenshots/ (a real Chromium over the demo data).
screenshots: $(STAMP)
	bash scripts/ensure-chromium
	$(BIN)/pytest -m screenshots tests/browser/test_screenshots.py -q

## Copy front-end assets from the npm registry into src/homeward/static/vendor (needs npm).
assets:
	npm ci --no-audit --no-fund
	bash scripts/vendor-assets

## Re-extract and compile translations (needs GNU gettext); the .mo files are committed.
messages: $(STAMP)
	cd src/homeward && ../../$(BIN)/homeward makemessages -l uk -l en --no-obsolete --no-location
	cd src/homeward && ../../$(BIN)/homeward compilemessages

clean:
	rm -rf $(VENV) var
