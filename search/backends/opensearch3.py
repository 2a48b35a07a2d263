"""Wagtail's OpenSearch 3 backend with the fall-back and catch-up of search.backends."""

from wagtail.search.backends.opensearch3 import OpenSearch3SearchBackend, OpenSearch3SearchResults

from opensearchpy.exceptions import OpenSearchException

from search.backends import ResilientBackendMixin, ResilientResultsMixin


class ResilientOpenSearch3Results(ResilientResultsMixin, OpenSearch3SearchResults):
    pass


class ResilientOpenSearch3Backend(ResilientBackendMixin, OpenSearch3SearchBackend):
    results_class = ResilientOpenSearch3Results
    service_errors = (OpenSearchException,)


SearchBackend = ResilientOpenSearch3Backend
