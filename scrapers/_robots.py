"""Honouring robots.txt (RFC 9309) before fetching a provider's pages.

Price pages are public, but a site's robots.txt is how its operator says what
automated clients may read and how often. This module answers "may our agent
fetch this URL?" and "what Crawl-delay did the site ask for?", fetching each
host's robots.txt at most once per TTL through an injected function, so it does
no network I/O of its own and tests need no server.

Parsing and matching are protego's (the parser Scrapy uses: ``*`` and ``$`` wildcards, longest-match
precedence between Allow and Disallow, fractional Crawl-delay); this module adds what RFC 9309 asks
of the crawler around it: the status-code rules (4xx means no rules, 5xx or no answer means stay
away), a parse size limit, and caching.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from protego import Protego

from core.errors import ConfigError, FetchError, Unreachable

RobotsFetch = Callable[[str], tuple[int, bytes]]
"""GET a robots.txt URL and return (HTTP status, body); raises FetchError when the host cannot be reached."""

DEFAULT_PORTS = {"http": 80, "https": 443}


class RobotsDisallowed(FetchError):
    """The site's robots.txt does not allow our agent to fetch the URL."""


@dataclass(frozen=True)
class _Origin:
    """The scheme, host and port a robots.txt applies to (RFC 9309 section 2.3)."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host  # IPv6 literal
        if self.port == DEFAULT_PORTS[self.scheme]:
            return f"{self.scheme}://{host}"
        return f"{self.scheme}://{host}:{self.port}"

    @property
    def robots_url(self) -> str:
        """Where this origin's robots.txt lives."""
        return f"{self}/robots.txt"


@dataclass(frozen=True)
class _Entry:
    """Parsed rules for one origin and when they were fetched."""

    parser: Protego
    fetched_at: datetime


def _utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against: the User-Agent text before the first "/"."""
    token = user_agent.split("/", 1)[0].strip()
    if not token:
        raise ConfigError(f"User-Agent {user_agent!r} has no product name to match robots.txt groups against")
    return token


def _origin_of(url: str) -> _Origin:
    """The origin whose robots.txt governs `url`."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ConfigError(f"{url!r} is not an absolute http(s) URL, so it has no robots.txt")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError as exc:
        raise ConfigError(f"{url!r} has an invalid port: {exc}") from exc
    return _Origin(scheme, parts.hostname, port)  # hostname is already lower-cased


def _truncate(body: bytes, max_bytes: int) -> bytes:
    """The part of `body` that is parsed: at most `max_bytes`, ending on a whole line."""
    if len(body) <= max_bytes:
        return body
    # RFC 9309 section 2.5: crawlers MUST parse at least 500 KiB and MAY ignore the rest.
    # Drop the line the limit cuts through, so "Disallow: /private" never becomes "Disallow: /pri".
    head = body[:max_bytes]
    return head[: head.rfind(b"\n") + 1]


def _parse_robots(body: bytes, max_bytes: int) -> Protego:
    """The rules of a robots.txt body (RFC 9309 says it is UTF-8)."""
    return Protego.parse(_truncate(body, max_bytes).decode("utf-8-sig", errors="replace"))  # -sig: a BOM


def _allow_all() -> Protego:
    """The rules of a site without robots.txt rules: everything is allowed."""
    return Protego.parse("")


class RobotsCache:
    """Per-origin robots.txt rules, fetched on first use and kept for `ttl`; thread safe.

    `max_bytes` bounds how much of a robots.txt is parsed; RFC 9309 asks for at least 500 KiB.
    """

    def __init__(self, fetch: RobotsFetch, user_agent: str, ttl: timedelta = timedelta(hours=24),
                 clock: Callable[[], datetime] = _utc_now, max_bytes: int = 512 * 1024) -> None:
        if max_bytes < 1:
            raise ValueError(f"max_bytes must be positive, not {max_bytes}")
        self._fetch = fetch
        self._user_agent = user_agent
        self._token = agent_token(user_agent)
        self._ttl = ttl
        self._clock = clock
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        self._entries: dict[_Origin, _Entry] = {}
        self._origin_locks: dict[_Origin, threading.Lock] = {}

    def check(self, url: str) -> None:
        """Raise RobotsDisallowed if robots.txt forbids `url` to our agent, FetchError if it cannot be read."""
        origin = _origin_of(url)
        if not self._rules(origin, url).can_fetch(url, self._user_agent):
            raise RobotsDisallowed(f"{url} was not fetched: robots.txt of {origin} disallows it for {self._token}")

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay robots.txt asks of our agent on `url`'s host, or None if it sets none."""
        delay = self._rules(_origin_of(url), url).crawl_delay(self._user_agent)
        return None if delay is None else float(delay)

    def _rules(self, origin: _Origin, url: str) -> Protego:
        """The cached rules of `origin`, fetched if missing or older than the TTL."""
        with self._origin_lock(origin):  # one fetch per origin at a time; other hosts are not held up
            entry = self._fresh_entry(origin)
            if entry is None:
                entry = _Entry(self._download(origin, url), self._clock())
                with self._lock:
                    self._entries[origin] = entry
            return entry.parser

    def _origin_lock(self, origin: _Origin) -> threading.Lock:
        """The lock serialising fetches of one origin's robots.txt."""
        with self._lock:
            return self._origin_locks.setdefault(origin, threading.Lock())

    def _fresh_entry(self, origin: _Origin) -> _Entry | None:
        """The cached entry of `origin` if it is younger than the TTL."""
        with self._lock:
            entry = self._entries.get(origin)
        # RFC 9309 section 2.4: a cached robots.txt SHOULD NOT be used for more than 24 hours.
        if entry is None or self._clock() - entry.fetched_at >= self._ttl:
            return None
        return entry

    def _download(self, origin: _Origin, url: str) -> Protego:
        """Fetch and interpret `origin`'s robots.txt; raise FetchError when it is unreachable."""
        try:
            status, body = self._fetch(origin.robots_url)
        except FetchError as exc:
            kind = Unreachable if isinstance(exc, Unreachable) else FetchError
            raise self._unreachable(origin, url, str(exc), kind) from exc
        if 200 <= status < 300:
            return _parse_robots(body, self._max_bytes)
        # RFC 9309 section 2.3.1.3: 4xx means "unavailable", and the crawler MAY access anything.
        # 429 is the exception: it asks us to slow down, so it is treated like a server error.
        # A 3xx reaching us means redirects were not followed to the end (section 2.3.1.2): unavailable.
        if 300 <= status < 500 and status != 429:
            return _allow_all()
        # RFC 9309 section 2.3.1.4: 5xx (or no answer) means "unreachable": assume complete disallow.
        raise self._unreachable(origin, url, f"HTTP {status}")

    def _unreachable(self, origin: _Origin, url: str, reason: str, kind: type[FetchError] = FetchError) -> FetchError:
        """The error for a robots.txt that could not be read; it is not cached, so the next check retries.
        A host that cannot be reached at all stays ``Unreachable``."""
        return kind(f"robots.txt of {origin} could not be read ({reason}); RFC 9309 says to assume "
                    f"the site disallows crawling, so {url} was not fetched")
