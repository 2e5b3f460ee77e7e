"""The "Model pricing" and "Batch processing" tables: one offering per row, the tier the table's.

Both tables are read alike, a Model column then one price column per field; batch prices are taken as
stated (not derived from the stated discount), and the page states no batch cache prices: unknown.
"""

from __future__ import annotations

import re

from core.errors import ParseError
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey
from core.values import Provenance
from scrapers._markdown import table
from scrapers.anthropic.cells import PRICING_URL, read_price, slug, unknowns

STANDARD = {"Base Input Tokens": "input", "5m Cache Writes": "cache_write",
            "1h Cache Writes": OTHER_PREFIX + "cache_write_1h", "Cache Hits & Refreshes": "cached_input",
            "Output Tokens": "output"}
BATCH = {"Batch input": "input", "Batch output": "output"}
TABLES = {"Model pricing": ("standard", STANDARD), "Batch processing": ("batch", BATCH)}
_MODEL = re.compile(r"^(?P<name>[^()\[\]]+?)(?:\s+\(\[(?P<note>[^\]]+)\]\([^)]*\)\))?$")


def model_offerings(found: dict[str, list[str]], url: str) -> list[Offering]:
    """The standard offerings of "Model pricing", then the batch ones of "Batch processing"."""
    return [o for title, (tier, columns) in TABLES.items() for o in _table(found, title, tier, columns, url)]


def rows(found: dict[str, list[str]], title: str, url: str) -> tuple[list[str], list[list[str]]]:
    if title not in found:
        raise ParseError(f"{url}: section {title!r} not found")
    return table(found[title], url, title)


def _table(found: dict[str, list[str]], title: str, tier: str, columns: dict[str, str], url: str) -> list[Offering]:
    header, body = rows(found, title, url)
    if header != ["Model", *columns]:
        unknown_columns = [c for c in header[1:] if c not in columns]
        named = f" (unknown column {unknown_columns[0]!r})" if unknown_columns else ""
        raise ParseError(f"{url}: table {title!r} has columns {header}, not {['Model', *columns]}{named}")
    return [_offering(row, header, tier, columns, url) for row in body]


def _offering(row: list[str], header: list[str], tier: str, columns: dict[str, str], url: str) -> Offering:
    match = _MODEL.match(row[0])
    if not match:
        raise ParseError(f"{url}: model cell {row[0]!r} is not '<name>' or '<name> ([note](link))'")
    name = match["name"]
    written = f"{name} ({match['note']})" if match["note"] else name  # "(deprecated)" stays readable
    model_id = slug(name)
    values = unknowns(Provenance(url, f"{written} · {tier}"))
    for column, cell in zip(header[1:], row[1:], strict=True):
        values[columns[column]] = read_price(cell, Provenance(url, f"{written} · {column}", raw=cell))
    return Offering(OfferingKey(model_id, tier), ModelInfo(model_id, name), values, PRICING_URL)
