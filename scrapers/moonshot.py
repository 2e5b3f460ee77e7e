"""Moonshot AI (Kimi): prices from its chat pricing docs page, in its Markdown rendering.

Source: https://platform.kimi.ai/docs/pricing/chat.md. Each model series is a ``<DocTable``
component: ``columns={[{ title: "..." }, ...]}`` and ``rows={[["kimi-k3", "1M tokens",
<>{"$"}3.00</>, ...], ...]}``. Columns name what each price is: cache writes per TTL (5min,
the default TTL, and 1h), cached input ("Cached Input Price", "Input Price (Cache Hit)"),
input ("Input Price", "Input Price (Cache Miss)"), output, context window. Every row's
Unit must be "1M tokens". A series without cache-write columns states none (unknown).
"""

from __future__ import annotations

import re

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, limit, price, unknown
from scrapers._base import Fetched, Source

PROVIDER = Provider("moonshot", "Moonshot AI", "https://www.moonshot.ai")
PRICING_URL = "https://platform.kimi.ai/docs/pricing/chat.md"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/markdown"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=2)  # 4 models in September 2026

FIELDS = {"Cache Write Price (TTL 5min)": "cache_write", "Cache Write Price (TTL 1h)": OTHER_PREFIX + "cache_write_1h",
          "Cached Input Price": "cached_input", "Input Price (Cache Hit)": "cached_input",
          "Input Price": "input", "Input Price (Cache Miss)": "input", "Output Price": "output",
          "Context Window": "context_window"}
_TABLE = re.compile(r"<DocTable\s+columns=\{\[(?P<columns>.*?)\]\}\s+rows=\{\[(?P<rows>.*?)\]\}\s*/>", re.S)
_TITLE = re.compile(r'title:\s*"([^"]*)"')
_ROW = re.compile(r"^\s*\[(.*)\],?\s*$", re.M)
_CELL = re.compile(r'<>\{"\$"\}([\d.,]+)</>|"([^"]*)"')


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per row of every DocTable."""
    page = fetched.pages["pricing"][0]
    tables = list(_TABLE.finditer(page.text()))
    if not tables:
        raise ParseError(f"{page.url}: no <DocTable> price table found")
    offerings = []
    for table in tables:
        columns = _TITLE.findall(table.group("columns"))
        offerings += [_offering(columns, _cells(row), page.url) for row in _ROW.findall(table.group("rows"))]
    return ScrapeResult(offerings, {PRICING_URL})


def _cells(row: str) -> list[str]:
    """A row's cells as written: '<>{"$"}3.00</>' is "$3.00"."""
    return [f"${dollars}" if dollars else text for dollars, text in _CELL.findall(row)]


def _offering(columns: list[str], cells: list[str], url: str) -> Offering:
    if columns[:2] != ["Model", "Unit"] or len(cells) != len(columns):
        raise ParseError(f"{url}: a DocTable row {cells[:1]} does not fit its columns {columns}")
    model_id, unit = cells[0], cells[1]
    if unit != "1M tokens":
        raise ParseError(f"{url}: {model_id}: prices per {unit!r}, not per '1M tokens'")
    source = Provenance(url, model_id)
    values: dict[str, Value] = {f: unknown(source) for f in ("input", "cached_input", "cache_write", "output")}
    values["max_output_tokens"] = unknown(source, TOKENS)
    for title, cell in zip(columns[2:], cells[2:], strict=True):
        if title not in FIELDS:
            raise ParseError(f"{url}: {model_id}: unknown column {title!r}")
        values[FIELDS[title]] = _value(FIELDS[title], cell, Provenance(url, f"{model_id} · {title}", raw=cell))
    return Offering(OfferingKey(model_id), ModelInfo(model_id, model_id), values, PRICING_URL)


def _value(field: str, cell: str, source: Provenance) -> Value:
    try:
        if field == "context_window":
            tokens = re.fullmatch(r"([\d,]+) tokens", cell)
            if not tokens:
                raise ValueError(f"{cell!r} is not '<n> tokens'")
            return limit(int(tokens.group(1).replace(",", "")), source)
        return price(parse_dollars(cell), source)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {exc}") from exc
