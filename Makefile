# Two commands set everything up on a fresh machine with Python 3.11+:
#   make run   - the site with the demo content on http://127.0.0.1:8000
#   make test  - the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: run test test-browser install assets messages migrate content check clean

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

clean:
	rm -rf $(VENV) db.sqlite3 static_collected .pytest_cache
