"""The cache backends: Django's Redis cache made to degrade instead of fail, and its local-memory
cache with cheaper key checks (both below).

Everything the site keeps in the cache (rendered pages, rate-limit counters, PDFs, Wagtail's
site root paths) can be rebuilt, so a Redis that is down must cost readers speed, never a 500.
Django's backend raises on every call when Redis is unreachable; this one logs the first
failure, answers as an empty cache (a read misses, a write is dropped), and keeps off Redis for
`RETRY_AFTER` seconds (a circuit breaker) so that requests do not each wait on a dead server.
django-redis has the same idea (IGNORE_EXCEPTIONS) but is a second client for one setting."""

import logging

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

from cms.breaker import CircuitBreaker

logger = logging.getLogger(__name__)

#: What each cache call answers while Redis is unreachable: what an empty cache would.
ANSWER_WHEN_DOWN = {
    "add": False,
    "get": None,
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "set_many": [],
    "delete_many": None,
    "clear": False,
}


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.breaker = CircuitBreaker(float(params.get("RETRY_AFTER", 5)))

    @property
    def available(self):
        return not self.breaker.is_open

    def _guarded(self, name, *args, **kwargs):
        if not self.breaker.allows_request():
            return self._answer_when_down(name, args, kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - redis raises many kinds; all mean "down"
            if not self.breaker.is_open:
                logger.warning("Redis cache unreachable (%s): serving without it", error)
            self.breaker.record_failure()
            return self._answer_when_down(name, args, kwargs)
        if self.breaker.record_success():
            logger.warning("Redis cache reachable again")
        return result

    def _answer_when_down(self, name, args, kwargs):
        if name == "get":
            return kwargs.get("default", args[1] if len(args) > 1 else None)
        if name in ("incr", "decr"):
            raise ValueError("the cache is unavailable")  # as for a missing key
        return ANSWER_WHEN_DOWN.get(name)


def _guarded_method(name):
    def method(self, *args, **kwargs):
        return self._guarded(name, *args, **kwargs)

    method.__name__ = name
    return method


# Every call Django's cache API makes of a backend goes through the breaker.
for _name in (*ANSWER_WHEN_DOWN, "incr"):
    setattr(ResilientRedisCache, _name, _guarded_method(_name))


class ProcessMemoryCache(LocMemCache):
    """Django's local-memory cache without its check that each key would suit memcached: the
    keys here are our own short ASCII ones, and a cached page checks dozens of them per request
    (cms.page_cache), where that check was half the cost of reading them."""

    def validate_key(self, key):
        pass
