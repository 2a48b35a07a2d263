"""A circuit breaker for a backing service that may be down (a search node, the Redis cache):
once it fails, nothing waits on it again until `retry_after` seconds have passed."""

import threading
import time


class CircuitBreaker:
    """Closed: requests go to the service. Open (after a failure): nothing goes to it until
    `retry_after` seconds have passed; then requests try it again, and the first success closes
    the breaker."""

    def __init__(self, retry_after):
        self.retry_after = retry_after
        self.opened_at = None
        self.lock = threading.Lock()

    @property
    def is_open(self):
        return self.opened_at is not None

    def allows_request(self):
        with self.lock:
            return self.opened_at is None or (time.monotonic() - self.opened_at >= self.retry_after)

    def record_failure(self):
        with self.lock:
            self.opened_at = time.monotonic()

    def record_success(self):
        """True when this success closes a breaker that was open."""
        with self.lock:
            was_open = self.opened_at is not None
            self.opened_at = None
            return was_open
