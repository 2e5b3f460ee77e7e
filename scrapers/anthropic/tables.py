"""The "Model pricing" and "Batch processing" tables: one offering per row, the tier the table's.

Both tables are read alike, a Model column then one price column per field; batch prices are taken as
stated (not derived from the stated discount), and the page states no batch cache prices: unknown.
"Model pricing" defines the catalogue: without it, with other columns, or with no row read, the run fails.
"Batch processing" missing or of other columns is named and skipped; so is a row of either table that cannot
be read (its model and tier left unobserved, or added with unknown values when new).
"""

from __future__ import annotations

import re

from core.errors import ParseError
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey
from core.values import Provenance
from scrapers._markdown import cells_of, table
from scrapers._partial import Parts
from scrapers.anthropic.cells import FOOTNOTE, PRICING_URL, read_prices, slug, unknowns

MAIN = "Model pricing"
STANDARD = {"Base Input Tokens": "input", "5m Cache Writes": "cache_write",
            "1h Cache Writes": OTHER_PREFIX + "cache_write_1h", "Cache Hits & Refreshes": "cached_input",
            "Output Tokens": "output"}
BATCH = {"Batch input": "input", "Batch output": "output"}
TABLES = {MAIN: ("standard", STANDARD), "Batch processing": ("batch", BATCH)}
_MODEL = re.compile(r"^(?P<name>[^()\[\]]+?)(?:\s+\(\[(?P<note>[^\]]+)\]\([^)]*\)\))?$")


def model_offerings(found: dict[str, list[str]], parts: Parts) -> tuple[list[Offering], set[str]]:
    """The standard offerings of "Model pricing", then the batch ones of "Batch processing"; and the model
    names of the "Model pricing" rows that could not be read."""
    not_read: set[str] = set()
    standard = _table(found, MAIN, parts, not_read)
    if not standard:
        raise ParseError(f"{parts.url}: no row of the table {MAIN!r} could be read")
    batch: list[Offering] = []
    with parts.table("Batch processing"):
        batch = _table(found, "Batch processing", parts, set())
    return standard + batch, not_read


def rows(found: dict[str, list[str]], title: str, url: str) -> tuple[list[str], list[list[str]]]:
    if title not in found:
        raise ParseError(f"{url}: section {title!r} not found")
    return table(found[title], url, title)


def _table(found: dict[str, list[str]], title: str, parts: Parts, not_read: set[str]) -> list[Offering]:
    (tier, columns), url = TABLES[title], parts.url
    header, body = rows(found, title, url)
    if header != ["Model", *columns]:
        unknown_columns = [c for c in header[1:] if c not in columns]
        named = f" (unknown column {unknown_columns[0]!r})" if unknown_columns else ""
        raise ParseError(f"{url}: table {title!r} has columns {header}, not {['Model', *columns]}{named}")
    offerings = []
    for row in body:
        name = _name(row[0])
        with parts.row(title, row[0], slug(name[0]) if name else None, tier) as outcome:
            offerings.append(_offering(cells_of(header, row, url, title), header, tier, columns, url))
        if not outcome.read:
            not_read.add(name[0] if name else row[0])
    return offerings


def _name(cell: str) -> tuple[str, str | None] | None:
    """The model's name and its note ("deprecated"), footnote marks left out; None when not '<name>' or
    '<name> ([note](link))'."""
    match = _MODEL.match(FOOTNOTE.sub("", cell))
    return (FOOTNOTE.sub("", match["name"]), match["note"]) if match else None


def _offering(row: list[str], header: list[str], tier: str, columns: dict[str, str], url: str) -> Offering:
    if not (found := _name(row[0])):
        raise ParseError(f"{url}: model cell {row[0]!r} is not '<name>' or '<name> ([note](link))'")
    name, note = found
    written = f"{name} ({note})" if note else name  # "(deprecated)" stays readable
    model_id = slug(name)
    values = unknowns(Provenance(url, f"{written} · {tier}"))
    for column, cell in zip(header[1:], row[1:], strict=True):
        values |= read_prices(cell, columns[column], Provenance(url, f"{written} · {column}", raw=cell))
    return Offering(OfferingKey(model_id, tier), ModelInfo(model_id, name), values, PRICING_URL)
