# Stint: `make run` starts the demo site, `make test` checks everything on SQLite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-12)

.PHONY: run test lint typecheck pytest vendor install migrate demo bench clean

run: install vendor migrate demo
	@scripts/run.sh

test: install vendor lint typecheck pytest

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@scripts/bootstrap-venv.sh $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*; touch $(STAMP)

vendor:
	@scripts/vendor.sh

migrate: install
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py load_demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

typecheck: install
	$(VENV)/bin/mypy config stint

pytest: install vendor
	@scripts/pytest.sh

bench: install vendor
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules stint/static/vendor var staticfiles
