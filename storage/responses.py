"""Recording what a run read (bodies in the archive, their index in ``responses``) and reading it back."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from scrapers._base import Fetched, Page, canonical_url
from storage.archive import Archive
from storage.db import database_id, writing
from storage.tables import APPLIED, ResponseRow, RunRow


def record_responses(engine: Engine, archive: Archive, run_id: int, provider: str,
                     fetched: Fetched, parser_version: str) -> list[ResponseRow]:
    """Archive every body of a run and index it, in its own transaction: kept even if the run then fails."""
    rows = [_row(archive, run_id, provider, name, page, parser_version)
            for name, pages in fetched.pages.items() for page in pages]
    archive.write_manifest(provider, database_id(engine), run_id, {row.url: _manifest_entry(row) for row in rows})
    with Session(writing(engine), expire_on_commit=False) as session:
        session.add_all(rows)
        session.commit()
    return rows


def _row(archive: Archive, run_id: int, provider: str, source: str, page: Page, parser_version: str) -> ResponseRow:
    return ResponseRow(run_id=run_id, provider=provider, source=source, url=page.url,
                       status=304 if page.revalidated else page.status, content_type=page.content_type,
                       etag=page.etag, last_modified=page.last_modified, fetched_at=page.fetched_at,
                       sha256=archive.put(page.body), size=len(page.body), parser_version=parser_version)


def _manifest_entry(row: ResponseRow) -> dict:
    entry = {"source": row.source, "status": 200 if row.status == 304 else row.status,
             "revalidated": row.status == 304, "content_type": row.content_type,
             "fetched_at": row.fetched_at.isoformat().replace("+00:00", "Z"), "sha256": row.sha256,
             "etag": row.etag, "last_modified": row.last_modified, "parser_version": row.parser_version}
    return {k: v for k, v in entry.items() if v is not None}


def run_responses(session: Session, run_id: int) -> list[ResponseRow]:
    """The responses of one run, in the order they were read."""
    return list(session.exec(select(ResponseRow).where(ResponseRow.run_id == run_id).order_by(ResponseRow.id)))


def last_success_responses(session: Session, provider: str) -> tuple[int | None, list[ResponseRow]]:
    """The provider's newest successful run and the responses it archived (none if it ran before the archive)."""
    run_id = session.exec(select(RunRow.id).where(RunRow.provider == provider, RunRow.status.in_(APPLIED))
                          .order_by(RunRow.observed_at.desc(), RunRow.id.desc()).limit(1)).first()
    return run_id, [] if run_id is None else run_responses(session, run_id)


def body_fingerprint(rows: list[ResponseRow]) -> dict[str, tuple[str, str]]:
    """URL -> (sha256, parser version): equal fingerprints mean the same bodies read by the same parser."""
    return {canonical_url(row.url): (row.sha256, row.parser_version) for row in rows}
