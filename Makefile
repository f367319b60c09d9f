# Qamqor: the two set-up commands of README.md, and the helpers they use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint messages

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
	$(PY) manage.py runserver $(HOST):$(PORT)

## 2. Run the whole test suite on SQLite and on PostgreSQL
test: install
	bash scripts/test.sh

lint: install
	$(VENV)/bin/ruff check src tests

messages: install
	cd src/qamqor && ../../$(PY) ../../manage.py makemessages -l kk -l ru -l en --no-obsolete --no-location
	cd src/qamqor && ../../$(PY) ../../manage.py compilemessages
