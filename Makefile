# Two commands set everything up on a fresh machine with Python 3.11+:
#   make run   - the site with the demo content on http://127.0.0.1:8000
#   make test  - the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: run test install messages migrate content check clean

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(INSTALLED)

install: $(INSTALLED)

# Interface strings: compile locale/*/LC_MESSAGES/django.po to .mo with polib (a dependency of
# wagtail-localize), so the build needs no system gettext.
messages: install
	$(BIN)/python -c "import glob, polib; [polib.pofile(p).save_as_mofile(p[:-3] + '.mo') for p in glob.glob('locale/*/LC_MESSAGES/*.po')]"

migrate: messages
	$(MANAGE) migrate --no-input

content: migrate
	$(MANAGE) load_content

run: content
	$(MANAGE) ensure_dev_admin
	$(MANAGE) runserver 127.0.0.1:8000

check: messages
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test: install check
	$(BIN)/pytest

clean:
	rm -rf $(VENV) db.sqlite3 static_collected .pytest_cache
