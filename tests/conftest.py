"""The demo content is loaded once per test session (it is what every behaviour test reads);
each test then runs in a transaction that is rolled back."""

import io

from django.core.management import call_command
from django.test import Client

import pytest


def search_cluster_configured():
    from django.conf import settings

    return "database" in settings.WAGTAILSEARCH_BACKENDS


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_content", verbosity=0)
        if search_cluster_configured():
            # Build the cluster's index with its mapping and the project's settings.
            call_command("update_index", backend_name="default", stdout=io.StringIO())
            _index_writes.start()


class IndexWrites:
    """With a search cluster, each test's database changes are rolled back but the cluster's
    index is not: the objects a test indexed are re-indexed from the database after it. Each
    write is also made visible at once (a cluster refreshes once a second), as for a reader
    after a publish."""

    def __init__(self):
        self.touched = set()

    def start(self):
        from search.backends import ResilientBackendMixin

        original = ResilientBackendMixin._write
        tracker = self

        def tracked_write(backend, write, objects, action):
            original(backend, write, objects, action)
            tracker.touched.update((type(obj), str(obj.pk)) for obj in objects)
            if backend.breaker.allows_request():
                try:
                    for model in {type(obj) for obj in objects}:
                        backend.get_index_for_model(model).refresh()
                except backend.service_errors:
                    pass  # a test that cuts the node off

        ResilientBackendMixin._write = tracked_write

    def restore(self):
        from wagtail.search.backends import get_search_backend

        from search.backends import indexed_state

        backend = get_search_backend("default")
        for model, pk in self.touched:
            indexed = indexed_state(model, pk)
            if indexed is not None:
                backend.add(indexed)
            else:
                backend.delete(model(pk=pk))
        self.touched.clear()


_index_writes = IndexWrites()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # the test's transaction is rolled back here
    if _index_writes.touched:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _index_writes.restore()


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def principles(db):
    from toolkit.models import PrinciplePage

    return {page.number: page for page in PrinciplePage.objects.filter(locale__language_code="en")}


@pytest.fixture
def sectors(db):
    from toolkit.models import SectorPage

    return {page.slug: page for page in SectorPage.objects.filter(locale__language_code="en")}


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request for a Welsh page activates Welsh for the thread
    (Django's LocaleMiddleware), and a later test calling code directly would read Welsh."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Django's cache outlives each test's rolled-back transaction: every test starts and ends
    with it empty, so that no test sees pages cached (cms.page_cache), rate-limit counts or PDFs
    from the database state of another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
