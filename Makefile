# Set-up is part of every target: each creates or reuses .venv, installs the pinned
# dependencies (constraints.txt) and fetches the front-end assets when they change.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DATA ?=
PORT ?= 8501
STAMP := $(VENV)/.installed-$(shell cat constraints.txt pyproject.toml | cksum | cut -d' ' -f1)
ASSETS := static/vendor/MANIFEST.json

REPLICAS ?= 2

.PHONY: run test lint bench loadtest capacity deploy-local assets lock clean docs wheel-check

$(STAMP): constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11+ is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

$(ASSETS): package.json package-lock.json scripts/vendor_assets.py itinerary/views/assets.py | $(STAMP)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PY) scripts/vendor_assets.py

assets: $(ASSETS)

# Without npm or a registry the app still runs, loading Leaflet from the CDN.
run: $(STAMP)
	-@$(MAKE) --no-print-directory assets
	$(VENV)/bin/streamlit run app.py --server.port $(PORT) -- $(if $(DATA),--data $(DATA))

test: $(STAMP) $(ASSETS)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Rewrite what derives from the schema: docs/itinerary.schema.json and the tables in
# docs/schema.md (tests/test_schema.py fails when they are out of date).
docs: $(STAMP)
	$(PY) -m itinerary.format.reference docs

# Build the wheel, install it into a fresh venv outside the checkout and use it there.
wheel-check: $(STAMP) $(ASSETS)
	$(PY) scripts/wheel_check.py

bench: $(STAMP) $(ASSETS)
	$(PY) scripts/bench.py

# 20 browser sessions at once for a minute, then a 500-change soak (loopback only).
loadtest: $(STAMP) $(ASSETS)
	$(PY) scripts/loadtest.py

# Sessions one server process holds at p95 rerun ≤ 1 s, driven by protocol clients, not
# browsers (about 15 min; prints a table). Options: make capacity CAPACITY_ARGS="--help".
capacity: $(STAMP) $(ASSETS)
	$(PY) -m scripts.capacity $(CAPACITY_ARGS)

# REPLICAS dashboard processes behind nginx on http://127.0.0.1:$(PORT) (Debian's nginx,
# run in the foreground from a temp folder; Ctrl-C stops all).
deploy-local: $(STAMP) $(ASSETS)
	$(PY) -m deploy.local --replicas $(REPLICAS) --port $(PORT) $(if $(DATA),--data $(DATA))

# Re-pin every Python dependency to the newest allowed by pyproject.toml.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet '.[test]'
	(echo '# Exact versions of every Python package, used as pip constraints by the Makefile.'; \
	 echo '# Regenerate with: make lock'; \
	 .venv-lock/bin/pip freeze --exclude-editable | grep -v '^itinerary-map') > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) node_modules static/vendor .pytest_cache .mypy_cache .ruff_cache
