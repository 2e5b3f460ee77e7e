"""uwuclxdy/ai-pricelog ``data/history/<provider>.ndjson``: another scraper's dated record.

One JSON record per line: ``model_id``, ``observed_at`` (the record's own date), ``rates`` in
USD per 1M tokens (``input``, ``output``, ``cache_read``), and ``"removed": true`` when that
scraper saw the model leave the page. Its ids are the pricing page's row labels as slugs
("GLM 5.2 Fast US" -> "glm-5.2-fast-us", see core.crosscheck.row_slug), so an entry names a
pricing-page row, and the rates are the row's Standard column.
"""

from __future__ import annotations

from datetime import date

from core.crosscheck import ListEntry, PublicList, Target
from core.public_lists import ListError, load_json, number, quote_usd

NAME, PREFIX, SUFFIX = "ai-pricelog", "ai-pricelog_", ".ndjson"
SCHEMA = 4
RATES = {"input": "input", "cached_input": "cache_read", "output": "output"}


def parse(file_name: str, text: str, day: date | None) -> PublicList:
    """Every record, each dated by its own observed_at (the file has no date of its own)."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    return PublicList(NAME, file_name, None, tuple(_record(line, f"{file_name} line {n}") for n, line in lines))


def _record(line: str, where: str) -> ListEntry:
    record = load_json(line, where)
    if not isinstance(record, dict) or record.get("schema") != SCHEMA or not isinstance(record.get("model_id"), str):
        raise ListError(f"{where}: expected an ai-pricelog schema {SCHEMA} record with a model_id")
    try:
        day = date.fromisoformat(record["observed_at"])
    except (KeyError, TypeError, ValueError):
        raise ListError(f"{where}: observed_at is not a date") from None
    rates = record.get("rates") or {}
    if not isinstance(rates, dict):
        raise ListError(f"{where}: rates is not an object")
    quotes = {name: quote_usd(amount) for name, key in RATES.items()
              if (amount := number(rates.get(key), f"{where} rates.{key}")) is not None}
    removed = record.get("removed") is True
    key = record["model_id"]
    return ListEntry(key, (Target("row", key),), day, {} if removed else quotes, removed=removed)
