"""Fetching a provider's sources: the live HTTP transport and the loop shared with replay.

The live transport uses httpx with timeouts and an identifying User-Agent, and
retries transient failures (connection errors, timeouts, 429, 5xx) with tenacity:
exponential backoff with jitter, a bounded number of attempts and total time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Protocol

import httpx
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from core.errors import FetchError, MissingCredentials, ParseError
from scrapers._base import Fetched, Page, Source, check_page

USER_AGENT = "llm-prices-tracker/0.1.0 (LLM inference price freshness tracker; python-httpx)"
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
MAX_ATTEMPTS = 4
MAX_RETRY_SECONDS = 120.0
MAX_PAGES = 100  # a paginated listing longer than this is a loop, not a catalogue
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class Transport(Protocol):
    """Reads one URL of a source and returns the page, or raises FetchError."""

    def get(self, source: Source, url: str) -> Page: ...


class _Transient(Exception):
    """A response worth retrying (429 or 5xx)."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


def make_client(user_agent: str | None = None, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """An httpx client with our timeouts and User-Agent (PRICES_USER_AGENT overrides it)."""
    agent = user_agent or os.environ.get("PRICES_USER_AGENT") or USER_AGENT
    return httpx.Client(timeout=TIMEOUT, headers={"User-Agent": agent},
                        follow_redirects=True, transport=transport)


class HttpTransport:
    """Live fetching with retries; credentials come from the environment."""

    def __init__(self, client: httpx.Client, env: Mapping[str, str] | None = None,
                 clock: Callable[[], datetime] | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 max_attempts: int = MAX_ATTEMPTS) -> None:
        self.client = client
        self.env = os.environ if env is None else env
        self.clock = clock or (lambda: datetime.now(UTC))
        self.sleep = sleep
        self.max_attempts = max_attempts

    def get(self, source: Source, url: str) -> Page:
        headers = {"Accept": source.expects, **self._auth(source)}
        response = self._get_with_retries(url, headers)
        page = Page(url, response.status_code, response.headers.get("content-type", ""),
                    response.content, self.clock())
        return check_page(source, page)

    def _auth(self, source: Source) -> dict[str, str]:
        if not source.auth_env:
            return {}
        key = self.env.get(source.auth_env, "").strip()
        if not key:
            raise MissingCredentials(f"{source.auth_env} is not set, so {source.url} was not read")
        return {"Authorization": f"Bearer {key}"}

    def _get_with_retries(self, url: str, headers: dict[str, str]) -> httpx.Response:
        retrying = Retrying(
            stop=stop_after_attempt(self.max_attempts) | stop_after_delay(MAX_RETRY_SECONDS),
            wait=wait_exponential_jitter(initial=1, max=30, jitter=1),
            retry=retry_if_exception_type((httpx.TransportError, _Transient)),
            sleep=self.sleep,
        )
        try:
            return retrying(self._get_once, url, headers)
        except RetryError as exc:
            last = exc.last_attempt.exception()
            attempts = exc.last_attempt.attempt_number
            raise FetchError(f"GET {url} failed after {attempts} attempts: {_describe(last)}") from last

    def _get_once(self, url: str, headers: dict[str, str]) -> httpx.Response:
        response = self.client.get(url, headers=headers)
        if response.status_code in RETRY_STATUSES:
            raise _Transient(response)
        return response


def _describe(exc: BaseException | None) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx.TransportError):
        return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return str(exc)


def fetch_source(transport: Transport, source: Source) -> list[Page]:
    """Every page of one source, following its pagination."""
    pages = [transport.get(source, source.first_url)]
    while source.next_page and (next_url := source.next_page(pages[-1])):
        if len(pages) >= MAX_PAGES:
            raise FetchError(f"{source.url}: more than {MAX_PAGES} pages; stopping")
        pages.append(transport.get(source, next_url))
    return pages


def fetch_all(transport: Transport, sources: Sequence[Source]) -> Fetched:
    """Fetch every source; a failing optional source is recorded, a failing required one raises."""
    fetched = Fetched()
    for source in sources:
        try:
            fetched.pages[source.name] = fetch_source(transport, source)
        except (FetchError, ParseError) as exc:  # a page that cannot be paginated fails its source
            if source.required:
                raise
            fetched.failures[source.name] = str(exc)
    return fetched
