"""Wagtail's Elasticsearch 8 backend with the fall-back and catch-up of search.backends."""

from wagtail.search.backends.elasticsearch8 import (
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchResults,
)

from elastic_transport import TransportError
from elasticsearch import ApiError

from search.backends import ResilientBackendMixin, ResilientResultsMixin


class ResilientElasticsearch8Results(ResilientResultsMixin, Elasticsearch8SearchResults):
    pass


class ResilientElasticsearch8Backend(ResilientBackendMixin, Elasticsearch8SearchBackend):
    results_class = ResilientElasticsearch8Results
    service_errors = (TransportError, ApiError)


SearchBackend = ResilientElasticsearch8Backend
