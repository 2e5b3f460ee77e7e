"""Datasette's metadata.json for the database: ``datasette data/prices.db --metadata metadata.json``.

Keyed by the database's name as Datasette names it (the file's stem: ``prices`` for prices.db), it
gives every public view (storage/views.py) a title, a description and a description of each column
(units, statuses, what "exact" means, from README's "Querying the database"), hides every table that
is not a view (the tables behind the views may change; the views are the interface), and adds canned
queries with named parameters: a price as of a time, a model's ladder, the last N days' changes.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from jobs.exports import exact_json
from jobs.exports.datasette_text import COLUMNS, QUERIES, SHARED_COLUMNS, VIEWS, describe_pattern
from jobs.exports.files import write_atomic
from jobs.exports.notes import Notes

FILE = "metadata.json"
ABOUT = ("Prices of LLM inference providers, read from each provider's own pricing page or API and kept as a "
         "dated history. The views are the interface; the tables behind them are hidden and may change. Money is "
         "exact decimal text in the *_exact columns (REAL copies in *_per_mtok sort and compare); times are UTC.")


def export(engine: Engine, folder: Path, notes: Notes) -> str:
    """Write metadata.json into ``folder``; the summary line."""
    database = Path(notes.database).stem
    views, tables = _objects(engine)
    metadata = build(database, views, tables)
    write_atomic(folder / FILE, exact_json.dumps(metadata))
    notes.rules.append(f"keyed by {database!r}: serve the database file named {notes.database}")
    notes.write(folder, {"views": len(views), "hidden_tables": len(tables), "queries": len(QUERIES)})
    return f"wrote the metadata of {len(views)} views ({len(tables)} tables hidden) to {folder / FILE}"


def build(database: str, views: dict[str, list[str]], tables: list[str]) -> dict:
    """The metadata: each view (by its columns) described, each table hidden, the canned queries."""
    described = {name: _view(name, columns) for name, columns in views.items()}
    hidden = {name: {"hidden": True} for name in tables}
    return {"title": "LLM inference prices", "description": ABOUT,
            "source": "each provider's own pricing page or API, read by llm-prices-tracker",
            "databases": {database: {"title": "LLM inference prices", "description": ABOUT,
                                     "tables": described | hidden, "queries": QUERIES}}}


def _view(name: str, columns: list[str]) -> dict:
    title, description = VIEWS.get(name, (name.replace("_", " ").capitalize(), "A view of the prices database."))
    return {"title": title, "description": description,
            "columns": {column: describe(name, column) for column in columns}}


def describe(view: str, column: str) -> str:
    """A column's description: the view's own, else the one it shares with other views, else by its name."""
    return COLUMNS.get(view, {}).get(column) or SHARED_COLUMNS.get(column) or describe_pattern(column)


def _objects(engine: Engine) -> tuple[dict[str, list[str]], list[str]]:
    """The database's views (with their columns) and its tables, by name."""
    with engine.connect() as connection:
        found = connection.execute(text("SELECT name, type FROM sqlite_master WHERE type IN ('view', 'table') "
                                        "ORDER BY name")).all()
        views = {name: list(connection.execute(text(f'SELECT * FROM "{name}" LIMIT 0')).keys())
                 for name, kind in found if kind == "view"}
    return views, [name for name, kind in found if kind == "table"]
