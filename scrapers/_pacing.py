"""Pacing requests per host, so a refresh never hammers one provider's servers.

Fetching several sources in parallel is fine across providers, but one host
should see only a few requests at a time and a pause between them (longer if its
robots.txt asks for a Crawl-delay). HostPacer enforces both per host; the clock
and sleep are injected so tests run without waiting.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager


class HostPacer:
    """At most `max_concurrent` requests per host at once, and at least `min_interval` seconds
    between the starts of two requests to one host."""

    def __init__(self, max_concurrent: int = 2, min_interval: float = 1.0,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        if max_concurrent < 1:
            raise ValueError(f"max_concurrent must be at least 1, not {max_concurrent}")
        _check_interval("min_interval", min_interval)
        self.max_concurrent = max_concurrent
        self.min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}
        self._last_start: dict[str, float] = {}

    def slot(self, host: str, min_interval: float | None = None) -> AbstractContextManager[None]:
        """Block until a request to `host` may start; `min_interval` (e.g. a Crawl-delay) applies if larger."""
        if min_interval is not None:
            _check_interval("min_interval", min_interval)
        interval = max(self.min_interval, min_interval or 0.0)
        return self._slot(host.lower(), interval)

    @contextmanager
    def _slot(self, host: str, interval: float) -> Iterator[None]:
        """Hold one of the host's concurrency slots, starting no sooner than its pacing allows."""
        with self._semaphore(host):
            # Take the concurrency slot first: a requester waiting for one must not hold a start time.
            wait = self._reserve_start(host, interval)
            if wait > 0:
                self._sleep(wait)  # outside the lock: later requesters reserve the following start times
            yield

    def _semaphore(self, host: str) -> threading.BoundedSemaphore:
        """The semaphore bounding concurrent requests to `host`."""
        with self._lock:
            return self._semaphores.setdefault(host, threading.BoundedSemaphore(self.max_concurrent))

    def _reserve_start(self, host: str, interval: float) -> float:
        """Book the earliest start time for `host` at least `interval` after the previous one; return the wait."""
        with self._lock:
            now = self._clock()
            last = self._last_start.get(host)
            start = now if last is None else max(now, last + interval)
            self._last_start[host] = start
            return start - now


def _check_interval(name: str, value: float) -> None:
    """Reject a negative interval."""
    if value < 0:
        raise ValueError(f"{name} must be 0 or more seconds, not {value}")
