"""The live transport: every rule of how we read a provider's site, in one place.

- Timeouts: connect and read (httpx), and a deadline on the whole request, headers and
  body (scrapers/_deadline.py), so a server that trickles bytes cannot hold a run.
- Retries (tenacity) on connection errors, timeouts, 429 and 5xx: exponential backoff with
  jitter, ``Retry-After`` honoured up to a cap (a longer one gives up), a bounded number of
  attempts and total time. Any other 4xx fails at once, and so does a host that cannot be
  reached at all (a name that does not resolve, a refused connection, a TLS failure: another
  attempt fails the same way), as ``Unreachable``.
- A body is streamed and cut off past a size cap, counted after decompression (we only
  accept gzip and deflate, and inflate them ourselves with a bound, so a compression bomb
  never fills memory); its content type is checked before a byte of it is read.
- Redirects are followed only to the hosts the source declares; the API key is never sent
  to another host.
- An identifying User-Agent with a contact URL; robots.txt is obeyed for pages (APIs are
  declared as such by their provider module); a per-host limit on concurrent requests and
  a minimum delay between them (a robots.txt Crawl-delay lengthens it).
- Conditional requests: with the body we archived last time, a 304 Not Modified counts as
  a successful read of that same body.
"""

from __future__ import annotations

import os
import socket
import ssl
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from core.errors import FetchError, MissingCredentials, Unreachable
from scrapers._base import Page, Source, check_page
from scrapers._deadline import bound_by_deadline, deadline
from scrapers._pacing import HostPacer
from scrapers._robots import RobotsCache

PROJECT_URL = "https://github.com/llm-prices/llm-prices-tracker"
CONTACT_ENV, USER_AGENT_ENV = "PRICES_CONTACT", "PRICES_USER_AGENT"
RETRY_STATUSES = frozenset({429, *range(500, 600)})  # incl. Cloudflare's 52x in front of providers
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MIB = 1024 * 1024
MAX_BODY_BYTES = 32 * MIB  # the default cap on a body, counted decoded (replay holds captures to it too)


def user_agent(env: Mapping[str, str] | None = None) -> str:
    """Our User-Agent: PRICES_USER_AGENT whole, else the product token with the PRICES_CONTACT URL."""
    env = os.environ if env is None else env
    contact = env.get(CONTACT_ENV) or PROJECT_URL
    return env.get(USER_AGENT_ENV) or f"llm-prices-tracker/0.1.0 (+{contact}; LLM price freshness tracker)"


@dataclass(frozen=True)
class FetchPolicy:
    """The settings of the fetch policy (the config file's [fetch] table); times in seconds."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    request_timeout: float = 120.0  # one attempt, from the request to the last byte
    max_attempts: int = 4
    max_retry_time: float = 300.0  # no new attempt of a request starts later than this after its first
    max_retry_after: float = 120.0  # a server asking for a longer wait is not retried
    max_body_bytes: int = MAX_BODY_BYTES
    max_redirects: int = 5
    host_concurrency: int = 2
    host_interval: float = 1.0  # between the starts of two requests to one host
    obey_robots: bool = True
    user_agent: str | None = None  # None: user_agent() from the environment

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(self.read_timeout, connect=self.connect_timeout)


def make_client(policy: FetchPolicy | None = None, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """An httpx client with the policy's timeouts and User-Agent; redirects are ours to follow."""
    policy = policy or FetchPolicy()
    # Only encodings we can inflate with a bound on the output (no brotli or zstd).
    headers = {"User-Agent": policy.user_agent or user_agent(), "Accept-Encoding": "gzip, deflate"}
    client = httpx.Client(timeout=policy.timeout(), headers=headers, follow_redirects=False, transport=transport)
    # our own transports stand as they are; httpx's (which honour the environment's proxies) get the deadline
    return client if transport is not None else bound_by_deadline(client)


