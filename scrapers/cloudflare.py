"""Cloudflare Workers AI: prices from its pricing docs page.

Source: https://developers.cloudflare.com/workers-ai/platform/pricing/ (HTML). Five tables
(LLM, Embeddings, Image, Audio, Other model pricing), each Model | Price in Tokens | Price
in Neurons. The "Price in Tokens" cell lists one price a line, "$0.027 per M input tokens":
per M input / cached input / output tokens go to the token fields; every other unit
("per 512x512 tile", "per step", "per audio minute", "per 1k characters input", ...) is
kept in ``other_prices`` in that unit, as written. The Neurons column is the same price
in Cloudflare's own unit ($0.011 per 1,000 Neurons, 10,000 free a day): not stored again.

"Free" (as scrapers/_words.py says) is 0: "Free per M input tokens" in that unit, a bare "Free" line in the units
of the fields all the table's rows price (none in common: not read). A struck-through list price
(``<del>$0.10</del> $0.05 per M input tokens``) is read as the price charged, the list price kept
as other:<field>_list_price. A footnote mark after a model id ("(1)", "¹", "*", ``<sup>``) is dropped.

Read strictly (the run fails): the LLM table, the catalogue's main one. Named as not read and
skipped (see scrapers/_partial.py): another of the five tables missing or of other columns, a new
"<kind> model pricing" table (its offerings cannot be named: nothing is delisted), a row of an
unfamiliar shape (its model left unobserved, or added with unknown values when new).
"""

from __future__ import annotations

import re
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, USD_PER_MTOK, Provenance, Value, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import charged_and_listed, node_text, rows_under, without_marks
from scrapers._partial import Parts
from scrapers._words import FREE_WORD, MARK, is_free

PROVIDER = Provider("cloudflare", "Cloudflare Workers AI", "https://developers.cloudflare.com/workers-ai/")
PRICING_URL = "https://developers.cloudflare.com/workers-ai/platform/pricing/"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "2"
GUARD = GuardPolicy(min_offerings=20)  # 64 models in August 2026

MAIN = "LLM model pricing"  # the catalogue's main table: without it the run fails
TABLES = (MAIN, "Embeddings model pricing", "Image model pricing", "Audio model pricing", "Other model pricing")
COLUMNS = ["Model", "Price in Tokens", "Price in Neurons"]
TOKEN_UNITS = {"M input tokens": "input", "M cached input tokens": "cached_input", "M output tokens": "output"}
_PART = re.compile(rf"^(\$[\d.,]+|{FREE_WORD}{MARK}*) per (.+)$", re.IGNORECASE)  # "$0.027 per ...", "Free per ..."
_MODEL_ID = re.compile(r"[@\w][\w.@:-]*(?:/[\w.@:-]+)+(?: \([\w ]+\))?")  # "@cf/deepgram/flux (WebSocket)"

