"""Opening an existing database so that nothing can be written to it."""

from __future__ import annotations

from sqlalchemy import Engine, event

from storage.db import open_existing


def open_read_only(url: str) -> Engine:
    """The existing database, opened so that nothing can be written to it (SQLite query_only)."""
    engine = open_existing(url, write=False)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    return engine