@dataclass(frozen=True)
class Reply:
    """A response read in full (within the caps)."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes = b""


class Transient(FetchError):
    """A failure worth another attempt: 429, 5xx, or a request past its deadline."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class HttpTransport:
    """Live fetching under a FetchPolicy; credentials come from the environment."""

    def __init__(self, client: httpx.Client, env: Mapping[str, str] | None = None,
                 clock: Callable[[], datetime] | None = None, sleep: Callable[[float], None] = time.sleep,
                 policy: FetchPolicy | None = None, pacer: HostPacer | None = None) -> None:
        self.client, self.sleep = client, sleep
        self.env = os.environ if env is None else env
        self.clock = clock or (lambda: datetime.now(UTC))
        self.policy = policy or FetchPolicy()
        self.pacer = pacer or HostPacer(self.policy.host_concurrency, self.policy.host_interval, sleep=sleep)
        agent = self.policy.user_agent or client.headers.get("user-agent") or user_agent(self.env)
        self.robots = RobotsCache(self._read_robots, agent, clock=self.clock)

    def get(self, source: Source, url: str, known: Page | None = None) -> Page:
        """One URL of a source; with ``known`` (the body read last time) the request is conditional."""
        headers = {"Accept": source.accept, **self._auth(source), **_conditional(known)}
        reply = self._with_retries(url, headers, source)
        if reply.status == 304 and known is not None:
            return replace(known, url=url, fetched_at=self.clock(), revalidated=True,
                           etag=reply.headers.get("etag", known.etag))
        page = Page(url, reply.status, reply.headers.get("content-type", ""), reply.body, self.clock(),
                    etag=reply.headers.get("etag"), last_modified=reply.headers.get("last-modified"))
        return check_page(source, page)

    def _auth(self, source: Source) -> dict[str, str]:
        if not source.auth_env:
            return {}
        key = self.env.get(source.auth_env, "").strip()
        if not key and source.auth_optional:
            return {}
        if not key:
            raise MissingCredentials(f"{source.auth_env} is not set, so {source.url} was not read")
        return {"Authorization": f"Bearer {key}"}

    def _with_retries(self, url: str, headers: dict[str, str], source: Source | None) -> Reply:
        policy = self.policy
        retrying = Retrying(
            stop=stop_after_attempt(policy.max_attempts) | stop_before_delay(policy.max_retry_time),
            wait=self._wait, sleep=self.sleep,
            retry=retry_if_exception(_worth_retrying))
        try:
            return retrying(self._follow, url, headers, source)
        except httpx.TransportError as exc:  # not worth retrying: see unreachable()
            raise Unreachable(f"GET {url} failed: {unreachable(exc)} ({_describe(exc)})") from exc
        except RetryError as exc:
            attempts = exc.last_attempt.attempt_number
            last = exc.last_attempt.exception()
            raise FetchError(f"GET {url} failed after {attempts} attempts: {_describe(last)}") from last

    def _wait(self, retry_state) -> float:
        """Retry-After when the server gave one (capped before we get here), else backoff with jitter."""
        failure = retry_state.outcome.exception()
        if isinstance(failure, Transient) and failure.retry_after is not None:
            return failure.retry_after
        return wait_exponential_jitter(initial=1, max=30, jitter=1)(retry_state)

    def _follow(self, url: str, headers: dict[str, str], source: Source | None) -> Reply:
        """GET ``url``, following redirects within the source's hosts."""
        allowed = _allowed_hosts(source, url)
        for _ in range(self.policy.max_redirects + 1):
            reply = self._exchange(url, headers, source)
            if reply.status not in REDIRECT_STATUSES:
                return reply
            target = _redirect_target(reply, allowed)
            if not _keeps_credentials(url, target):
                headers = {k: v for k, v in headers.items() if k != "Authorization"}
            url = target
        raise FetchError(f"GET {url}: more than {self.policy.max_redirects} redirects")

    def _exchange(self, url: str, headers: dict[str, str], source: Source | None) -> Reply:
        """One request and its body, within the host's pacing, robots.txt and the caps."""
        is_page = source is not None and source.kind == "page" and self.policy.obey_robots
        if is_page:
            self.robots.check(url)
        delay = self.robots.crawl_delay(url) if is_page else None
        with self.pacer.slot(httpx.URL(url).netloc.decode(), delay):
            # the whole request, headers included, from when its turn came (not while it queued)
            with deadline(self.policy.request_timeout), self.client.stream("GET", url, headers=headers) as response:
                return self._read(response, source, time.monotonic() + self.policy.request_timeout)

    def _read(self, response: httpx.Response, source: Source | None, until: float) -> Reply:
        url = str(response.request.url)
        if response.status_code in RETRY_STATUSES:
            raise Transient(f"HTTP {response.status_code}", self._retry_after(response, url))
        reply = Reply(url, response.status_code, response.headers)
        if not 200 <= response.status_code < 300:
            return reply  # nothing of an error page is kept
        if source is not None:
            check_page(source, Page(url, response.status_code, response.headers.get("content-type", ""),
                                    b"", self.clock()))
        return replace(reply, body=read_capped(response, self.policy.max_body_bytes, until))

    def _retry_after(self, response: httpx.Response, url: str) -> float | None:
        wait = retry_after_seconds(response.headers.get("retry-after"), self.clock())
        if wait is not None and wait > self.policy.max_retry_after:
            raise FetchError(f"GET {url}: HTTP {response.status_code} asks us to wait {wait:.0f} s "
                             f"(Retry-After), more than the {self.policy.max_retry_after:.0f} s we wait; giving up")
        return wait

    def _read_robots(self, url: str) -> tuple[int, bytes]:
        reply = self._with_retries(url, {"Accept": "text/plain, */*"}, None)
        return reply.status, reply.body


