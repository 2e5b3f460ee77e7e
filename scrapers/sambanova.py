"""SambaNova Cloud: prices from its pricing page.

Source: https://cloud.sambanova.ai/pricing (HTML). One table: Model | Cached Input Tokens |
Input (per 1M tokens) | Output (per 1M tokens), prices written "0.60 USD". The model
column holds the API's model ids ("Meta-Llama-3.3-70B-Instruct"; a footnote mark after one, "(1)",
"*", "¹", <sup>, is not part of it). "N/A" in the cached column: the model has no cached-input price
(not offered). The cached column's header names no unit: it sits between two per-1M columns and is
read in the same unit. "Free" (any case) is free, the word kept in provenance; a struck-through list
price beside the price charged ("<del>0.60 USD</del> 0.30 USD") is kept as other:<field>_list_price.

Read strictly (the run fails): the price table, found by its columns (none of them, or none of its rows
read). Named and skipped (scrapers/_partial.py): any other table (its columns are not the price table's;
a second price table too), and a row of an unfamiliar shape: a cell not 'N/A', 'Free' or '<amount> USD',
a row of another cell count (no model named), two rows of one model (neither read).
"""

from __future__ import annotations

import re
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult, Unread
from core.values import TOKENS, Provenance, Value, not_offered, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import charged_and_listed, node_text, table_rows, without_marks
from scrapers._partial import Parts
from scrapers._words import is_free

PROVIDER = Provider("sambanova", "SambaNova", "https://sambanova.ai")
PRICING_URL = "https://cloud.sambanova.ai/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "2"  # 2: a row or table not read is named, the rest read; Free, list prices, footnote marks
GUARD = GuardPolicy(min_offerings=3)  # 7 models in 2026

TABLE = "price"
COLUMNS = ["Model", "Cached Input Tokens", "Input (per 1M tokens)", "Output (per 1M tokens)"]
FIELDS = ("cached_input", "input", "output")
_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?) USD$")


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per row of the price table; a row or another table not read is named."""
    page = fetched.pages["pricing"][0]
    parts, offerings = Parts(page.url), {}
    for cells in _price_rows(LexborHTMLParser(page.text()), parts):
        model = _model(cells[0]) if len(cells) == len(COLUMNS) else None
        with parts.row(TABLE, model or (node_text(cells[0]) if cells else "(empty row)"), model) as row:
            _add(offerings, _offering(cells, page.url), page.url)
        if not row.read and model:  # two rows of one model: neither is read
            parts.dropped.add(OfferingKey(model))
    read = [o for o in offerings.values() if o.key not in parts.dropped]
    if not read:  # the last part named is a row's, if any row was there
        why = parts.unread[-1].reason if parts.unread else "it has no rows"
        raise ParseError(f"{page.url}: no row of the price table could be read ({why})")
    return ScrapeResult(read + parts.placeholders, {PRICING_URL}, unread=parts.unread)


def _price_rows(tree: LexborHTMLParser, parts: Parts) -> list[list[LexborNode]]:
    """The body rows of the price table (the first of its columns); every other table is named as not read."""
    tables = [table_rows(table) for table in tree.css("table")]
    if not tables:
        raise ParseError(f"{parts.url}: price table not found")
    found = next((body for header, body in tables if header == COLUMNS), None)
    if found is None:
        raise ParseError(f"{parts.url}: table 'price' has columns {tables[0][0]}, expected {COLUMNS}")
    others = [(n, header) for n, (header, body) in enumerate(tables, 1) if body is not found]
    for number, header in others:
        parts.unread.append(Unread(parts.url, f"{parts.url} · table {number} ({', '.join(header) or 'no header'})",
                                   "not the price table: not read"))
    return found


def _model(cell: LexborNode) -> str | None:
    """The model id as written, without a footnote mark ("MiniMax-M3*", "MiniMax-M3 <sup>1</sup>")."""
    return without_marks(cell) or None


def _add(offerings: dict[OfferingKey, Offering], one: Offering, url: str) -> None:
    if one.key in offerings:
        raise ParseError(f"{url}: {one.key.model} is priced by two rows")
    offerings[one.key] = one


def _offering(cells: list[LexborNode], url: str) -> Offering:
    if len(cells) != len(COLUMNS):
        raise ParseError(f"{url}: a row of {len(cells)} cells, not {len(COLUMNS)}")
    model_id = _model(cells[0])
    if model_id is None:
        raise ParseError(f"{url}: a row without a model id")
    values: dict[str, Value] = {"cache_write": unknown(Provenance(url, model_id))}
    for field, cell in zip(FIELDS, cells[1:], strict=True):
        written, listed = charged_and_listed(cell)  # a discount: "<del>0.60 USD</del> 0.30 USD"
        values[field] = _price(written, Provenance(url, f"{model_id} · {field}", raw=written))
        if listed is not None:  # the list price struck through, kept beside the price charged
            source = Provenance(url, f"{model_id} · {field} (list price)", raw=listed)
            values[f"{OTHER_PREFIX}{field}_list_price"] = _price(listed, source)
    values |= {f: unknown(Provenance(url, model_id), TOKENS) for f in ("context_window", "max_output_tokens")}
    return Offering(OfferingKey(model_id), ModelInfo(model_id, model_id), values, PRICING_URL)


def _price(text: str, source: Provenance) -> Value:
    if text == "N/A":  # no such price for this model
        return not_offered(source)
    if is_free(text):  # "Free", "free*": free, the word kept in provenance
        return price(Decimal(0), source)
    match = _AMOUNT.match(text)
    if not match:
        raise ParseError(f"{source.source}: {source.label}: {text!r} is not 'N/A', 'Free' or '<amount> USD'")
    return price(Decimal(match.group(1)), source)
