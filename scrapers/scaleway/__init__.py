"""Scaleway Generative APIs: prices in EUR from its model-as-a-service pricing page.

Source: https://www.scaleway.com/en/pricing/model-as-a-service/ (HTML). The table read is the one whose header
is Name | Tasks | Input tokens | Output tokens | (a "Try" link), captioned "Generative API"; any other table is
named, by caption or header, in the run's warning. Price cells (see cells.py): "€1.80 /million tokens", a cached
input price, Whisper's price per audio minute, "Free", a struck-through list price kept as
other:<field>_list_price. Prices are stored in EUR as written, never converted. The model id is the Try link's
``modelName``, else the Name cell in lower case with hyphens, a footnote mark beside it ("*", "(1)", "¹", a
<sup>) left out. Tasks is not stored. No cache-write price, context window or maximum output is stated: unknown.
Strict (the run fails): exactly one table of these columns, and at least one of its rows read. Named and skipped
(scrapers/_partial.py): a row of another shape, or with a cell in no known form (another currency, a decimal
comma, an unknown unit); its model, when the row names one, is left unobserved (added with unknown values when
new). The page has no secondary table that is read.

Submodules: cells (a price cell's lines, as values).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import LIMIT_FIELDS, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, unknown
from scrapers._base import Fetched, Source
from scrapers._html import clean, node_text, table_rows
from scrapers._partial import Parts
from scrapers._words import without_marks_text
from scrapers.scaleway.cells import EUR_PER_MTOK, cell_values, parse_euros, texts

__all__ = ["GUARD", "PARSER_VERSION", "PRICING_URL", "PROVIDER", "SOURCES", "parse", "parse_euros"]

PROVIDER = Provider("scaleway", "Scaleway", "https://www.scaleway.com")
PRICING_URL = "https://www.scaleway.com/en/pricing/model-as-a-service/"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=8)  # 15 models in August 2026

TABLE = "Generative APIs"
COLUMNS = ["Name", "Tasks", "Input tokens", "Output tokens", ""]


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per row of the Generative APIs table; a row that cannot be read is named."""
    page = fetched.pages["pricing"][0]
    tables = LexborHTMLParser(page.text()).css("table")
    for svg in [svg for table in tables for svg in table.css("svg")]:
        svg.decompose()  # the sort icons' <title>SortIcon</title> would join the header texts
    headed = [(table, *table_rows(table)) for table in tables]
    found = [rows for _, header, rows in headed if header == COLUMNS]
    if len(found) != 1:
        raise ParseError(f"{page.url}: {len(found)} tables with columns {COLUMNS} (Generative APIs), expected 1; "
                         f"the page's tables have columns {[header for _, header, _ in headed]}")
    parts, offerings = Parts(page.url), []
    for cells in found[0]:
        with parts.row(TABLE, _name(cells[0]) if cells else "", _row_model(cells)):
            offerings.append(_offering(cells, page.url))
    if not offerings:
        raise ParseError(f"{page.url}: no row of the {TABLE} table could be read")
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, [_not_read(headed)], parts.unread)


def _not_read(headed: list[tuple[LexborNode, list[str], list]]) -> str:
    others = [repr(node_text(caption)) if (caption := table.css_first("caption")) is not None else str(header)
              for table, header, _ in headed if header != COLUMNS]
    return ("not read: the Tasks column (what each model is for)"
            + (f"; the other tables: {', '.join(others)}" if others else ""))


def _offering(cells: list[LexborNode], url: str) -> Offering:
    name = _name(cells[0]) if cells else ""
    if len(cells) != len(COLUMNS):
        raise ParseError(f"{url}: Generative APIs table: row {name!r} has {len(cells)} cells, expected {len(COLUMNS)}")
    model_id = _row_model(cells)
    values: dict[str, Value] = {f: unknown(Provenance(url, model_id), EUR_PER_MTOK) for f in PRICE_FIELDS}
    values |= {f: unknown(Provenance(url, model_id), TOKENS) for f in LIMIT_FIELDS}
    for column, price_cell in zip(COLUMNS[2:4], cells[2:4], strict=True):
        values |= cell_values(column, price_cell, Provenance(url, f"{model_id} · {column}"))
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, PRICING_URL)


def _row_model(cells: list[LexborNode]) -> str | None:
    """The row's model id: the playground link's, else its name when the row has all its cells (None: unnamed)."""
    links = [a for c in cells for a in c.css("a")]
    query = parse_qs(urlsplit(links[0].attributes.get("href") or "").query) if links else {}
    if query.get("modelName"):  # the playground link names the API's model id
        return query["modelName"][0]
    if len(cells) != len(COLUMNS):  # which cell is the name? not guessed: the row names no model
        return None
    return re.sub(r"[^a-z0-9.]+", "-", _name(cells[0]).lower()).strip("-") or None


def _name(name_cell: LexborNode) -> str:
    """The Name cell's text, a footnote mark beside the name left out (a <sup>, "*", "(1)", "¹")."""
    return without_marks_text(clean("".join(text or "" for text, tags in texts(name_cell) if "sup" not in tags)))
