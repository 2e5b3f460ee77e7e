"""A table's rows as the prices of the models they name, by tier; the offerings they make, with their limits.

MiniMax-M3's Standard and Priority tabs are tiers; its "≤ 512k input tokens" row gives the base fields, its
"> 512k" row other:<field>_above_512k. Video prices are told apart by resolution, T2A prices by endpoint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import ParseError
from core.offering import LIMIT_FIELDS, PRICE_FIELDS, TIERS, ModelInfo, Offering, OfferingKey
from core.values import TOKENS, Provenance, Value, unknown
from scrapers._markdown import cells_of
from scrapers._partial import Parts
from scrapers._words import without_marks_text
from scrapers.minimax.cells import column_unit, plain, prices
from scrapers.minimax.tables import Table

PRICING_URL = "https://platform.minimax.io/docs/guides/pricing-paygo.md"
MODELS_URL = "https://platform.minimax.io/docs/guides/models-intro.md"
NAME_COLUMNS = ("Model", "Model / API", "API")  # the first present names the model
PRICE_COLUMNS = {"Input": "input", "Input Price": "input", "Output": "output", "Output Price": "output",
                 "Prompt caching Read": "cached_input", "Prompt caching Write": "cache_write",
                 "Price": None, "List Price": None}  # None: the unit says what is priced
OTHER_COLUMNS = {"API", "Resolution", "Description", "Endpoint", "Billing Rules"}
APIS = {"T2A (Sync)": "sync", "T2A": "sync", "T2A Async": "async"}  # the legacy table's "T2A" is the sync one

Found = dict[OfferingKey, tuple[str, dict[str, Value]]]  # per offering: the model's name as written, its prices


def read(tbl: Table, header: list[str], rows: list[list[str]], url: str, found: Found, parts: Parts) -> bool:
    """Add a table's prices to ``found``; True when it had a price row. A row that cannot be read is
    named in ``parts``, and the offerings it prices are dropped whole (their other rows alone would
    make their values look changed)."""
    named_by = _named_by(tbl, header, url)
    tier = without_marks_text(tbl.tab or "Standard").lower()  # "Priority*": the asterisk points at the tab's footnote
    if tier not in TIERS:
        raise ParseError(f"{url}: tab {tbl.tab!r} is not a tier")
    read_any = False
    whole = [row for row in rows if len(row) == len(header)]
    units = {c: column_unit([row[i] for row in whole]) for i, c in enumerate(header) if c in PRICE_COLUMNS}
    for row in rows:
        named = dict(zip(header, row)).get(named_by, row[0])  # a row of another cell count still names its model
        keys = [key for key, _ in _names(named, tier)]
        with parts.row(tbl.title, plain(named), keys[0].model if len(keys) == 1 else None, tier) as outcome:
            cells = dict(zip(header, cells_of(header, row, url, tbl.title), strict=True))
            _row(cells, named_by, tier, Where(tbl, url, units), found)
        read_any |= outcome.read
        if not outcome.read:
            parts.dropped.update(keys)
        for key in parts.dropped & set(keys):
            found.pop(key, None)
    return read_any


def _named_by(tbl: Table, header: list[str], url: str) -> str:
    """The column naming the model; every column must be one the parser knows."""
    if unknown_columns := [c for c in header if c not in PRICE_COLUMNS and c not in OTHER_COLUMNS | {*NAME_COLUMNS}]:
        raise ParseError(f"{url}: table {tbl.title!r}: unknown column {unknown_columns[0]!r}")
    if not (named_by := next((c for c in NAME_COLUMNS if c in header), None)):
        raise ParseError(f"{url}: table {tbl.title!r} has no column naming the model (columns: {header})")
    return named_by


@dataclass(frozen=True)
class Where:
    """The table a row is read from, and the unit each of its price columns states (for a bare "Free")."""

    tbl: Table
    url: str
    units: dict[str, tuple[str, str] | None]


def _row(cells: dict[str, str], named_by: str, tier: str, where: Where, found: Found) -> None:
    """Add a row's prices to each model it names."""
    band = cells[named_by].partition("<br />")[2]
    suffix = _qualifier(cells, named_by, where.url, where.tbl.title) + _band(band, where.url, where.tbl.title)
    for key, name in _names(cells[named_by], tier):
        _add(found.setdefault(key, (name, {}))[1], key, cells, named_by, suffix, where)


def _names(cell: str, tier: str) -> list[tuple[OfferingKey, str]]:
    """The offerings a row prices, with the model names as written: "speech-2.6-hd / speech-02-hd" is two."""
    head = cell.partition("<br />")[0]
    names = plain(head).removesuffix(" (Discontinued)").split(" / ")
    return [(OfferingKey(name if " " not in name else name.lower().replace(" ", "-"), tier), name) for name in names]


def _add(values: dict[str, Value], key: OfferingKey, cells: dict[str, str], named_by: str, suffix: str,
         where: Where) -> None:
    """A row's price columns into one model's values; a field priced twice is an error."""
    for column in (c for c in cells if c in PRICE_COLUMNS):
        label = " · ".join(filter(None, (where.tbl.title, where.tbl.tab, plain(cells[named_by]), column)))
        source = Provenance(where.url, label, raw=cells[column])
        for priced, value in prices(cells[column], PRICE_COLUMNS[column], suffix, source,
                                    where.units[column]).items():
            if priced in values:
                raise ParseError(f"{where.url}: {key} {priced} is priced twice")
            values[priced] = value


def _qualifier(cells: dict[str, str], named_by: str, url: str, where: str) -> str:
    """What tells a model's prices apart within a table: the video resolution, the T2A endpoint."""
    if "Resolution" in cells:
        return "_" + re.sub(r"[^a-z0-9]+", "_", cells["Resolution"].lower().replace("→", "to")).strip("_")
    if named_by != "API" and "API" in cells:
        if (api := plain(cells["API"])) not in APIS:
            raise ParseError(f"{url}: table {where!r}: unknown API {api!r}")
        return "_" + APIS[api]
    return ""


def _band(text: str, url: str, where: str) -> str:
    """'≤ 512k input tokens' prices the base fields, '> 512k input tokens' the fields above 512k."""
    text = re.sub(r"<span.*?</span>|\\\*", "", text).strip()  # the discount badge; a footnote mark
    if not text:
        return ""
    if not (match := re.fullmatch(r"(≤|>) (\d+k) input tokens", text)):
        raise ParseError(f"{url}: table {where!r}: input band {text!r} is not '≤ <n>k' or '> <n>k input tokens'")
    return "" if match.group(1) == "≤" else f"_above_{match.group(2).lower()}"


def offering(key: OfferingKey, name: str, values: dict[str, Value], limits: dict | None, url: str) -> Offering:
    """The offering of a model's prices and the limits the models page states (None: that page was not read)."""
    full = {f: unknown(Provenance(url, name)) for f in PRICE_FIELDS} | values
    if limits is None:  # the models page was not read: the stored limits stand
        return Offering(key, ModelInfo(key.model, name), full, PRICING_URL, frozenset(LIMIT_FIELDS))
    stated = limits.get(name) or {f: unknown(Provenance(MODELS_URL, name), TOKENS) for f in LIMIT_FIELDS}
    return Offering(key, ModelInfo(key.model, name), full | stated, PRICING_URL)
