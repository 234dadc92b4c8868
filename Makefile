# The two commands of the README:
#   make run   set up a fresh machine and serve the demo city at http://127.0.0.1:8000
#   make test  run the whole test suite (PostgreSQL, Redis, Celery worker, Chromium)
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test setup system-deps lint clean

MESSAGES := locale/zh_Hans/LC_MESSAGES/django

setup: $(VENV)/.installed node_modules/.installed $(MESSAGES).mo
	$(PY) manage.py prepare_report_fonts

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Chinese for what Django and the third-party apps leave in English.
$(MESSAGES).mo: $(MESSAGES).po $(VENV)/.installed
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv --ignore=node_modules -v0

system-deps:
	bash scripts/system-deps.sh

run: system-deps setup
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: system-deps setup
	$(PY) manage.py collectstatic --noinput -v0
	bash scripts/test.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) node_modules staticfiles
