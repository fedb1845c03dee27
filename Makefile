# strikemap: `make app` runs the app, `make test` runs the whole suite. Each sets itself up:
# .venv, Python packages, front-end assets from the npm registry, and (for tests) Debian's chromium.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
PYTEST_ARGS ?=
FRONTEND := .cache/frontend
ASSETS_STAMP := $(FRONTEND)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: app test fuzz assets chromium install install-test lint map clean

app: install assets
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

test: install-test assets chromium
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
assets: $(ASSETS_STAMP)
$(ASSETS_STAMP): frontend/package.json
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

map: install assets
	$(BIN)/strikemap map -o strikemap-map.html --offline

lint: install-test
	$(BIN)/python -m pip install --quiet ruff mypy
	$(BIN)/ruff check geo gazetteer tools app.py app_pages tests benchmarks
	$(BIN)/ruff format --check geo gazetteer tools app.py app_pages tests benchmarks
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) .cache .pytest_cache test-artifacts
