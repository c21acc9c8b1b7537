# groundup: `make demo` sets everything up and analyses the bundled sample;
# `make test` sets everything up, checks lint and types, and runs the test suite.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SAMPLE := samples/ucsd_front_squat.mp4
DEMO_OUT := out/demo
DEMO_DB := out/demo.sqlite3

.PHONY: setup demo test test-fast browser lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	touch $(STAMP)

demo: setup
	mkdir -p out && rm -f $(DEMO_DB)
	$(VENV)/bin/groundup person add Sample --db $(DEMO_DB)
	$(VENV)/bin/groundup assess $(SAMPLE) --movement arms-down-squat --out $(DEMO_OUT) --person Sample --db $(DEMO_DB)
	$(VENV)/bin/groundup plan --person Sample --db $(DEMO_DB) --out out/demo-plan-week1.html
	@echo "Open $(DEMO_OUT)/report.html and out/demo-plan-week1.html in a browser."

# Debian's Chromium for the browser tests (Playwright's own browser download is never used).
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests."; fi

test: setup browser lint
	$(PY) -m pytest -q

# ruff and mypy as configured in pyproject.toml (part of `make test`)
lint: setup
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy

bench: setup
	$(PY) benchmarks/speed.py
	$(PY) benchmarks/accuracy.py

clean:
	rm -rf $(VENV) out test-artifacts .pytest_cache