def _conditional(known: Page | None) -> dict[str, str]:
    if known is None:
        return {}
    headers = {"If-None-Match": known.etag, "If-Modified-Since": known.last_modified}
    return {name: value for name, value in headers.items() if value}


def _allowed_hosts(source: Source | None, url: str) -> set[str] | None:
    """The URL's own host, the source's, and the other hosts its provider declares for it.
    None (any host) for robots.txt, whose redirects RFC 9309 says to follow wherever they go."""
    if source is None:
        return None
    return {httpx.URL(url).host, httpx.URL(source.url).host, *source.hosts}


def _keeps_credentials(origin: str, target: str) -> bool:
    """The API key goes on only to the same origin, or to its https upgrade (as httpx does)."""
    old, new = httpx.URL(origin), httpx.URL(target)
    if old.host != new.host:
        return False
    upgrade = (old.scheme, new.scheme) == ("http", "https") and old.port in (80, None) and new.port in (443, None)
    return upgrade or (old.scheme, old.port) == (new.scheme, new.port)


def _redirect_target(reply: Reply, allowed: set[str] | None) -> str:
    location = reply.headers.get("location")
    if not location:
        raise FetchError(f"GET {reply.url}: HTTP {reply.status} redirect without a Location")
    origin, target = httpx.URL(reply.url), httpx.URL(reply.url).join(location)
    if (origin.scheme, target.scheme) == ("https", "http") and allowed is not None:  # robots.txt carries no key
        raise FetchError(f"GET {reply.url}: redirected to {target}, from https to plain http; not followed")
    if target.scheme not in ("http", "https") or (allowed is not None and target.host not in allowed):
        raise FetchError(f"GET {reply.url}: redirected to {target}, outside the hosts this source may use "
                         f"({', '.join(sorted(allowed or ()))}); not followed")
    return str(target)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds from now; None when absent or unreadable."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = datetime.strptime(value.strip(), "%a, %d %b %Y %H:%M:%S GMT").replace(tzinfo=UTC)
    except ValueError:
        return None
    return max(0.0, (when - now).total_seconds())


def read_capped(response: httpx.Response, limit: int, deadline: float) -> bytes:
    """The decoded body, or FetchError once it passes ``limit`` bytes or the deadline."""
    url = response.request.url
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit and not response.headers.get("content-encoding"):
        raise FetchError(f"GET {url}: body of {int(declared):,} bytes is over the {limit:,}-byte limit; not read")
    if response.is_stream_consumed:  # a response built in memory (httpx MockTransport): read and decoded already
        return _within(response.content, limit, url)
    inflate = _inflater(response.headers.get("content-encoding", ""), url)
    body = bytearray()
    for chunk in response.iter_raw():
        body += inflate(chunk, limit + 1 - len(body))
        _within(body, limit, url)
        if time.monotonic() > deadline:
            raise Transient(f"the response took longer than the request deadline ({url})")
    inflate(b"", 0)  # a compressed body must end where its compression says it ends
    return bytes(body)


def _within(body: bytes | bytearray, limit: int, url: httpx.URL) -> bytes | bytearray:
    if len(body) > limit:
        raise FetchError(f"GET {url}: body over the {limit:,}-byte limit (counted decoded); cut off")
    return body


def _inflater(encoding: str, url: httpx.URL) -> Callable[[bytes, int], bytes]:
    """A decoder for the body's Content-Encoding that never returns more than the room left."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return lambda chunk, _room: chunk
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"GET {url}: Content-Encoding {encoding!r} was not asked for and cannot be read")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected

    def inflate(chunk: bytes, room: int) -> bytes:
        """Inflate a chunk; an empty chunk at the end checks that the stream was complete."""
        if not chunk:
            if not inflater.eof:  # cut off before its end: like a short body, worth another attempt
                raise Transient(f"GET {url}: the {encoding} body ends before its end of stream")
            return b""
        try:
            return inflater.decompress(chunk, max(room, 1))  # output past ``room`` stays unconsumed
        except zlib.error as exc:
            raise FetchError(f"GET {url}: the {encoding} body cannot be decoded ({exc})") from exc
    return inflate


def unreachable(exc: BaseException) -> str | None:
    """Why a failed request's host cannot be reached at all, or None when another attempt may succeed."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return "the host name does not resolve (no network, or a wrong name)"
        if isinstance(seen, ConnectionRefusedError):
            return "the connection was refused"
        if isinstance(seen, ssl.SSLError):
            return "the TLS handshake failed"
        seen = seen.__cause__ or seen.__context__
    return None


def _worth_retrying(exc: BaseException) -> bool:
    return isinstance(exc, Transient) or (isinstance(exc, httpx.TransportError) and unreachable(exc) is None)


def _describe(exc: BaseException | None) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx.TransportError):
        return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return str(exc)
