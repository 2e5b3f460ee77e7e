"""Opening the database: engine, SQLite transaction handling, tables, views and settings."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import Engine, event, inspect, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlmodel import Session, SQLModel, create_engine

from core.errors import ConfigError
from core.freshness import DEFAULT_STALE_AFTER_DAYS, MAX_STALE_AFTER_DAYS
from storage import tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.blends import refresh_if_weights_changed
from storage.tables import SettingRow
from storage.upgrade import add_missing_columns
from storage.views import VIEWS, views_fingerprint

DEFAULT_URL = "sqlite:///data/prices.db"
URL_ENV = "PRICES_DB_URL"
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")  # a plain --db path with one of these is an SQLite file
DATABASE_ID = "database_id"
# the price_ladder view's blended price weighs input and output 3:1 (a chat workload reads more than it writes)
BLEND_WEIGHTS = ("blend_input_weight", "blend_output_weight")
DEFAULT_SETTINGS = {"stale_after_days": str(DEFAULT_STALE_AFTER_DAYS), "blend_input_weight": "3",
                    "blend_output_weight": "1"}


def database_url(cli_url: str | None = None) -> str:
    """--db, else PRICES_DB_URL, else an SQLite file under ./data/. A plain path to a ``.db``, ``.sqlite`` or
    ``.sqlite3`` file is that SQLite file; anything else without a scheme is refused with the form to use."""
    url = cli_url or os.environ.get(URL_ENV) or DEFAULT_URL
    if "://" in url:
        return url
    if Path(url).suffix.lower() in SQLITE_SUFFIXES:
        return f"sqlite:///{url}"
    raise ConfigError(f"cannot use database URL {url!r}: not a URL; for an SQLite file write sqlite:///{url}")


def open_database(url: str, create: bool = True) -> Engine:
    """An engine for an SQLite database; with ``create``, its tables, views and default settings
    are put in place (a dry run passes False and writes nothing). A bad URL is a ConfigError."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() != "sqlite":
            raise ConfigError(f"database URL {url!r}: only SQLite is supported so far (sqlite:///path/to/file.db)")
        engine = create_engine(url, connect_args={"timeout": 30})
    except (ArgumentError, ImportError, ValueError) as exc:
        raise ConfigError(f"cannot use database URL {url!r}: {exc}") from exc
    _prepare_sqlite(engine)
    if create:
        _make_folder(parsed.database)
        try:
            _refuse_foreign(engine, url)
            SQLModel.metadata.create_all(writing(engine))  # concurrent first starts queue up
            _upgrade_tables(engine)
            _create_views(engine)
        except SQLAlchemyError as exc:
            raise ConfigError(f"cannot open database {url!r}: {' '.join(str(exc.orig or exc).split())}") from exc
    return engine


def _refuse_foreign(engine: Engine, url: str) -> None:
    """A database holding tables but not ours (no ``runs`` table) is another application's: never written."""
    names = inspect(engine).get_table_names()
    if names and "runs" not in names:
        raise ConfigError(f"{url} is not a prices database (it has no runs table, and {len(names)} other "
                          f"tables); check --db")


def open_existing(url: str, write: bool = True) -> Engine:
    """A database that must already exist (for commands that work on stored runs, so a mistyped
    URL is an error, not a new empty database); with ``write``, tables added since it was made are
    added. A missing file, or one that is not a database, is a ConfigError."""
    database = database_file(url)
    if database and database != ":memory:" and not database.startswith("file:") and not Path(database).exists():
        raise ConfigError(f"no database at {database} (check --db, the config's daemon.db or ${URL_ENV})")
    try:
        ours = inspect(open_database(url, create=False)).has_table("runs")
    except SQLAlchemyError as exc:
        raise ConfigError(f"cannot read database {url!r}: {' '.join(str(exc.orig or exc).split())}") from exc
    if not ours:
        raise ConfigError(f"{url} is not a prices database (it has no runs table); check --db")
    return open_database(url, create=write)


