"""Opening the database: engine, SQLite transaction handling, tables, views and settings."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine

from core.errors import ConfigError
from core.freshness import DEFAULT_STALE_AFTER_DAYS
from storage import tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.tables import SettingRow
from storage.views import SCHEMA_VERSION, VIEWS

DEFAULT_URL = "sqlite:///data/prices.db"
URL_ENV = "PRICES_DB_URL"


def database_url(cli_url: str | None = None) -> str:
    """--db, else PRICES_DB_URL, else an SQLite file under ./data/."""
    return cli_url or os.environ.get(URL_ENV) or DEFAULT_URL


def open_database(url: str) -> Engine:
    """An engine with tables, views and default settings in place; a bad URL is a ConfigError."""
    try:
        engine = create_engine(url, connect_args=_connect_args(url))
    except (ArgumentError, ImportError, ValueError) as exc:
        raise ConfigError(f"cannot use database URL {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        _prepare_sqlite(engine)
    try:
        SQLModel.metadata.create_all(engine)
        _create_views(engine)
    except SQLAlchemyError as exc:
        raise ConfigError(f"cannot open database {engine.url!r}: {' '.join(str(exc.orig or exc).split())}") from exc
    return engine


def _connect_args(url: str) -> dict:
    if not url.startswith("sqlite"):
        return {}
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"cannot create the folder of database {path}: {exc.strerror}") from exc
    return {"timeout": 30}


def _prepare_sqlite(engine: Engine) -> None:
    # pysqlite opens transactions lazily and not before SELECTs; take control so a run's
    # reads and writes form one transaction (the SQLAlchemy-documented recipe).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN")


def _create_views(engine: Engine) -> None:
    with Session(engine) as session:
        stored = session.get(SettingRow, "schema_version")
        outdated = stored is None or stored.value != SCHEMA_VERSION
        connection = session.connection()
        for name, sql in VIEWS.items():
            if outdated:
                connection.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
            connection.exec_driver_sql(f"CREATE VIEW IF NOT EXISTS {name} AS {sql}")
        session.merge(SettingRow(key="schema_version", value=SCHEMA_VERSION))
        if session.get(SettingRow, "stale_after_days") is None:
            session.add(SettingRow(key="stale_after_days", value=str(DEFAULT_STALE_AFTER_DAYS)))
        session.commit()


def set_stale_after_days(engine: Engine, days: int) -> None:
    """Store the staleness threshold that the freshness views and the summaries use."""
    with Session(engine) as session:
        session.merge(SettingRow(key="stale_after_days", value=str(days)))
        session.commit()


def stale_after_days(engine: Engine) -> int:
    """The stored staleness threshold in days."""
    with Session(engine) as session:
        row = session.get(SettingRow, "stale_after_days")
        return int(row.value) if row else DEFAULT_STALE_AFTER_DAYS
