"""`/healthz` reports the database, cache and search backend without secrets, and says when a
backing service is missing."""

from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_backing_service(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "search"}
    assert all(check["ok"] for check in body["checks"].values())
    text = response.content.decode()
    database = settings.DATABASES["default"]
    for secret in (settings.SECRET_KEY, str(database.get("PASSWORD") or "unset-password")):
        assert secret not in text


def test_a_failing_cache_degrades_but_the_site_is_up(client):
    with mock.patch("cms.health.cache.get", side_effect=ConnectionError("cache down")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"]["ok"] is False


def test_a_failing_database_is_503(client):
    with mock.patch("cms.health.check_database", side_effect=OSError("database down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
