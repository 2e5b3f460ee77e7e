"""Scaleway Generative APIs: prices in EUR from its model-as-a-service pricing page.

Source: https://www.scaleway.com/en/pricing/model-as-a-service/ (HTML). The page's tables are
told apart by their header row: the one read is Name | Tasks | Input tokens | Output tokens |
(a "Try" link), captioned "Generative API" (the capture holds this table alone; any other table
of the live page is named, by caption or header, in the run's warning). A price cell holds
one price a line, "€1.80 /million tokens"; the input cell may add "€0.08 /million tokens cached"
(cached input). Prices are stored in EUR as written, never converted; a price in another currency
or a decimal comma fails the run. "€0.003 /Audio minute" (Whisper) is ``other:input_audio_minute``
in "EUR per minute", its token price unknown; "Free" is free. The Name cell holds the
API's model id (the Try link's ``modelName``); the link's id wins when they differ, and a row
without one gets its name in lower case with hyphens. Tasks is not stored. No cache-write price,
context window or maximum output is stated: unknown.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import (LIMIT_FIELDS, OTHER_PREFIX, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider,
                           ScrapeResult)
from core.values import TOKENS, Provenance, Value, per_mtok, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import clean, node_text, table_rows

PROVIDER = Provider("scaleway", "Scaleway", "https://www.scaleway.com")
PRICING_URL = "https://www.scaleway.com/en/pricing/model-as-a-service/"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=8)  # 15 models in August 2026

EUR_PER_MTOK = per_mtok("EUR")
COLUMNS = ["Name", "Tasks", "Input tokens", "Output tokens", ""]
# Per price column: the unit written after "/" -> the field it prices, and that field's unit.
UNITS = {"Input tokens": {"million tokens": ("input", EUR_PER_MTOK),
                          "million tokens cached": ("cached_input", EUR_PER_MTOK),
                          "Audio minute": (OTHER_PREFIX + "input_audio_minute", "EUR per minute")},
         "Output tokens": {"million tokens": ("output", EUR_PER_MTOK)}}
FREE_FIELD = {"Input tokens": "input", "Output tokens": "output"}
_LINE = re.compile(r"^(?P<amount>[^/]+?) ?/ ?(?P<unit>[^/]+)$")
_EUROS = re.compile(r"^€(\d+(?:\.\d+)?)$")


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per row of the Generative APIs table."""
    page = fetched.pages["pricing"][0]
    tables = LexborHTMLParser(page.text()).css("table")
    for svg in [svg for table in tables for svg in table.css("svg")]:
        svg.decompose()  # the sort icons' <title>SortIcon</title> would join the header texts
    headed = [(table, *table_rows(table)) for table in tables]
    found = [rows for _, header, rows in headed if header == COLUMNS]
    if len(found) != 1:
        raise ParseError(f"{page.url}: {len(found)} tables with columns {COLUMNS} (Generative APIs), expected 1; "
                         f"the page's tables have columns {[header for _, header, _ in headed]}")
    offerings = [_offering(cells, page.url) for cells in found[0]]
    return ScrapeResult(offerings, {PRICING_URL}, [_not_read(headed)])


def _not_read(headed: list[tuple[LexborNode, list[str], list]]) -> str:
    others = [_caption(table) or str(header) for table, header, _ in headed if header != COLUMNS]
    return ("not read: the Tasks column (what each model is for)"
            + (f"; the other tables: {', '.join(others)}" if others else ""))


def _caption(table: LexborNode) -> str | None:
    caption = table.css_first("caption")
    return repr(node_text(caption)) if caption is not None else None


def _offering(cells: list[LexborNode], url: str) -> Offering:
    name = node_text(cells[0]) if cells else ""
    if len(cells) != len(COLUMNS):
        raise ParseError(f"{url}: Generative APIs table: row {name!r} has {len(cells)} cells, expected {len(COLUMNS)}")
    model_id = _model_id(cells[0], cells[4])
    values: dict[str, Value] = {f: unknown(Provenance(url, model_id), EUR_PER_MTOK) for f in PRICE_FIELDS}
    values |= {f: unknown(Provenance(url, model_id), TOKENS) for f in LIMIT_FIELDS}
    for column, cell in zip(COLUMNS[2:4], cells[2:4], strict=True):
        values |= _cell(column, cell, Provenance(url, f"{model_id} · {column}"))
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, PRICING_URL)


def _model_id(name_cell: LexborNode, try_cell: LexborNode) -> str:
    link = try_cell.css_first("a")
    query = parse_qs(urlsplit(link.attributes.get("href") or "").query) if link is not None else {}
    if query.get("modelName"):  # the playground link names the API's model id
        return query["modelName"][0]
    return re.sub(r"[^a-z0-9.]+", "-", node_text(name_cell).lower()).strip("-")


def _cell(column: str, cell: LexborNode, source: Provenance) -> dict[str, Value]:
    """A price cell, one price a line: {field: value}; a line in no known form fails the run."""
    values: dict[str, Value] = {}
    lines = _lines(cell)
    for line in lines:
        field, value = _line(column, line, replace(source, raw=line))
        if field in values:
            raise ParseError(f"{source.source}: {source.label}: the cell's lines {lines} price {field} twice")
        values[field] = value
    if not values:
        raise ParseError(f"{source.source}: {source.label}: the cell is empty")
    return values


def _line(column: str, line: str, source: Provenance) -> tuple[str, Value]:
    if line == "Free":  # the words stay in provenance: the guard then knows the 0 is stated
        return FREE_FIELD[column], price(Decimal(0), source, EUR_PER_MTOK)
    match = _LINE.match(line)
    if not match or match.group("unit") not in UNITS[column]:
        raise ParseError(f"{source.source}: {source.label}: {line!r} is not 'Free' or '€<amount> /<unit>' "
                         f"with a unit of {sorted(UNITS[column])}")
    field, unit = UNITS[column][match.group("unit")]
    try:
        return field, price(parse_euros(match.group("amount")), source, unit)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {line!r}: {exc}") from exc


def _lines(cell: LexborNode) -> list[str]:
    """The cell's text, one string per line (the page separates a cell's prices with <br>), as
    rendered: "€0.08 /million tokens cached" (the unit is a <sup> right after the "/")."""
    lines = [""]
    for node in cell.traverse(include_text=True):
        if node.tag == "br":
            lines.append("")
        elif node.tag == "-text":
            lines[-1] += node.text_content or ""
    return [text for text in map(clean, lines) if text]


def parse_euros(text: str) -> Decimal:
    """"€1.80" -> Decimal("1.80"), exactly. The page writes a decimal point and no thousands
    separator; a comma (decimal or thousands? it cannot be told) or another currency raises ValueError."""
    match = _EUROS.match(text.strip())
    if not match:
        raise ValueError(f"not a euro amount written '€1.80' (another currency, or a comma?): {text!r}")
    return Decimal(match.group(1))
