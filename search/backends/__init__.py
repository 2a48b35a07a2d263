"""Wagtail's Elasticsearch 8 and OpenSearch 3 backends, made safe to depend on.

When the node is down or slow (every request has a timeout under a second), a search is answered
by the database backend, which Wagtail keeps in step beside it (the "database" entry of
WAGTAILSEARCH_BACKENDS), and the failure is logged. A circuit breaker then sends every search and
every index update straight past the node for `RETRY_AFTER` seconds, so no reader and no publish
waits on a dead node; after that one request tries the node again. Index updates the node did
not take are recorded (`MissedIndexUpdate`: Wagtail's backends swallow indexing errors) and
re-sent once it answers again: automatically, in small batches, and by `manage.py
search_catch_up`.

The breaker is per process (each gunicorn worker finds out for itself, at the cost of one
timeout): no shared state is needed, and a worker never trusts another's stale view.
"""

import logging
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from copy import deepcopy

from django.apps import apps
from django.db import transaction

from wagtail.search.backends import get_search_backend

from modelsearch.utils import deep_update

from cms.breaker import CircuitBreaker
from search.index_settings import PROJECT_INDEX_SETTINGS

logger = logging.getLogger(__name__)

#: How many missed updates one request re-sends when the node comes back; the rest wait for the
#: next request or for `manage.py search_catch_up`, so no reader waits long.
CATCH_UP_BATCH = 100


#: Building an index (creating it, sending every page) may take longer than a reader should
#: wait; `update_index` runs with this timeout instead (search/management/commands/update_index).
_index_management_timeout = ContextVar("index_management_timeout", default=None)


@contextmanager
def index_management_timeout(seconds):
    token = _index_management_timeout.set(seconds)
    try:
        yield
    finally:
        _index_management_timeout.reset(token)


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(name, retry_after):
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = CircuitBreaker(retry_after)
        return _breakers[name]


def reset_breakers():
    with _breakers_lock:
        _breakers.clear()


class ResilientResultsMixin:
    def _do_search(self):
        if self.backend.breaker.allows_request():
            try:
                # The backend's own results are a generator: errors surface while reading it.
                results = list(super()._do_search())
            except self.backend.service_errors as error:
                self.backend.node_failed(error, "search")
            else:
                self.backend.node_answered()
                return results
        return list(self._fallback_results())

    def _do_count(self):
        if self.backend.breaker.allows_request():
            try:
                count = super()._do_count()
            except self.backend.service_errors as error:
                self.backend.node_failed(error, "count")
            else:
                self.backend.node_answered()
                return count
        return self._fallback_results().count()

    def _fallback_results(self):
        compiler = self.query_compiler
        results = self.backend.fallback_backend().search(
            compiler.query,
            compiler.queryset,
            fields=compiler.fields,
            order_by_relevance=compiler.order_by_relevance,
        )
        if self._score_field:
            results = results.annotate_score(self._score_field)
        return results[self.start : self.stop]


class ResilientBackendMixin:
    """Settings, beside Wagtail's own: NAME (the WAGTAILSEARCH_BACKENDS key), FALLBACK (the key of
    the database backend kept in step), RETRY_AFTER (seconds the breaker stays open)."""

    def __init__(self, params):
        params = dict(params)
        self.name = params.pop("NAME", "default")
        self.fallback_name = params.pop("FALLBACK", "database")
        self.breaker = breaker_for(self.name, params.pop("RETRY_AFTER", 30))
        if _index_management_timeout.get() is not None:
            params["TIMEOUT"] = _index_management_timeout.get()
        params["INDEX_SETTINGS"] = deep_update(
            deepcopy(PROJECT_INDEX_SETTINGS), params.get("INDEX_SETTINGS", {})
        )
        super().__init__(params)

    def fallback_backend(self):
        return get_search_backend(self.fallback_name)

    def node_failed(self, error, action):
        if not self.breaker.is_open:
            logger.warning(
                "Search node of backend '%s' failed during %s (%s: %s); answering from the '%s' "
                "backend and not asking the node again for %s s",
                self.name,
                action,
                type(error).__name__,
                error,
                self.fallback_name,
                self.breaker.retry_after,
            )
        self.breaker.record_failure()

    def node_answered(self):
        if self.breaker.record_success():
            logger.warning("Search node of backend '%s' answers again", self.name)
            transaction.on_commit(lambda: catch_up(self, limit=CATCH_UP_BATCH))

    # Index updates: never raise, never wait on an open breaker; remember what was missed.

    def add(self, obj):
        self._write(lambda: super(ResilientBackendMixin, self).add(obj), [obj], "index")

    def add_bulk(self, model, obj_list):
        obj_list = list(obj_list)
        self._write(
            lambda: super(ResilientBackendMixin, self).add_bulk(model, obj_list), obj_list, "index"
        )

    def delete(self, obj):
        self._write(lambda: super(ResilientBackendMixin, self).delete(obj), [obj], "delete")

    def _write(self, write, objects, action):
        if self.breaker.allows_request():
            try:
                write()
            except self.service_errors as error:
                self.node_failed(error, action)
                record_missed(self.name, objects, error)
            else:
                self.node_answered()
        else:
            record_missed(self.name, objects, "node skipped: circuit breaker open")


def record_missed(backend_name, objects, error):
    from search.models import MissedIndexUpdate

    for obj in objects:
        MissedIndexUpdate.objects.update_or_create(
            backend=backend_name,
            model=obj._meta.label,
            object_pk=str(obj.pk),
            defaults={"error": str(error)[:2000]},
        )


def indexed_state(model, pk):
    """The object as the index should hold it now, or None if the index should not hold it (gone,
    or no longer indexed, e.g. unpublished)."""
    from modelsearch.index import get_indexed_instance

    instance = model._default_manager.filter(pk=pk).first()
    return get_indexed_instance(instance) if instance is not None else None


def catch_up(backend, limit=None):
    """Re-send the updates the node missed: the object as it is now, or its removal if it is gone
    or no longer indexed. Returns (sent, still missing)."""
    from search.models import MissedIndexUpdate

    missed = MissedIndexUpdate.objects.filter(backend=backend.name).order_by("missed_at")
    sent = 0
    for row in missed[:limit] if limit else missed:
        if not backend.breaker.allows_request():
            break
        model = apps.get_model(row.model)
        indexed = indexed_state(model, row.object_pk)
        try:
            if indexed is not None:
                super(ResilientBackendMixin, backend).add(indexed)
            else:
                super(ResilientBackendMixin, backend).delete(model(pk=row.object_pk))
        except backend.service_errors as error:
            backend.node_failed(error, "catch-up")
            break
        # Only if no newer miss of the same object was recorded meanwhile.
        MissedIndexUpdate.objects.filter(pk=row.pk, missed_at=row.missed_at).delete()
        sent += 1
    remaining = MissedIndexUpdate.objects.filter(backend=backend.name).count()
    if sent:
        logger.info(
            "Search backend '%s': %s missed index updates caught up, %s left",
            backend.name,
            sent,
            remaining,
        )
    return sent, remaining
