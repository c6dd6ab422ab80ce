# Two commands set everything up on a fresh machine with Python 3.11 and make:
#   make run    creates .venv, installs, migrates SQLite, imports fixtures/, serves :8000
#               (PORT=8001 for another port)
#   make test   installs and runs the whole suite (on DATABASE_URL when it is set)

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
INSTALLED := $(VENV)/.installed
# The Nu Html Checker for the browser tests, from npm, kept inside the project.
TOOLS := .tools
VNU_JAR := $(TOOLS)/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: install run migrate import serve test test-e2e e2e-tools lint format quality bench messages clean

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

# make run PORT=8001 serves on another port; the server keeps the terminal (Ctrl-C stops it).
PORT ?= 8000

serve: install
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

run: import serve

test: install
	$(PY) -m pytest

# Browser tests only; they also need chromium (apt-get install -y chromium) and java.
test-e2e: install e2e-tools
	$(PY) -m pytest -m e2e

e2e-tools: $(VNU_JAR)

# --ignore-scripts: vnu-jar's install script would fetch a JRE when java is missing.
$(VNU_JAR):
	@command -v npm >/dev/null 2>&1 || { echo "npm est requis pour installer vnu-jar"; exit 1; }
	npm install --prefix $(TOOLS) --no-audit --no-fund --ignore-scripts --loglevel=error vnu-jar
	@test -f $@ && touch $@

# BENCH_ARGS="--actions 10000 --centres 200"; DATABASE_URL chooses the server (SQLite if unset).
bench: install
	$(PY) -m tests.bench.run $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

quality: lint
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

# The catalogue of the interface's French plurals (« 0 partenaire »), after a plural message
# is added or changed; needs gettext (apt-get install -y gettext).
messages: install
	$(PY) manage.py french_plurals

clean:
	rm -rf $(VENV) $(TOOLS) db.sqlite3 staticfiles
