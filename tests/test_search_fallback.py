"""Search stays up when the search cluster does not: a node that is down or hangs is answered
from the database backend (logged, nothing shown to the reader), a circuit breaker stops asking
it, index updates it misses are recorded, and they are caught up when it answers again.

The node is played by a proxy the tests can cut or hang. With a real cluster configured (CI
starts OpenSearch) the proxy forwards to it; without one it has nothing behind it, which is all
the down and hanging cases need."""

import time
from urllib.parse import urlparse

from django.core.management import CommandError, call_command

from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

import pytest

from search.backends import reset_breakers
from search.models import MissedIndexUpdate
from search.querying import run_search
from tests.conftest import search_cluster_configured
from tests.node_proxy import NodeProxy
from toolkit.models import PrinciplePage

pytestmark = pytest.mark.django_db

needs_cluster = pytest.mark.skipif(
    not search_cluster_configured(), reason="needs a search cluster (OPENSEARCH_URL)"
)


@pytest.fixture
def cluster(settings):
    return settings.WAGTAILSEARCH_BACKENDS["default"] if search_cluster_configured() else None


@pytest.fixture
def proxy(cluster):
    node = NodeProxy(urlparse(cluster["URLS"][0]).port if cluster else None)
    yield node
    node.stop()


@pytest.fixture
def search_behind_proxy(settings, proxy, cluster):
    """The site's search backends as in production with a cluster, the cluster reached through
    the proxy, with a short timeout and retry delay."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            **(cluster or {"BACKEND": "search.backends.opensearch3"}),
            "NAME": "behind-proxy",
            "URLS": [proxy.url],
            "TIMEOUT": 0.5,
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
            "RETRY_AFTER": 0.5,
            "FALLBACK": "database",
        },
        "database": {"BACKEND": "search.backends.database"},
    }
    reset_breakers()
    yield settings.WAGTAILSEARCH_BACKENDS["default"]
    reset_breakers()


def english():
    return Locale.objects.get(language_code="en")


def stable_home():
    return PrinciplePage.objects.get(number=8, locale__language_code="en")


def test_a_node_that_is_down_is_answered_from_the_database_and_not_asked_again(
    search_behind_proxy, proxy, client, caplog
):
    # Long enough that the breaker cannot half-open during the test on a busy machine.
    search_behind_proxy["RETRY_AFTER"] = 60
    reset_breakers()
    proxy.cut()
    found = run_search("stable home", english()).results
    assert found and found[0].pk == stable_home().pk
    assert "answering from the 'database' backend" in caplog.text

    asked = proxy.connections
    run_search("good health", english())
    response = client.get("/en/search/", {"q": "stable home"})
    assert proxy.connections == asked  # the breaker is open: nobody waits on the node
    assert response.status_code == 200
    assert stable_home().url in response.content.decode()


def test_a_hanging_node_times_out_under_a_second_and_search_falls_back(
    search_behind_proxy, proxy, settings
):
    from cms.settings import base

    assert base.WAGTAILSEARCH_BACKENDS["default"].get("TIMEOUT", 0.8) < 1
    proxy.hang()
    started = time.monotonic()
    found = run_search("stable home", english()).results
    waited = time.monotonic() - started
    assert found and found[0].pk == stable_home().pk
    assert waited < 3, f"waited {waited:.1f} s on a hanging node"


def test_publishing_while_the_node_is_down_works_and_the_missed_update_is_recorded(
    search_behind_proxy, proxy
):
    proxy.cut()
    page = stable_home()
    page.title = "A stable home and a quokka"
    page.save_revision().publish()
    missed = MissedIndexUpdate.objects.get(model="toolkit.PrinciplePage", object_pk=str(page.pk))
    assert missed.backend == "behind-proxy"
    # The database backend, kept in step beside the cluster, already has the change.
    assert [found.pk for found in run_search("quokka", english()).results] == [page.pk]

    asked = proxy.connections
    page.save_revision().publish()
    assert proxy.connections == asked
    assert MissedIndexUpdate.objects.filter(object_pk=str(page.pk)).count() == 1
    with pytest.raises(CommandError, match="1 index updates could not be sent"):
        call_command("search_catch_up")


@needs_cluster
def test_search_goes_back_to_the_node_and_missed_updates_are_caught_up(
    search_behind_proxy, proxy, cluster, django_capture_on_commit_callbacks, caplog
):
    run_search("stable home", english())
    assert "answering from" not in caplog.text  # the node answers through the proxy

    proxy.cut()
    page = stable_home()
    page.title = "A stable home and a quokka"
    page.save_revision().publish()
    assert MissedIndexUpdate.objects.count() == 1

    proxy.restore()
    time.sleep(search_behind_proxy["RETRY_AFTER"] + 0.1)
    asked = proxy.connections
    with django_capture_on_commit_callbacks(execute=True):
        run_search("stable home", english())
    assert proxy.connections > asked  # back on the node
    assert "answers again" in caplog.text
    assert MissedIndexUpdate.objects.count() == 0

    # Straight to the node, with no fall-back: it has the change made while it was cut off.
    node_only = get_search_backend(
        "default", BACKEND=cluster["BACKEND"].replace("search.", "wagtail.search.", 1)
    )
    node_only.refresh_indexes()
    pages = PrinciplePage.objects.live().filter(locale=english())
    assert [found.pk for found in node_only.search("quokka", pages)] == [page.pk]


def test_the_breaker_opens_on_failure_and_lets_a_request_try_again_after_the_delay(monkeypatch):
    from cms import breaker as breaker_module
    from search import backends

    now = [1000.0]
    monkeypatch.setattr(breaker_module.time, "monotonic", lambda: now[0])
    breaker = backends.CircuitBreaker(retry_after=30)
    assert breaker.allows_request()
    breaker.record_failure()
    assert not breaker.allows_request()
    now[0] += 29.9
    assert not breaker.allows_request()
    now[0] += 0.2
    assert breaker.allows_request()  # one try; a success closes it
    assert breaker.record_success() is True
    assert breaker.record_success() is False


def test_the_elasticsearch8_backend_falls_back_the_same_way(settings, proxy, caplog):
    """Elasticsearch 8 itself cannot be started here (see the README), but its wrapper is the
    same: against a node that is down it answers from the database and logs it."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch8",
            "NAME": "elasticsearch-behind-proxy",
            "URLS": [proxy.url],
            "TIMEOUT": 0.5,
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
            "FALLBACK": "database",
        },
        "database": {"BACKEND": "search.backends.database"},
    }
    reset_breakers()
    proxy.cut()
    try:
        found = run_search("stable home", english()).results
        assert found and found[0].pk == stable_home().pk
        assert "backend 'elasticsearch-behind-proxy' failed during search" in caplog.text
    finally:
        reset_breakers()
