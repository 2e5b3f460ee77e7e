"""The Sonar models (token prices, then request fees by search context size), embeddings and search types."""

from __future__ import annotations

import re

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey
from core.values import USD_PER_MTOK, Value, price, variable
from scrapers._html import node_text
from scrapers.perplexity.cells import PER_1K_REQUESTS, PRICING_URL, blank, cell, fail, money, slug
from scrapers.perplexity.tables import EMBEDDINGS, LAYOUTS, REQUESTS, SEARCH_TYPES, TOKENS, Rows

TOKEN_FIELDS = {  # column: (field, unit), each kept in the unit its header states
    "Input Tokens ($/1M)": ("input", USD_PER_MTOK), "Output Tokens ($/1M)": ("output", USD_PER_MTOK),
    "Citation Tokens ($/1M)": (OTHER_PREFIX + "citation", USD_PER_MTOK),
    "Search Queries ($/1K)": (OTHER_PREFIX + "search_queries", "USD per 1,000 searches"),
    "Reasoning Tokens ($/1M)": (OTHER_PREFIX + "reasoning", USD_PER_MTOK)}
SIZES = ("Low", "Medium", "High")
# The request table's header names no unit; the page's sentence above it (not in the cut-down capture)
# says "the request fee for each model for every 1000 requests", as the search types' "(per 1K)" does.
REQUEST_FIELDS = {f"{size} Context Size": (f"{OTHER_PREFIX}request_{size.lower()}_context", PER_1K_REQUESTS)
                  for size in SIZES}
# Search type fees are "$6 / $10 / $14": Low / Medium / High context, as the page's note under the table says.
_FEES = re.compile(r"(\$[\d.,]+) / (\$[\d.,]+) / (\$[\d.,]+)")
VARIES = "Varies by classification"  # the "auto" search type: its fee is that of the type it picks


def model_offerings(tokens: Rows, requests: Rows, url: str) -> list[Offering]:
    """One offering per token-table row, with its request fees from the request table's row, if any."""
    found: dict[str, Offering] = {}
    for cells in tokens:
        # The table shows names; the API ids are those names in lower case with hyphens ("sonar-pro").
        name = node_text(cells[0])
        if (model_id := slug(name)) in found:
            raise ParseError(f"{url}: table {TOKENS!r} · {name}: two rows are both {model_id!r}")
        values = blank(url, f"{TOKENS} · {name}") | _row(TOKENS, TOKEN_FIELDS, cells, url)
        found[model_id] = Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, PRICING_URL)
    for cells in requests:  # Sonar Deep Research has no row: no request fee
        name = node_text(cells[0])
        offering = found.get(slug(name))
        if offering is None or REQUEST_FIELDS["Low Context Size"][0] in offering.values:
            raise ParseError(f"{url}: table {REQUESTS!r} · {name}: not one row of a model of table {TOKENS!r}")
        offering.values |= _row(REQUESTS, REQUEST_FIELDS, cells, url)
    return list(found.values())


def embedding_offerings(rows: Rows, url: str) -> list[Offering]:
    """Input per 1M tokens; the page states no other price (an embedding model generates no tokens), nor
    limits. The model column holds the API ids ("pplx-embed-v1-0.6b"); Dimensions is no price."""
    offerings = []
    for name_cell, _dimensions, price_cell in rows:
        model_id, text = node_text(name_cell), node_text(price_cell)
        source = cell(url, EMBEDDINGS, model_id, LAYOUTS[EMBEDDINGS][2], text)
        values = blank(url, f"{EMBEDDINGS} · {model_id}") | {"input": money(text, source, USD_PER_MTOK)}
        offerings.append(Offering(OfferingKey(model_id), ModelInfo(model_id, model_id), values, PRICING_URL))
    return offerings


def search_type_offerings(rows: Rows, url: str) -> list[Offering]:
    """A price class per Sonar Pro search type ("search-type/pro"): its request fees by context size."""
    offerings = []
    for name_cell, _description, fee_cell in rows:
        name, text = node_text(name_cell), node_text(fee_cell)
        type_id = f"search-type/{slug(name)}"
        values = blank(url, f"{SEARCH_TYPES} · {name}") | _fees(text, name, url)
        offerings.append(Offering(OfferingKey(type_id), ModelInfo(type_id, f"Sonar Pro search type {name}",
                                                                  "price_class"), values, PRICING_URL))
    return offerings


def _row(table: str, fields: dict[str, tuple[str, str]], cells: list, url: str) -> dict[str, Value]:
    name = node_text(cells[0])
    return {field: money(text := node_text(c), cell(url, table, name, column, text), unit)
            for (column, (field, unit)), c in zip(fields.items(), cells[1:], strict=True)}


def _fees(text: str, name: str, url: str) -> dict[str, Value]:
    column = LAYOUTS[SEARCH_TYPES][2]
    fields = [field for field, _ in REQUEST_FIELDS.values()]
    if text == VARIES:
        return {f: variable(cell(url, SEARCH_TYPES, name, column, text, size), PER_1K_REQUESTS)
                for f, size in zip(fields, SIZES, strict=True)}
    if not (match := _FEES.fullmatch(text)):
        raise fail(url, f"{SEARCH_TYPES} · {name} · {column}", text, f"'$<low> / $<medium> / $<high>' or {VARIES!r}")
    return {f: price(parse_dollars(amount), cell(url, SEARCH_TYPES, name, column, text, size), PER_1K_REQUESTS)
            for f, size, amount in zip(fields, SIZES, match.groups(), strict=True)}
