# Two commands set everything up on a fresh machine with Python 3.11+:
#   make run   - the site with the demo content on http://127.0.0.1:8000
#   make test  - the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-browser fuzz bench faults render-costs backup restore install assets messages migrate content check clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(INSTALLED)

install: $(INSTALLED)

# The public site's styles and scripts: GOV.UK Frontend (pinned in frontend/package.json) and the
# site's own stylesheet, built with npm (Node 20+) into frontend/build, which staticfiles serves.
ASSETS := frontend/build/site/site.css
$(ASSETS): frontend/package.json frontend/package-lock.json frontend/build.mjs $(wildcard frontend/scss/*.scss frontend/js/*.mjs frontend/images/*)
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || (echo "Node.js 20 or newer is needed" && exit 1)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent

assets: $(ASSETS)

# Interface strings: compile locale/*/LC_MESSAGES/django.po to .mo with polib (a dependency of
# wagtail-localize), so the build needs no system gettext.
messages: install
	$(BIN)/python -c "import glob, polib; [polib.pofile(p).save_as_mofile(p[:-3] + '.mo') for p in glob.glob('locale/*/LC_MESSAGES/*.po')]"

migrate: messages
	$(MANAGE) migrate --no-input

content: migrate
	$(MANAGE) load_content

run: content assets
	$(MANAGE) ensure_dev_admin
	$(MANAGE) runserver 127.0.0.1:8000

check: messages
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test: install assets check
	$(BIN)/pytest

# The browser suite (tests/browser, marked `browser`, left out of `make test`): Debian's chromium
# at /usr/bin/chromium, headless, never a downloaded browser. Screenshots and axe results go to
# build/.
test-browser: install assets messages
	$(BIN)/pytest -m browser -v tests/browser

# Hypothesis over the path and query string of every public view: 10,000 requests, no 500.
fuzz: install assets check
	FUZZ_EXAMPLES=10000 $(BIN)/pytest -q -s tests/test_fuzz.py

# Load (perf/bench.py) and fault (perf/faults.py) runs against gunicorn on 127.0.0.1 with the
# production settings; they build their own database and print their tables.
bench: install assets messages
	$(BIN)/python perf/bench.py

faults: install assets messages
	$(BIN)/python perf/faults.py

# Where an uncached render's time goes (site, routing, relations, templates), in one process.
render-costs: install assets messages
	$(BIN)/python perf/render_costs.py

# A consistent copy of the database (pg_dump on PostgreSQL) and the media files; `make restore
# BACKUP=path` puts one back (it asks first).
backup: install
	$(MANAGE) backup_site $(if $(BACKUP),--output $(BACKUP))

restore: install
	@test -n "$(BACKUP)" || (echo "Name the backup: make restore BACKUP=backups/<name>" && exit 1)
	$(MANAGE) restore_site $(BACKUP)

clean:
	rm -rf $(VENV) db.sqlite3 static_collected .pytest_cache
