"""Current prices and the whole history as two tables, for spreadsheets, pandas and scripts:
``current_prices.csv`` / ``price_history.csv`` (csv) or the same as ``.json`` arrays of objects (json).

Columns are the views' (README, "Querying the database") without the REAL ``*_per_mtok`` copies:
money is the ``*_exact`` text, exact as stated (read it with ``Decimal``, or pandas ``dtype=str``),
beside its status (priced, free, unknown, not_offered, variable), so an empty price is never a 0.
Current prices add the offering's freshness (``last_refreshed``, ``researched_days_ago``,
``status_text``, ``stale``), its canonical model and facts, the provider's name; both add ``source``,
the URL its values were read from. In the CSV a text cell a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return, and not a number) starts with an apostrophe
(Cloudflare's "@cf/..." ids); the JSON keeps every text as stored, and the JSON-text columns
(``other_prices``, ``provenance``, ``held_reasons``) as objects.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine

from jobs.exports import exact_json, rows
from jobs.exports.files import write_atomic
from jobs.exports.notes import Notes

JSON_TEXT = ("other_prices", "provenance", "held_reasons")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
RULES = [("money is the *_exact text, exact as the source stated it, per 1M tokens in the row's currency "
         "(or in the unit other_prices names); the REAL *_per_mtok copies of the views are left out"),
         "an empty price is not 0: its *_status says whether it is free, unknown, not offered or variable",
         "times are UTC, as the database stores them (YYYY-MM-DD HH:MM:SS.ffffff)"]


def export_csv(engine: Engine, folder: Path, notes: Notes) -> str:
    """Write current_prices.csv and price_history.csv; the summary line."""
    notes.rules += [*RULES, ("a text cell starting with = + - @, a tab or a carriage return (not a number) starts "
                    "with an apostrophe, so that a spreadsheet shows it instead of running it")]
    return _export(engine, folder, notes, "csv", to_csv)


def export_json(engine: Engine, folder: Path, notes: Notes) -> str:
    """Write current_prices.json and price_history.json; the summary line."""
    notes.rules += RULES
    return _export(engine, folder, notes, "json", to_json)


def _export(engine: Engine, folder: Path, notes: Notes, extension: str, encode) -> str:
    current, history = current_table(engine), history_table(engine)
    write_atomic(folder / f"current_prices.{extension}", encode(current))
    write_atomic(folder / f"price_history.{extension}", encode(history))
    notes.write(folder, {"current_prices": len(current), "price_history": len(history)})
    return f"wrote {len(current)} current prices and {len(history)} history rows to {folder}"


def current_table(engine: Engine) -> list[dict]:
    """The current prices' rows as exported (view columns without the REAL copies, plus source)."""
    return [_exported(row) for row in rows.current_offerings(engine)]


def history_table(engine: Engine) -> list[dict]:
    """Every interval of every offering, as exported."""
    return [_exported(row) for row in rows.history(engine)]


def _exported(row: dict) -> dict:
    kept = {name: value for name, value in row.items() if not name.endswith("_per_mtok")}
    return kept | {"source": rows.source(row)}


def to_csv(table: list[dict]) -> str:
    """The rows as CSV (RFC 4180, a header row), NULL as an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if table:
        writer.writerow(table[0].keys())
    writer.writerows([_cell(value) for value in row.values()] for row in table)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA) and not _NUMBER.match(value):
        return "'" + value
    return "" if value is None else value


def to_json(table: list[dict]) -> str:
    """The rows as a JSON array of objects, JSON-text columns as objects, exact decimals as strings."""
    return exact_json.dumps([{name: _json_value(name, value) for name, value in row.items()} for row in table])


def _json_value(name: str, value: object) -> object:
    if name in JSON_TEXT and isinstance(value, str):
        return json.loads(value, parse_float=Decimal)
    return value