def database_file(url: str) -> str | None:
    """The file part of a database URL (None or ":memory:" for an in-memory one); a URL that
    cannot be parsed is a ConfigError."""
    try:
        return make_url(url).database
    except (ArgumentError, ValueError) as exc:
        raise ConfigError(f"cannot use database URL {url!r}: {exc}") from exc


def open_for_reading(url: str) -> Engine:
    """An engine that writes nothing: the database as it is, or an empty in-memory one when its
    SQLite file does not exist yet (before the first run there is nothing to read)."""
    database = make_url(url).database if url.startswith("sqlite") else None
    if database and database != ":memory:" and not database.startswith("file:") and not Path(database).exists():
        return open_database("sqlite://")
    if database and Path(database).is_dir():
        raise ConfigError(f"{database} is a folder, not a database file (check --db, the config's daemon.db or "
                          f"${URL_ENV})")
    return open_existing(url, write=False)  # a file that is not a database, or not ours, is named


def _make_folder(database: str | None) -> None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the folder of database {database}: {exc.strerror}") from exc


def _prepare_sqlite(engine: Engine) -> None:
    # pysqlite opens transactions lazily and not before SELECTs; take control so a run's
    # reads and writes form one transaction (the SQLAlchemy-documented recipe).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql(f"BEGIN {connection.get_execution_options().get('sqlite_begin', '')}")


def writing(engine: Engine) -> Engine:
    """The engine for a transaction that will write: on SQLite it takes the write lock at BEGIN
    (BEGIN IMMEDIATE), so concurrent writers wait their turn instead of failing with "database is
    locked" when a read transaction tries to become a write one."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def _upgrade_tables(engine: Engine) -> None:
    """Columns added since the database was made (storage/upgrade.py), in one write transaction."""
    with writing(engine).begin() as connection:
        add_missing_columns(connection)


def _create_views(engine: Engine) -> None:
    with Session(writing(engine)) as session:
        stored = session.get(SettingRow, "views_fingerprint")
        outdated = stored is None or stored.value != views_fingerprint()
        connection = session.connection()
        for name, sql in VIEWS.items():
            if outdated:
                connection.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")
            connection.exec_driver_sql(f"CREATE VIEW IF NOT EXISTS {name} AS {sql}")
        session.merge(SettingRow(key="views_fingerprint", value=views_fingerprint()))
        for key, value in DEFAULT_SETTINGS.items():
            if session.get(SettingRow, key) is None:
                session.add(SettingRow(key=key, value=value))
        session.flush()
        refresh_if_weights_changed(session)  # the view's exact blends follow the weights in settings
        session.commit()


def database_id(engine: Engine) -> str:
    """This database's random id (made when it is first opened for writing): it names its run
    folders in a raw-response archive that other databases may share."""
    with Session(writing(engine)) as session:
        row = session.get(SettingRow, DATABASE_ID)
        if row is None:
            row = SettingRow(key=DATABASE_ID, value=uuid.uuid4().hex[:12])
            session.add(row)
            session.commit()
        return row.value


def set_setting(engine: Engine, key: str, value: int) -> None:
    """Store a whole-number setting (stale_after_days, failing_after) for the views and commands."""
    with Session(writing(engine)) as session:
        session.merge(SettingRow(key=key, value=str(value)))
        session.commit()


def int_setting(engine: Engine, key: str, default: int) -> int:
    """A stored whole-number setting, or the default when unset or not a whole number."""
    with Session(engine) as session:
        row = session.get(SettingRow, key)
    return int(row.value) if row and row.value.strip().isdigit() else default


def set_stale_after_days(engine: Engine, days: int) -> None:
    """Store the staleness threshold that the freshness views and the summaries use."""
    set_setting(engine, "stale_after_days", days)


def stale_after_days(engine: Engine) -> int:
    """The stored staleness threshold in days (the default when unset, not a whole number, or out of range:
    an older release stored whatever it was given)."""
    days = int_setting(engine, "stale_after_days", DEFAULT_STALE_AFTER_DAYS)
    return days if 1 <= days <= MAX_STALE_AFTER_DAYS else DEFAULT_STALE_AFTER_DAYS
