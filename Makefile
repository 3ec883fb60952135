# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
STORE  ?= data/store
DIST   ?= dist
CORPUS ?= corpus

.PHONY: run test install install-test browser stores build serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install whenever the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

build: install
	$(BIN)/csto-kg build $(CORPUS) --store $(STORE) --dist $(DIST)

serve: install
	$(BIN)/csto-kg serve --store $(STORE) --host $(HOST) --port $(PORT)

run: build serve

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
		else echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; \
	fi

# The push tests start a real Virtuoso Open Source 7 (Debian's package) on a loopback port.
stores:
	@if ! command -v virtuoso-t >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource; \
		else echo "The push tests need Debian's Virtuoso: sudo apt-get install virtuoso-opensource" >&2; exit 1; fi; \
	fi

test: install-test browser stores
	$(BIN)/python -m pytest

# Benchmarks print figures (bench/RESULTS.md records them); CI does not run them.
$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/build.py
	$(BIN)/python bench/serve.py --store /tmp/csto-bench/build-1000/store
	$(BIN)/python bench/jsonld.py /tmp/csto-bench/build-10000/dist/csto-kg.nt --copies 10
	$(BIN)/python bench/soak.py

clean:
	rm -rf $(VENV) data $(DIST) .pytest_cache
