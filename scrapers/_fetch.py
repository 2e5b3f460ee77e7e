"""Fetching a provider's sources: the loop shared by the live transport and replay.

The live transport and its policy are in scrapers/_http.py; replay in scrapers/_replay.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import httpx

from core.errors import FetchError, ParseError
from scrapers._base import Fetched, Page, Source, canonical_url, follow_key

MAX_PAGES = 100  # a paginated listing longer than this is a loop, not a catalogue


class Transport(Protocol):
    """Reads one URL of a source and returns the page, or raises FetchError. ``known`` is the
    body read last time, for a conditional request (a transport may ignore it)."""

    def get(self, source: Source, url: str, known: Page | None = None) -> Page: ...


def fetch_source(transport: Transport, source: Source, known: Mapping[str, Page] | None = None,
                 failures: dict[str, str] | None = None) -> list[Page]:
    """Every page of one source, following its pagination, then the pages its first page links to
    (``source.follow``). A linked page that cannot be read is recorded in ``failures`` (see
    ``followed``); without ``failures`` it fails the source."""
    known = known or {}
    pages = [transport.get(source, source.first_url, known.get(canonical_url(source.first_url)))]
    while source.next_page and (next_url := source.next_page(pages[-1])):
        if len(pages) >= MAX_PAGES:
            raise FetchError(f"{source.url}: more than {MAX_PAGES} pages; stopping")
        pages.append(transport.get(source, next_url, known.get(canonical_url(next_url))))
    if source.follow:
        pages += followed(transport, source, pages[0], known, failures)
    return pages


def followed(transport: Transport, source: Source, first: Page, known: Mapping[str, Page],
             failures: dict[str, str] | None) -> list[Page]:
    """The pages ``first`` links to, each read once, in order. One that fails (FetchError) is left out
    and recorded in ``failures`` under follow_key(source, url), so the others are still read; a link
    to a host the source does not declare fails the whole source (we never read from it)."""
    urls = list(dict.fromkeys(source.follow(first)))  # a ParseError here fails the source, as in pagination
    if len(urls) > MAX_PAGES:
        raise FetchError(f"{first.url}: links to {len(urls)} pages, more than {MAX_PAGES}; stopping")
    hosts = {httpx.URL(first.url).host, httpx.URL(source.url).host, *source.hosts}
    if stray := [url for url in urls if httpx.URL(url).host not in hosts]:
        raise FetchError(f"{first.url}: links to {stray[0]}, outside the hosts this source may use "
                         f"({', '.join(sorted(hosts))}); not followed")
    pages = []
    for url in urls:
        try:
            pages.append(transport.get(source, url, known.get(canonical_url(url))))
        except FetchError as exc:
            if failures is None:
                raise
            failures[follow_key(source.name, url)] = str(exc)
    return pages


def fetch_all(transport: Transport, sources: Sequence[Source], known: Mapping[str, Page] | None = None) -> Fetched:
    """Fetch every source; a failing optional source is recorded, a failing required one raises (a
    followed page that fails is recorded either way, see ``followed``).
    ``known`` maps canonical URLs to the bodies archived last time, for conditional requests."""
    fetched = Fetched()
    for source in sources:
        try:
            fetched.pages[source.name] = fetch_source(transport, source, known, fetched.failures)
        except (FetchError, ParseError) as exc:  # a page that cannot be paginated fails its source
            if source.required:
                raise
            fetched.failures[source.name] = str(exc)
    return fetched
