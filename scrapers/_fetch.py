"""Fetching a provider's sources: the loop shared by the live transport and replay.

The live transport and its policy are in scrapers/_http.py; replay in scrapers/_replay.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from core.errors import FetchError, ParseError
from scrapers._base import Fetched, Page, Source, canonical_url

MAX_PAGES = 100  # a paginated listing longer than this is a loop, not a catalogue


class Transport(Protocol):
    """Reads one URL of a source and returns the page, or raises FetchError. ``known`` is the
    body read last time, for a conditional request (a transport may ignore it)."""

    def get(self, source: Source, url: str, known: Page | None = None) -> Page: ...


def fetch_source(transport: Transport, source: Source, known: Mapping[str, Page] | None = None) -> list[Page]:
    """Every page of one source, following its pagination."""
    known = known or {}
    pages = [transport.get(source, source.first_url, known.get(canonical_url(source.first_url)))]
    while source.next_page and (next_url := source.next_page(pages[-1])):
        if len(pages) >= MAX_PAGES:
            raise FetchError(f"{source.url}: more than {MAX_PAGES} pages; stopping")
        pages.append(transport.get(source, next_url, known.get(canonical_url(next_url))))
    return pages


def fetch_all(transport: Transport, sources: Sequence[Source], known: Mapping[str, Page] | None = None) -> Fetched:
    """Fetch every source; a failing optional source is recorded, a failing required one raises.
    ``known`` maps canonical URLs to the bodies archived last time, for conditional requests."""
    fetched = Fetched()
    for source in sources:
        try:
            fetched.pages[source.name] = fetch_source(transport, source, known)
        except (FetchError, ParseError) as exc:  # a page that cannot be paginated fails its source
            if source.required:
                raise
            fetched.failures[source.name] = str(exc)
    return fetched
