"""Where a price goes: the base token fields, or ``other:<field>`` for what has no field of its own.

Long-context (>272K input tokens) prices are ``other:<field>_above_272k``; a price in
another unit is ``other:<field>_per_<unit>`` (``other:input_per_1m_characters``,
``other:estimated_cost_per_minute``, ``other:video_720p_per_second``); a struck-through list
price beside the one charged is ``other:<that field>_list_price``. The page states no
context limits, so they stay unknown like any price field no cell states.
"""

from __future__ import annotations

import re
from typing import Any

from core.offering import LIMIT_FIELDS, OTHER_PREFIX, PRICE_FIELDS
from core.values import TOKENS, USD_PER_MTOK, Provenance, Value, unknown
from scrapers.openai.cells import cell_value, list_price
from scrapers.openai.tables import Table

SHORT = ("input", "cached_input", "cache_write", "output")
LONG = tuple(f"{OTHER_PREFIX}{f}_above_272k" for f in SHORT)


def put(values: dict[str, Value], field: str, value: Value) -> str:
    """A price under its field (token prices under their name, other units under other:<field>_per_<unit>);
    the field it went to."""
    if value.unit != USD_PER_MTOK:
        field += "_per_" + re.sub(r"[^a-z0-9]+", "_", value.unit.removeprefix("USD per ").lower()).strip("_")
    field = field if field in PRICE_FIELDS else OTHER_PREFIX + field.removeprefix(OTHER_PREFIX)
    values[field] = value
    return field


def put_cell(values: dict[str, Value], field: str, cell: Any, source: Provenance, noted: bool = False,
             unit: str = USD_PER_MTOK) -> None:
    """A cell's price charged under its field, and a struck-through list price beside it under
    other:<that field>_list_price."""
    charged = put(values, field, cell_value(cell, source, noted, unit))
    if (listed := list_price(cell, source, noted, unit)) is not None:
        values[f"{OTHER_PREFIX}{charged.removeprefix(OTHER_PREFIX)}_list_price"] = listed


def cells_values(table: Table, model: str, fields: tuple[str, ...], cells: list, noted: bool = False) -> dict:
    """The prices of a row's cells, one field each, in order (their list prices beside them)."""
    values: dict[str, Value] = {}
    for field, cell in zip(fields, cells, strict=True):
        put_cell(values, field, cell, table.source(model, field), noted)
    return values


def defaults(table: Table, model: str) -> dict[str, Value]:
    """Every price field and limit unknown until a cell states it (the page states no limits)."""
    values = {f: unknown(table.source(model, f)) for f in PRICE_FIELDS}
    return values | {f: unknown(table.source(model, f), TOKENS) for f in LIMIT_FIELDS}
