# One set of commands on a laptop and in CI. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
FLASK := $(BIN)/flask --app talent
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: help install assets translations messages run worker test test-fast lint format hooks ci bench eval mutation clean

help:
	@echo "make run    - install everything, migrate, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test   - install everything and run the whole test suite"
	@echo "make lint   - ruff, mypy (strict layers) and import-linter;  make ci - lint, then test (what CI runs)"
	@echo "make hooks  - run ruff on every git commit (pre-commit)"
	@echo "make bench  - matching engine speed, then the scale benchmark (100,000 people);  make eval - matching quality"
	@echo "make mutation - mutation testing of the rule modules (mutmut; needs PostgreSQL; not part of make test)"

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint constraints.txt -e ".[dev]"
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: $(STAMP) $(NODE_STAMP)
	$(PY) scripts/vendor_assets.py

translations: $(STAMP)
	$(BIN)/pybabel compile --domain=messages --directory=talent/translations --statistics

install: $(STAMP) assets translations

# Extract every user-facing string and merge it into the catalogues (then translate the new French ones).
messages: $(STAMP)
	$(BIN)/pybabel extract --mapping-file=babel.cfg --keywords="_l lazy_gettext" --no-location \
		--sort-output --project=talent-platform --output-file=talent/translations/messages.pot talent jobs matching
	$(BIN)/pybabel update --input-file=talent/translations/messages.pot --output-dir=talent/translations \
		--no-fuzzy-matching --ignore-obsolete

run: install
	$(FLASK) db upgrade
	$(FLASK) import-skills
	$(FLASK) seed-reference
	$(FLASK) seed-demo
	$(FLASK) seed-demo-recruitment
	$(FLASK) seed-demo-talent-management
	bash scripts/run.sh $(HOST) $(PORT)

worker: install
	$(BIN)/celery -A talent.worker worker --beat --loglevel=INFO

test: install
	bash scripts/ensure-chromium.sh
	$(BIN)/pytest

test-fast: $(STAMP)
	$(BIN)/pytest -m "not browser and not worker" -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check talent jobs matching tests bench scripts
	$(BIN)/mypy talent jobs matching
	$(BIN)/lint-imports

# What CI runs (.ci/run): the linters first (they take seconds), then the whole suite.
ci: lint test

hooks: $(STAMP)
	$(BIN)/pre-commit install

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format talent jobs matching tests bench scripts

# The engine's speed, then the scale benchmark (builds a 100,000-person database, bench_scale; see
# bench/scale/__main__.py for the 1,000,000 case), then a locust load test on it (bench/load). Not part
# of `make test`.
bench: $(STAMP)
	$(PY) -m bench.speed
	$(PY) -m bench.scale all --people 100000
	$(PY) -m bench.load --users 50 --seconds 120

# Matching quality (bench/eval.py): seeds 1-3 with the ablations, then the held-out seeds 4-6; each writes its
# section of bench/RESULTS.md and rebuilds the summary. About 15 minutes on 2 cores; not part of `make test`.
eval: $(STAMP)
	$(PY) -m bench.eval --ablations
	$(PY) -m bench.eval --heldout

# Break the rules on purpose (mutmut) and check the rule tests notice: prints killed/total per module, and
# fails under 90%. One mutant at a time on TEST_DATABASE_URL; about 25 minutes on 2 cores.
mutation: install
	$(PY) scripts/mutation.py

clean:
	rm -rf $(VENV) node_modules talent/static/vendor .pytest_cache .mypy_cache .ruff_cache mutants
	find . -name '*.mo' -path '*/translations/*' -delete
