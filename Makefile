# The front door: `make run` (build the corpus and open the app), `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MAPS ?= maps
PORT ?= 8501

# Nothing is fetched at run time: models come from installed packages.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export STREAMLIT_BROWSER_GATHER_USAGE_STATS := false

.PHONY: run maps test test-fast bench lint clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# argmap itself goes in editable (its dependencies are the pinned requirements), so the
# `argmap` command in .venv/bin works from any folder.
INSTALL_SELF := $(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .

$(VENV)/.stamp-run: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(INSTALL_SELF)
	touch $@

$(VENV)/.stamp-dev: requirements.txt requirements-dev.txt requirements-ray.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(INSTALL_SELF)
	touch $@ $(VENV)/.stamp-run

maps: $(VENV)/.stamp-run
	$(BIN)/python -m argmap build corpus/ --out $(MAPS)

run: maps
	$(BIN)/python -m streamlit run app.py --server.headless true --server.port $(PORT) -- --maps $(MAPS)

test: $(VENV)/.stamp-dev chromium
	$(BIN)/python -m pytest

# The browser test drives the system Chromium (never a Playwright browser download).
chromium:
	@command -v chromium >/dev/null || { S=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$S apt-get update -qq && $$S env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Skips the tests marked slow (whole-pipeline and browser tests).
test-fast: $(VENV)/.stamp-dev
	$(BIN)/python -m pytest -m "not slow"

$(VENV)/.stamp-bench: requirements.txt requirements-dev.txt requirements-bench.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

bench: $(VENV)/.stamp-bench
	$(BIN)/python -m bench

lint: $(VENV)/.stamp-dev
	$(BIN)/python -m ruff check argmap tests app.py bench

clean:
	rm -rf $(VENV) $(MAPS)/*.json $(MAPS)/*.html $(MAPS)/*.sqlite*
