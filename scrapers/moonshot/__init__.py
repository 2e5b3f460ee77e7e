"""Moonshot AI (Kimi): prices from its chat pricing docs page, in its Markdown rendering.

Source: https://platform.kimi.ai/docs/pricing/chat.md. Each model series is a ``<DocTable``
component under its heading ("### K3 Series Models"): ``columns={[{ title: "..." }, ...]}`` and
``rows={[["kimi-k3", "1M tokens", <>{"$"}3.00</>, ...], ...]}``. Columns name what each price is:
cache writes per TTL (5min, the default TTL, and 1h), cached input ("Cached Input Price", "Input
Price (Cache Hit)"), input ("Input Price", "Input Price (Cache Miss)"), output, context window.
Every row's Unit must be "1M tokens". A series without cache-write columns states none (unknown).
"Free" (any case) is free; a struck-through list price beside the price charged is read as the price
charged, the list price kept as other:<field>_list_price; a footnote mark after a model id is not part of
it (see cells).

There is no main table: the series tables together are the catalogue. The run fails when the page has
no DocTable, or when no row of any can be read. Named and skipped, the rest read (see
scrapers/_partial.py): a DocTable of another shape or whose columns do not start with Model and Unit;
a heading under "Model Pricing" without a DocTable (a series table removed or rewritten); a row of an
unfamiliar cell, unit or column (its model is left unobserved, or added with unknown values when new;
a row whose first cell is no model id names none).

Submodules: cells (a row's cells, model ids, prices and token counts).
"""

from __future__ import annotations

import re

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, unknown
from scrapers._base import Fetched, Source
from scrapers._partial import Parts
from scrapers.moonshot.cells import cell_values, model_id, row_cells

PROVIDER = Provider("moonshot", "Moonshot AI", "https://www.moonshot.ai")
PRICING_URL = "https://platform.kimi.ai/docs/pricing/chat.md"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/markdown"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=2)  # 4 models in September 2026

SECTION = "Model Pricing"  # the section whose headings each hold a series' DocTable
FIELDS = {"Cache Write Price (TTL 5min)": "cache_write", "Cache Write Price (TTL 1h)": OTHER_PREFIX + "cache_write_1h",
          "Cached Input Price": "cached_input", "Input Price (Cache Hit)": "cached_input",
          "Input Price": "input", "Input Price (Cache Miss)": "input", "Output Price": "output",
          "Context Window": "context_window"}
_START = re.compile(r"<DocTable\b")
_TABLE = re.compile(r"<DocTable\s+columns=\{\[(?P<columns>.*?)\]\}\s+rows=\{\[(?P<rows>.*?)\]\}\s*/>", re.S)
_HEADING = re.compile(r"^(#{1,6}) +(.+?)\s*$", re.M)
_TITLE = re.compile(r'title:\s*"([^"]*)"')


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per row of every DocTable."""
    page = fetched.pages["pricing"][0]
    text, parts = page.text(), Parts(page.url)
    starts = [m.start() for m in _START.finditer(text)]
    if not starts:
        raise ParseError(f"{page.url}: no <DocTable> price table found")
    headings = [(m.start(), len(m.group(1)), m.group(2)) for m in _HEADING.finditer(text)]
    offerings: list[Offering] = []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        title = next((t for at, _, t in reversed(headings) if at < start), "(no heading)")
        with parts.table(title):  # each DocTable read in its own text: a match never runs into the next one
            offerings += _table(text[start:end], title, page.url, parts)
    _series_without_table(headings, starts, len(text), parts)
    if not offerings:
        raise ParseError(f"{page.url}: no DocTable row could be read ({'; '.join(map(str, parts.unread[:2]))})")
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, unread=parts.unread)


def _series_without_table(headings: list[tuple[int, int, str]], starts: list[int], length: int,
                          parts: Parts) -> None:
    """Name each heading under "Model Pricing" whose part of the page holds no DocTable: a series table
    removed or rewritten, whose models are then not taken for delisted."""
    level = None  # the level of the "Model Pricing" heading, while under it
    for index, (at, depth, title) in enumerate(headings):
        end = headings[index + 1][0] if index + 1 < len(headings) else length
        if title == SECTION:
            level = depth
        elif level is not None and depth <= level:
            level = None
        elif level is not None and not any(at < start < end for start in starts):
            parts.name("section", title, "no <DocTable> under it")


def _table(text: str, title: str, url: str, parts: Parts) -> list[Offering]:
    if not (table := _TABLE.match(text)):
        raise ParseError(f"{url}: a <DocTable> of another shape (not columns={{[...]}} rows={{[...]}} />)")
    columns = _TITLE.findall(table["columns"])
    if columns[:2] != ["Model", "Unit"]:
        raise ParseError(f"{url}: columns {columns} do not start with Model, Unit")
    found = []
    for line in filter(str.strip, table["rows"].splitlines()):
        cells = row_cells(line)
        model = model_id(cells[0]) if cells else None
        with parts.row(title, model or (cells[0] if cells else line.strip()), model):
            if cells is None:
                raise ParseError(f"{url}: {line.strip()!r} is not a row of strings and <>...</> cells")
            found.append(_offering(columns, cells, model, url))
    return found


def _offering(columns: list[str], cells: list[str], model: str | None, url: str) -> Offering:
    if model is None or len(cells) != len(columns):
        raise ParseError(f"{url}: a DocTable row {cells[:1]} does not fit its columns {columns}")
    if (unit := cells[1]) != "1M tokens":
        raise ParseError(f"{url}: {model}: prices per {unit!r}, not per '1M tokens'")
    source = Provenance(url, model)
    values: dict[str, Value] = {f: unknown(source) for f in ("input", "cached_input", "cache_write", "output")}
    values["max_output_tokens"] = unknown(source, TOKENS)
    for title, cell in zip(columns[2:], cells[2:], strict=True):
        if title not in FIELDS:
            raise ParseError(f"{url}: {model}: unknown column {title!r}")
        values |= cell_values(FIELDS[title], cell, f"{model} · {title}", url)
    return Offering(OfferingKey(model), ModelInfo(model, model), values, PRICING_URL)


