"""The contract between a provider module and the code that runs it.

A provider module declares ``PROVIDER`` (a core.offering.Provider), ``SOURCES``
(the URLs it reads) and ``parse(fetched) -> ScrapeResult``. It never downloads,
reads the clock, retries, sleeps, logs or touches the database: the job fetches
every source (live or from a capture) and hands the pages to ``parse``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from pydantic import BaseModel
from pydantic import ValidationError as SchemaError

from core.errors import FetchError, ParseError


@dataclass(frozen=True)
class Page:
    """One response body as read from a source, live or replayed."""

    url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime
    etag: str | None = None  # validators for the next, conditional, request
    last_modified: str | None = None
    revalidated: bool = False  # the server answered 304 Not Modified: this is the body read before

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON; a body that is not JSON is a ParseError naming the URL."""
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise ParseError(f"{self.url}: response is not JSON ({exc})") from exc


@dataclass(frozen=True)
class Source:
    """A URL a provider module reads.

    ``kind`` is "page" (a web page written for people) or "api". An optional source
    (``required=False``) may fail without failing the run. ``auth_env`` names the
    environment variable holding a bearer token (needed unless ``auth_optional``). ``next_page`` returns the URL of the
    following page of a paginated response, or None on the last one. ``follow`` fans out:
    it returns the URLs the first page links to (an index of files), each read once after
    it, their pages appended to the source's pages in order; one that cannot be read is
    recorded in ``Fetched.failures`` under ``follow_key(name, url)`` and the others are
    still read. ``hosts`` names the other hosts a redirect from this source (or a followed
    URL) may lead to (its own host always may). robots.txt is obeyed for pages, not for APIs.
    """

    name: str
    url: str
    kind: str
    expects: str | tuple[str, ...]  # the content type(s) it answers with, e.g. ("text/xml", "application/xml")
    params: tuple[tuple[str, str], ...] = ()
    required: bool = True
    auth_env: str | None = None
    auth_optional: bool = False  # the key is sent when set; without it the source is read anyway
    next_page: Callable[[Page], str | None] | None = None
    hosts: tuple[str, ...] = ()
    follow: Callable[[Page], list[str]] | None = None

    @property
    def accept(self) -> str:
        """The Accept header asking for what the source is expected to answer with."""
        return self.expects if isinstance(self.expects, str) else ", ".join(self.expects)

    @property
    def first_url(self) -> str:
        return str(httpx.URL(self.url, params=self.params)) if self.params else self.url


@dataclass
class Fetched:
    """Every page read in one run, by source name, and why the others failed."""

    pages: dict[str, list[Page]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    def failure(self, source: str, url: str) -> str | None:
        """Why a URL the source's first page links to (``Source.follow``) was not read, if it was not."""
        return self.failures.get(follow_key(source, url))

    @property
    def observed_at(self) -> datetime | None:
        """When the data was observed: the latest fetch time of the pages read."""
        times = [p.fetched_at for pages in self.pages.values() for p in pages]
        return max(times) if times else None


def follow_key(source: str, url: str) -> str:
    """The key in ``Fetched.failures`` of a followed URL that could not be read (the source's own
    failure is under its bare name)."""
    return f"{source} {url}"


def check_page(source: Source, page: Page) -> Page:
    """Raise FetchError unless the page is a 2xx response of the content type the source expects."""
    if not 200 <= page.status < 300:
        raise FetchError(f"{page.url}: HTTP {page.status}")
    if not page.content_type.lower().startswith(source.expects):
        raise FetchError(f"{page.url}: expected {source.accept.replace(', ', ' or ')}, got {page.content_type or 'no content type'}")
    return page


def canonical_url(url: str) -> str:
    """A URL with its query parameters decoded and sorted, so equal requests compare equal."""
    parsed = httpx.URL(url)
    query = sorted(parsed.params.multi_items())
    return str(parsed.copy_with(query=None, fragment=None).copy_merge_params(query))


def validated(schema: type[BaseModel], data: Any, url: str) -> Any:
    """``data`` checked against a pydantic schema; a mismatch is a ParseError naming the URL and where."""
    try:
        return schema.model_validate(data)
    except SchemaError as exc:
        first = exc.errors()[0]
        raise ParseError(f"{url}: unexpected model list: {first['msg']} at {first['loc']}") from exc
