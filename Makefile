# Qamqor: the two set-up commands of README.md, and the helpers they use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs without the second factor so that it can be tried without an authenticator app;
# `make run DEMO_TWO_FACTOR=1` shows the enrolment. Outside the demo the second factor is required.
DEMO_TWO_FACTOR ?= 0

.PHONY: run test bench install lint messages schema

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## 1. Run the system on SQLite with demo data at http://$(HOST):$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_rules
	$(PY) manage.py load_regions
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_journal
	$(PY) manage.py load_demo_portal
	$(PY) manage.py load_demo_esobes
	$(PY) manage.py load_demo_control
	QAMQOR_TWO_FACTOR_REQUIRED=$(DEMO_TWO_FACTOR) $(PY) manage.py runserver $(HOST):$(PORT)

## 2. Run the whole test suite on SQLite and on PostgreSQL
test: install
	bash scripts/test.sh

## 3. Run the benchmark on PostgreSQL (national data set; BENCH_ARGS="--scale 0.01" for a quick run)
bench: install
	bash scripts/bench.sh $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check src tests

messages: install
	cd src/qamqor && ../../$(PY) ../../manage.py makemessages -l kk -l ru -l en --no-obsolete --no-location
	cd src/qamqor && ../../$(PY) ../../manage.py compilemessages

schema: install
	bash scripts/update_schema.sh
