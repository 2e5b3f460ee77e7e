"""The Sonar models (token prices, then request fees by search context size), embeddings and search types.

A Sonar model's values come from two rows, its token row and its request row: either not read, the model's
offering is dropped whole (``Parts.dropped``); without the request table, its fees are unobserved.
"""

from __future__ import annotations

import re
from dataclasses import replace

from selectolax.lexbor import LexborNode

from core.errors import ParseError
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey
from core.values import USD_PER_MTOK, Value, price, variable
from scrapers._html import charged_and_listed
from scrapers._partial import Parts
from scrapers._words import FREE_WORD, MARK
from scrapers.perplexity.cells import (PER_1K_REQUESTS, PRICING_URL, amount, blank, cell, fail, is_free, list_field,
                                       money_cell, row_name, slug)
from scrapers.perplexity.tables import (EMBEDDINGS, LAYOUTS, REQUESTS, SEARCH_TYPES, TOKENS, Rows, row_cells,
                                        row_model)

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
_FEE = rf"(\$[\d.,]+|{FREE_WORD}{MARK}*)"  # "$5" or "Free", as scrapers/_words.py reads it
_FEES = re.compile(rf"{_FEE} / {_FEE} / {_FEE}")
VARIES = "Varies by classification"  # the "auto" search type: its fee is that of the type it picks


def model_offerings(tokens: Rows, requests: Rows | None, parts: Parts) -> list[Offering]:
    """One offering per token-table row, with its request fees from the request table's row, if any (Sonar
    Deep Research has none). Either row not read drops the model whole; ``requests`` None (that table was not
    read) leaves every model's fees unobserved."""
    found: dict[str, Offering] = {}
    for table, rows, read_row in ((TOKENS, tokens, _token_row), (REQUESTS, requests or [], _request_row)):
        for cells in rows:
            # The table shows names; the API ids are those names in lower case with hyphens ("sonar-pro").
            key = OfferingKey(slug(row_name(cells)))
            if table == REQUESTS and key in parts.dropped:
                continue  # its token row is named already
            with parts.row(table, row_name(cells), row_model(cells, table, slug)) as row:
                read_row(row_cells(cells, table, parts.url), row_name(cells), found, parts.url)
            if not row.read:
                parts.dropped.add(key)
    unobserved = frozenset() if requests is not None else frozenset(f for f, _ in REQUEST_FIELDS.values())
    return [replace(o, unobserved=unobserved) for o in found.values() if o.key not in parts.dropped]


def _token_row(cells: list[LexborNode], name: str, found: dict[str, Offering], url: str) -> None:
    if (model_id := slug(name)) in found:
        raise ParseError(f"{url}: table {TOKENS!r} · {name}: two rows are both {model_id!r}")
    values = blank(url, f"{TOKENS} · {name}") | _row(TOKENS, TOKEN_FIELDS, cells, name, url)
    found[model_id] = Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, PRICING_URL)


def _request_row(cells: list[LexborNode], name: str, found: dict[str, Offering], url: str) -> None:
    offering = found.get(slug(name))
    if offering is None or REQUEST_FIELDS["Low Context Size"][0] in offering.values:
        raise ParseError(f"{url}: table {REQUESTS!r} · {name}: not one row of a model of table {TOKENS!r}")
    offering.values |= _row(REQUESTS, REQUEST_FIELDS, cells, name, url)


def embedding_offerings(rows: Rows, parts: Parts) -> list[Offering]:
    """Input per 1M tokens; the page states no other price (an embedding model generates no tokens), nor
    limits. The model column holds the API ids ("pplx-embed-v1-0.6b"); Dimensions is no price."""
    offerings = []
    for cells in rows:
        model_id = row_name(cells)
        with parts.row(EMBEDDINGS, model_id, row_model(cells, EMBEDDINGS, str)):
            _name, _dimensions, price_cell = row_cells(cells, EMBEDDINGS, parts.url)
            label = f"{EMBEDDINGS} · {model_id} · {LAYOUTS[EMBEDDINGS][2]}"
            values = blank(parts.url, f"{EMBEDDINGS} · {model_id}")
            values |= money_cell(price_cell, "input", USD_PER_MTOK, parts.url, label)
            offerings.append(Offering(OfferingKey(model_id), ModelInfo(model_id, model_id), values, PRICING_URL))
    return offerings


def search_type_offerings(rows: Rows, parts: Parts) -> list[Offering]:
    """A price class per Sonar Pro search type ("search-type/pro"): its request fees by context size."""
    offerings = []
    for cells in rows:
        name = row_name(cells)
        with parts.row(SEARCH_TYPES, name, row_model(cells, SEARCH_TYPES, _search_type)):
            _name, _description, fee_cell = row_cells(cells, SEARCH_TYPES, parts.url)
            written, listed = charged_and_listed(fee_cell)  # "<del>$8 / $12 / $16</del> $6 / $10 / $14"
            values = blank(parts.url, f"{SEARCH_TYPES} · {name}") | _fees(written, name, parts.url)
            if listed is not None:
                values |= {list_field(f): v for f, v in _fees(listed, name, parts.url, " (list price)").items()}
            offerings.append(Offering(OfferingKey(_search_type(name).id), _search_type(name), values, PRICING_URL))
    return offerings


def _search_type(name: str) -> ModelInfo:
    return ModelInfo(f"search-type/{slug(name)}", f"Sonar Pro search type {name}", "price_class")


def _row(table: str, fields: dict[str, tuple[str, str]], cells: list, name: str, url: str) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for (column, (field, unit)), node in zip(fields.items(), cells[1:], strict=True):
        values |= money_cell(node, field, unit, url, f"{table} · {name} · {column}")
    return values


def _fees(text: str, name: str, url: str, note: str = "") -> dict[str, Value]:
    column = LAYOUTS[SEARCH_TYPES][2] + note
    fields = [field for field, _ in REQUEST_FIELDS.values()]
    if text == VARIES:
        return {f: variable(cell(url, SEARCH_TYPES, name, column, text, size), PER_1K_REQUESTS)
                for f, size in zip(fields, SIZES, strict=True)}
    if match := _FEES.fullmatch(text):
        amounts = match.groups()
    elif is_free(text):  # "Free": at every context size
        amounts = (text,) * len(SIZES)
    else:
        raise fail(url, f"{SEARCH_TYPES} · {name} · {column}", text, f"'$<low> / $<medium> / $<high>' or {VARIES!r}")
    return {f: price(amount(written), cell(url, SEARCH_TYPES, name, column, text, size), PER_1K_REQUESTS)
            for f, size, written in zip(fields, SIZES, amounts, strict=True)}
