"""Where a price goes: the base token fields, or ``other:<field>`` for what has no field of its own.

Long-context (>272K input tokens) prices are ``other:<field>_above_272k``; a price in
another unit is ``other:<field>_per_<unit>`` (``other:input_per_1m_characters``,
``other:estimated_cost_per_minute``, ``other:video_720p_per_second``). The page states no
context limits, so they stay unknown like any price field no cell states.
"""

from __future__ import annotations

import re

from core.offering import LIMIT_FIELDS, OTHER_PREFIX, PRICE_FIELDS
from core.values import TOKENS, USD_PER_MTOK, Value, unknown
from scrapers.openai.tables import Table

SHORT = ("input", "cached_input", "cache_write", "output")
LONG = tuple(f"{OTHER_PREFIX}{f}_above_272k" for f in SHORT)


def put(values: dict[str, Value], field: str, value: Value) -> None:
    """A price under its field: token prices under their name, other units under other:<field>_per_<unit>."""
    if value.unit != USD_PER_MTOK:
        field += "_per_" + re.sub(r"[^a-z0-9]+", "_", value.unit.removeprefix("USD per ").lower()).strip("_")
    values[field if field in PRICE_FIELDS else OTHER_PREFIX + field.removeprefix(OTHER_PREFIX)] = value


def defaults(table: Table, model: str) -> dict[str, Value]:
    """Every price field and limit unknown until a cell states it (the page states no limits)."""
    values = {f: unknown(table.source(model, f)) for f in PRICE_FIELDS}
    return values | {f: unknown(table.source(model, f), TOKENS) for f in LIMIT_FIELDS}
