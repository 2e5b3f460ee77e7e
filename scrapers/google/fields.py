"""Where a price goes (a main field, or other:<name>) and a written amount as a Value."""

from __future__ import annotations

import re
from dataclasses import replace

from core.money import parse_dollars
from core.offering import MAIN_FIELDS, OTHER_PREFIX, Announced
from core.values import USD_PER_MTOK, Provenance, Value, price

Cell = tuple[dict[str, Value], list[Announced]]  # a cell's values now, and those announced for later


def money(amount: str, source: Provenance, raw: str, unit: str | None) -> Value:
    return price(parse_dollars("$" + amount), replace(source, raw=raw), unit or USD_PER_MTOK)


def key(field: str) -> str:
    return field if field in MAIN_FIELDS else OTHER_PREFIX + field


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
