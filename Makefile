# Stint: `make run` starts the demo site (gunicorn), `make dev` the same with auto-reload, `make test` checks everything on SQLite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-12)

.PHONY: run dev cluster test lint typecheck pytest vendor install migrate demo bench clean locale messages

# The demo through gunicorn (what production runs), a task worker and the scheduler; no auto-reload.
run: install vendor locale migrate demo
	@scripts/run.sh

# The same with Django's development server, which reloads on every code change.
dev: install vendor locale migrate demo
	@scripts/run.sh --dev

# The production topology on one machine (docs/operations.md, "The cluster on one machine").
cluster: install vendor locale
	@scripts/cluster.sh

test: install vendor lint typecheck pytest

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@scripts/bootstrap-venv.sh $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

vendor:
	@scripts/vendor.sh

# Compile the translation catalogues (.po → .mo, pure Python; docs/i18n.md).
locale: install
	@$(PY) scripts/compile_messages.py

# Extract new strings into every catalogue (needs GNU gettext), then compile.
messages: install
	@scripts/messages.sh

migrate: install
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py load_demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	$(PY) scripts/i18n_check.py

typecheck: install
	$(VENV)/bin/mypy config stint

pytest: install vendor locale
	@scripts/pytest.sh

bench: install vendor
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules stint/static/vendor var staticfiles
