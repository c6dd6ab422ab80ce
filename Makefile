# Two commands set everything up on a fresh machine with Python 3.11 and make:
#   make run    creates .venv, installs, migrates SQLite, imports fixtures/, serves :8000
#   make test   installs and runs the whole suite (on DATABASE_URL when it is set)

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTALLED := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= actions_catalog.settings.dev

.PHONY: install run migrate import serve test test-e2e lint format quality bench clean

$(INSTALLED): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 est requis ($(PYTHON) introuvable)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

migrate: install
	$(PY) manage.py migrate --noinput

import: migrate
	$(PY) manage.py import_sheets --publication-state=publiee fixtures/

serve: install
	$(PY) manage.py runserver 127.0.0.1:8000

run: import serve

test: install
	$(PY) -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

quality: lint
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
