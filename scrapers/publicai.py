"""Public AI Inference Utility: prices from its model catalogue page.

Source: https://platform.publicai.co/models (HTML). One table: Model ID | Context Length |
Pricing | Country of Origin. A price cell is "$0.10 / $0.20 per 1M tokens" (input /
output, as the page says under the table); "Free" (scrapers/_words.py) as a side or the whole cell is
free; a struck-through pair beside the charged one ("<del>$0.20 / $0.40</del> $0.10 / $0.20")
is the list price, kept as other:input_list_price / other:output_list_price. A footnote mark
after a model id ("(1)", "¹", "*") is not part of it. Context lengths are rounded by the page
("262K", "65K"): not exact token counts, so they are kept as written in provenance and the
context window is recorded as unknown rather than guessed.

Read strictly (the run fails): the catalogue table, found by its four columns. Named and skipped
(see scrapers/_partial.py): a row of another shape (a cell count, no model id link, a price cell
not in the forms above, e.g. per 1K tokens: its model is left unobserved) and any other table.
"""

from __future__ import annotations

import re
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import charged_and_listed, node_text, table_rows, without_marks
from scrapers._partial import Parts
from scrapers._words import FREE_WORD, MARK, is_free

PROVIDER = Provider("publicai", "Public AI", "https://publicai.co")
MODELS_URL = "https://platform.publicai.co/models"
SOURCES = (Source("models", MODELS_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=4)  # 11 models in July 2026

COLUMNS = ["Model ID", "Context Length", "Pricing", "Country of Origin"]
CATALOGUE = "model catalogue"
_SIDE = rf"(\$[\d.,]+|{FREE_WORD}{MARK}*)"  # "$0.10", or "Free" as scrapers/_words.py says
_PRICES = re.compile(rf"^{_SIDE} / {_SIDE} ?per 1M tokens$")
_LISTED = re.compile(r"^(\$[\d.,]+) / (\$[\d.,]+)(?: ?per 1M tokens)?$")  # the struck-through pair


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per catalogue row; a row or table the parser does not know is named."""
    page = fetched.pages["models"][0]
    parts = Parts(page.url)
    tables = [table_rows(table) for table in LexborHTMLParser(page.text()).css("table")]
    if not any(header == COLUMNS for header, _ in tables):
        raise ParseError(f"{page.url}: {CATALOGUE} table not found: no table has columns {COLUMNS} "
                         f"(the page's: {[header for header, _ in tables]})")
    offerings = []
    for number, (header, rows) in enumerate(tables, 1):
        if header != COLUMNS:  # a table the page did not have: its offerings cannot be named
            with parts.table(f"table {number} ({' | '.join(header)})"):
                raise ParseError(f"{page.url}: columns {header} are not the {CATALOGUE}'s {COLUMNS}")
            continue
        for cells in rows:
            with parts.row(CATALOGUE, _label(cells), _model_id(cells)):
                offerings.append(_offering(cells, page.url))
    return ScrapeResult(offerings + parts.placeholders, {MODELS_URL}, unread=parts.unread)


def _model_id(cells: list[LexborNode]) -> str | None:
    """The id the row's link names (None: the row names no model)."""
    link = cells[0].css_first("a") if cells else None
    return None if link is None else without_marks(link)  # "model (1)", "model¹": the mark is not the id's


def _label(cells: list[LexborNode]) -> str:
    return _model_id(cells) or (node_text(cells[0]).lstrip("▶ ") if cells else "(empty row)")


def _offering(cells: list[LexborNode], url: str) -> Offering:
    if len(cells) != len(COLUMNS):
        raise ParseError(f"{url}: catalogue row has {len(cells)} cells, not {len(COLUMNS)}")
    if (model_id := _model_id(cells)) is None:
        raise ParseError(f"{url}: catalogue row {node_text(cells[0])!r} has no model id link")
    written, listed = charged_and_listed(cells[2])
    source = Provenance(url, f"{model_id} · Pricing", raw=written)
    values = _prices(written, source) | _list_prices(listed, Provenance(url, f"{model_id} · Pricing", raw=listed))
    # "262K" is rounded by the page (262,144? 262,000?): kept as written, the exact count unknown.
    context = Provenance(url, f"{model_id} · Context Length", raw=node_text(cells[1]))
    values |= {"context_window": unknown(context, TOKENS),
               "max_output_tokens": unknown(Provenance(url, model_id), TOKENS)}
    return Offering(OfferingKey(model_id), ModelInfo(model_id, model_id), values, MODELS_URL)


def _prices(text: str, source: Provenance) -> dict[str, Value]:
    if is_free(text):  # the whole cell: both token prices are free
        text = "Free / Free per 1M tokens"
    if not (match := _PRICES.match(text)):
        raise ParseError(f"{source.source}: {source.label}: {text!r} is not '$in / $out per 1M tokens'")
    stated = {"input": _amount(match.group(1), source), "output": _amount(match.group(2), source)}
    return stated | {f: unknown(source) for f in ("cached_input", "cache_write")}


def _list_prices(listed: str | None, source: Provenance) -> dict[str, Value]:
    """The struck-through list prices beside the charged ones; a single struck price names no side: not read."""
    if listed is None:
        return {}
    if not (match := _LISTED.match(listed)):
        raise ParseError(f"{source.source}: {source.label}: struck-through {listed!r} is not '$in / $out'")
    return {f"{OTHER_PREFIX}{field}_list_price": _amount(amount, source)
            for field, amount in zip(("input", "output"), match.groups(), strict=True)}


def _amount(side: str, source: Provenance) -> Value:
    if is_free(side):  # stated free: the raw text keeps the word
        return price(Decimal(0), source)
    try:
        return price(parse_dollars(side), source)
    except ValueError as exc:  # "$1.2.3"
        raise ParseError(f"{source.source}: {source.label}: {side!r} is not a price") from exc