Units = dict[str, str]  # field -> unit


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per table row."""
    page = fetched.pages["pricing"][0]
    tree, parts = LexborHTMLParser(page.text()), Parts(page.url)
    offerings = _table(tree, MAIN, page.url, parts)
    for title in TABLES[1:]:
        with parts.table(title):
            offerings += _table(tree, title, page.url, parts)
    for title in _new_tables(tree):  # its offerings cannot be named: nothing on the page is delisted this run
        parts.name("table", title, "a price table the parser does not know")
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, unread=parts.unread)


def _new_tables(tree: LexborHTMLParser) -> list[str]:
    """Headings of price tables other than the five known ones (a new kind of model, a tier, ...)."""
    headings = (node_text(h) for h in tree.css("h2, h3"))
    return [h for h in headings if h.lower().endswith("model pricing") and h not in TABLES]


def _table(tree: LexborHTMLParser, title: str, url: str, parts: Parts) -> list[Offering]:
    rows = rows_under(tree, title, COLUMNS, url)
    common = _common_units(rows)
    offerings = []
    for index, cells in enumerate(rows):
        model = _model_id(cells[0]) if cells else None
        with parts.row(title, node_text(cells[0]) if cells else f"row {index + 1}", model):
            offerings.append(_offering(cells, model, title, url, common))
    return offerings


def _model_id(cell: LexborNode) -> str | None:
    """The id a model cell names, without a footnote mark; None when it is not shaped like an id."""
    text = without_marks(cell)  # "<sup>1</sup>", "(1)", "*": a footnote, not part of the id
    return text if _MODEL_ID.fullmatch(text) else None


def _offering(cells: list[LexborNode], model_id: str | None, title: str, url: str, common: Units) -> Offering:
    if len(cells) != len(COLUMNS) or model_id is None:
        raise ParseError(f"{url}: table {title!r}: a row of {len(cells)} cells naming no model id")
    values: dict[str, Value] = {f: unknown(Provenance(url, f"{title} · {model_id}")) for f in PRICE_FIELDS}
    values |= {f: unknown(Provenance(url, model_id), TOKENS) for f in ("context_window", "max_output_tokens")}
    stated: dict[str, Value] = {}
    for written, listed in _lines(cells[1]):
        source = Provenance(url, f"{title} · {model_id}", raw=written)
        for field, value in _price(written, listed, source, common).items():
            if field in stated:
                raise ParseError(f"{url}: {title} · {model_id}: {field} is priced twice")
            stated[field] = value
    return Offering(OfferingKey(model_id), ModelInfo(model_id, model_id), values | stated, PRICING_URL)


def _lines(cell: LexborNode) -> list[tuple[str, str | None]]:
    """The cell's prices, one a line (separated by <br>): each the price charged and a struck-through list price
    beside it (or None)."""
    html = [""]
    for node in cell.iter(include_text=True):
        if node.tag == "br":
            html.append("")
        else:
            html[-1] += node.html or ""
    lines = [charged_and_listed(LexborHTMLParser(f"<div>{part}</div>").css_first("div")) for part in html]
    return [(written, listed) for written, listed in lines if written or listed]


def _unit(part: str) -> tuple[str, str, str] | None:
    """(amount, field, unit) of a line "$<amount> per <unit>" (or "Free per <unit>"), None otherwise."""
    if not (match := _PART.match(part)):
        return None
    unit = re.sub(r"^(M .*token)$", r"\1s", match.group(2))  # the page writes "M output token" in places
    if unit in TOKEN_UNITS:
        return match.group(1), TOKEN_UNITS[unit], USD_PER_MTOK
    # Another unit: kept as written, under a key made from it ("per 512x512 tile" -> 512x512_tile).
    return match.group(1), OTHER_PREFIX + re.sub(r"[^a-z0-9]+", "_", unit.lower()).strip("_"), f"USD per {unit}"


def _common_units(rows: list[list[LexborNode]]) -> Units:
    """The fields (and units) every row of a table prices: what a bare "Free" there is free of."""
    found = [units for cells in rows if len(cells) == len(COLUMNS)
             if (units := {f: u for _, f, u in filter(None, (_unit(w) for w, _ in _lines(cells[1])))})]
    return {f: u for f, u in found[0].items() if all(units.get(f) == u for units in found)} if found else {}


def _price(written: str, listed: str | None, source: Provenance, common: Units) -> dict[str, Value]:
    if is_free(written):  # a bare "Free" line
        if not common:  # a bare "Free" in a table whose rows price nothing in common: its unit is not guessed
            raise ParseError(f"{source.source}: {source.label}: {written!r} in a table of no common unit")
        prices = {f: price(Decimal(0), source, u) for f, u in common.items()}
    elif found := _unit(written):
        amount, field, unit = found
        prices = {field: price(Decimal(0) if is_free(amount) else parse_dollars(amount), source, unit)}
    else:
        raise ParseError(f"{source.source}: {source.label}: {written!r} is not '$<amount> per <unit>'")
    if listed is None:
        return prices
    # A struck-through list price: its amount, in the unit of the one price of its line ("<del>$0.10</del>").
    amount, _, unit = listed.partition(" per ")
    if len(prices) != 1 or not re.fullmatch(r"\$[\d.,]+", amount) or unit not in ("", written.partition(" per ")[2]):
        raise ParseError(f"{source.source}: {source.label}: struck-through {listed!r} is not a list price of "
                         f"{written!r}")
    ((field, charged),) = prices.items()
    return prices | {f"{OTHER_PREFIX}{field.removeprefix(OTHER_PREFIX)}_list_price": price(
        parse_dollars(amount), Provenance(source.source, f"{source.label} (list price)", raw=listed), charged.unit)}
