# strikemap: `make app` runs the app, `make test` runs the whole suite. Each sets itself up:
# .venv, Python packages, front-end assets from the npm registry, and (for tests) Debian's chromium
# and tesseract-ocr (the static map's PNG is read back by OCR).
# `make test` also builds the wheel and runs it in a fresh virtualenv (tests/test_wheel.py;
# deselect with PYTEST_ARGS='-m "not wheel"').

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
PYTEST_ARGS ?=
FRONTEND := .cache/frontend
NPM_STAMP := $(FRONTEND)/.installed
STAGED := data/frontend
ASSETS_STAMP := $(STAGED)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: app test fuzz assets chromium ocr install install-test lint map wheel clean

app: install assets
	$(BIN)/python -m app_pages.serve --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

test: install-test assets chromium ocr
	@set +e; $(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests were collected (exit 5), treated as success"; rc=0; fi; \
	exit $$rc

# The property-based suite at length: 10,000 generated documents per property, 50,000 in all
# (about 20 minutes on the 2-core machine). `make test` runs the same properties on 120 each.
fuzz: install-test
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest tests/test_properties.py -p no:cacheprovider \
		--hypothesis-show-statistics $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Leaflet and plugins at the versions pinned in frontend/package.json; cached, never committed.
# The files maps need, with their licences, are staged into data/frontend/ (gitignored), where
# the package finds them and from where the wheel ships them.
assets: $(ASSETS_STAMP)
$(ASSETS_STAMP): $(NPM_STAMP) tools/stage_assets.py | $(VENV)/.installed
	$(BIN)/python -m tools.stage_assets $(FRONTEND)/node_modules $(STAGED)
	touch $@

$(NPM_STAMP): frontend/package.json
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm; }
	mkdir -p $(FRONTEND)
	cp frontend/package.json $(FRONTEND)/package.json
	cd $(FRONTEND) && npm install --no-package-lock --no-audit --no-fund --loglevel=error
	touch $@

# Debian's chromium for the browser tests (Playwright drives /usr/bin/chromium).
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

# Debian's tesseract-ocr: tests/geo/maps/test_static.py reads the static map's PNG back.
ocr:
	@command -v tesseract >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq tesseract-ocr; }

map: install assets
	$(BIN)/strikemap map -o strikemap-map.html --offline

# The wheel, with the data and the staged Leaflet files (tests/test_wheel.py checks one end to
# end). build/ is removed first: setuptools would otherwise package stale files left in it.
wheel: install assets
	rm -rf build
	$(BIN)/python -m pip wheel --no-deps --quiet -w dist .

lint: install-test
	$(BIN)/python -m pip install --quiet ruff mypy
	$(BIN)/ruff check geo gazetteer tools app.py app_pages tests benchmarks
	$(BIN)/ruff format --check geo gazetteer tools app.py app_pages tests benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .cache $(STAGED) .pytest_cache test-artifacts build dist
