"""Pages read back from the raw-response archive: for conditional requests, review and re-parsing."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine
from sqlmodel import Session

from core.errors import FetchError
from scrapers._base import Fetched, Page, Source, canonical_url
from storage.archive import Archive
from storage.responses import last_success_responses, run_responses
from storage.tables import ResponseRow


def page_of(row: ResponseRow, body: bytes) -> Page:
    """The page a response row describes, with its archived body."""
    return Page(row.url, 200 if row.status == 304 else row.status, row.content_type, body, row.fetched_at,
                etag=row.etag, last_modified=row.last_modified)


def known_pages(engine: Engine, archive: Archive, provider: str) -> dict[str, Page]:
    """The bodies the provider's last successful run read, by canonical URL (those still archived)."""
    with Session(engine) as session:
        _, rows = last_success_responses(session, provider)
    pages = {}
    for row in rows:
        body = archive.get(row.sha256)
        if body is not None:  # without the body a 304 would leave us nothing to parse
            pages[canonical_url(row.url)] = page_of(row, body)
    return pages


def archived_fetch(engine: Engine, archive: Archive, run_id: int, sources: Sequence[Source]) -> Fetched:
    """What a run read, from the archive, as a Fetched for the parser; FetchError when it is not all there."""
    with Session(engine) as session:
        rows = run_responses(session, run_id)
    if not rows:
        raise FetchError(f"run {run_id} has no archived responses (it read nothing, or ran before archiving)")
    names = {source.name for source in sources}
    fetched = Fetched()
    for row in rows:
        body = archive.get(row.sha256)
        if body is None:
            raise FetchError(f"run {run_id}: the body of {row.url} ({row.sha256[:12]}) is missing from the "
                             f"archive {archive.root} or damaged")
        if row.source in names:
            fetched.pages.setdefault(row.source, []).append(page_of(row, body))
    return fetched
