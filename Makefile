# BDTX — `make run` serves the app with a Celery worker; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_SIZE ?= small

.PHONY: install run serve worker migrate demo test test-fast test-browser browser-deps lint format bench bench-import bench-onboard bench-reminders documents help-screenshots bench-nation bomb-check loadtest messages check-deploy clean faults backup-test

install: $(VENV)/.installed node_modules/.installed

# The runtime set with its hashes (what the image installs), then the tests' and tools' set.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo --size $(DEMO_SIZE) --if-empty

run: demo
	@echo "BDTX: http://$(HOST):$(PORT)/ — demo accounts are listed in README.md"
	@$(BIN)/celery -A bdtx worker --beat --schedule=var/celerybeat-schedule --loglevel=INFO --concurrency=2 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install
	$(BIN)/celery -A bdtx worker --loglevel=INFO

# Browser tests drive Debian's chromium (Playwright cannot download browsers here); install it when missing.
SUDO := $(shell test "$$(id -u)" -eq 0 || echo sudo)
browser-deps:
	@{ test -x /usr/bin/chromium && command -v pdftotext >/dev/null && ldconfig -p | grep -q libpangoft2; } || { \
		echo "Installing Debian packages: chromium, poppler-utils, pango"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core poppler-utils \
			libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }
	@/usr/bin/chromium --version 2>/dev/null

test: install browser-deps
	$(BIN)/pytest

test-fast: install browser-deps
	$(BIN)/pytest -m "not browser"

test-browser: install browser-deps
	$(BIN)/pytest -m browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python scripts/bench.py

# A 20,000-row staff import as a background job, phase by phase (its own database, recreated each run).
bench-import: install
	$(BIN)/python scripts/bench_import.py

# A province set up from its files: 700 schools and 30,000 staff with their accounts, phase by phase.
bench-onboard: install
	$(BIN)/python scripts/bench_onboard.py

# The daily reminder digests of the province dataset (make bench's database), one line per deadline.
bench-reminders: install
	$(BIN)/python scripts/bench_reminders.py

# What a teacher's phone downloads per page once static files are cached, and layout shift (server at PAGE_WEIGHT_URL).
pageweight: install
	$(BIN)/python scripts/page_weight.py

# nginx with a self-signed certificate in front of gunicorn, the worker and beat, with production settings: log in over
# HTTPS, a 15 MB upload, an export, a lockout of one address only, the verify page with Redis stopped.
prod-smoke: install
	bash scripts/prod_smoke.sh

# Every official document of the demo as PDF, Word and A4 PNG pages under var/documents/, to look at.
documents: install
	$(BIN)/python scripts/render_documents.py

# The help pages' screenshots (static/help/*.png) from the demo that `make run` serves (HELP_URL to use another).
HELP_URL ?= http://$(HOST):$(PORT)
help-screenshots: install browser-deps
	$(BIN)/python scripts/help_screenshots.py --base-url $(HELP_URL)

# Excel bombs refused by every import: prints each one's time and extra memory (goal: under 2 s and 100 MB).
bomb-check: install
	$(BIN)/python scripts/import_bomb.py

# The Sở and Ministry summary pages on the nation dataset (34 Sở, ≈ 1.2 million staff; seeding it takes ~45 min).
bench-nation: install
	$(BIN)/python scripts/bench_nation.py

# 100 concurrent users for 3 minutes on gunicorn + PostgreSQL + Redis (docs/loadtest.md).
loadtest: install
	$(BIN)/python scripts/loadtest/run.py

# Production settings as .env.example gives them: the e-mail server among them (the console backend is an error).
check-deploy: install
	DJANGO_SETTINGS_MODULE=bdtx.settings.production SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
		EMAIL_HOST=smtp.example.gov.vn EMAIL_USE_TLS=1 \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	@echo "Without an e-mail server production is refused (bdtx.E001):"
	DJANGO_SETTINGS_MODULE=bdtx.settings.production SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
		$(BIN)/python manage.py check --deploy 2>&1 | grep "bdtx.E001"

# Fault tests on the real PostgreSQL and Redis (they stop and restart both): see docs/operations.md.
faults: install
	scripts/faults/run_all.sh

backup-test: install
	scripts/faults/backup_test.sh

clean:
	rm -rf $(VENV) node_modules var
