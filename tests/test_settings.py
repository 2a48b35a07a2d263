"""Production settings refuse to start without a real secret key and allowed hosts, and pass
Django's deployment checks; the embedded default needs no environment at all."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz!@#$%"


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT",
            "DJANGO_SETTINGS_MODULE",
            "ELASTICSEARCH_URL",
            "OPENSEARCH_URL",
        }
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check", DJANGO_SETTINGS_MODULE="cms.settings.production", ALLOWED_HOSTS="example.gov.wales"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_an_insecure_development_key():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="django-insecure-" + "x" * 60,
        ALLOWED_HOSTS="example.gov.wales",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage("check", DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_deploy_check_on_production_settings_reports_nothing():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="example.gov.wales",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("value, expected", [(None, "True"), ("false", "False"), ("0", "False")])
def test_ssl_redirect_is_on_by_default_and_can_be_turned_off(value, expected):
    env = {
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "example.gov.wales",
    }
    if value is not None:
        env["SECURE_SSL_REDIRECT"] = value
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT)",
        **env,
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


def test_embedded_default_is_sqlite_and_database_search(settings):
    from cms.settings import base

    if "DATABASE_URL" not in os.environ:
        assert base.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    if not {"ELASTICSEARCH_URL", "OPENSEARCH_URL"} & set(os.environ):
        assert base.WAGTAILSEARCH_BACKENDS == {"default": {"BACKEND": "search.backends.database"}}


@pytest.mark.parametrize(
    "variable, backend",
    [
        ("ELASTICSEARCH_URL", "search.backends.elasticsearch8"),
        ("OPENSEARCH_URL", "search.backends.opensearch3"),
    ],
)
def test_a_search_cluster_url_brings_the_cluster_with_the_database_as_fall_back(variable, backend):
    code = (
        "from django.conf import settings; b = settings.WAGTAILSEARCH_BACKENDS; "
        "print(b['default']['BACKEND'], b['default']['URLS'], b['default']['TIMEOUT'], "
        "b['default']['FALLBACK'], b['database']['BACKEND'])"
    )
    result = manage("shell", "-c", code, **{variable: "https://u:p@search.example:443"})
    assert result.stdout.strip().splitlines()[-1] == (
        f"{backend} ['https://u:p@search.example:443'] 0.8 database search.backends.database"
    ), result.stderr


def test_locales_english_and_welsh_exist_from_the_start(db):
    from wagtail.models import Locale

    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", "cy"}
