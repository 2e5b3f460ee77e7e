"""Agent API tools and the Search API: prices tied to no model, kept as offerings of kind "price_class".

Tool pricing: Tool | Price | Description, the price "$0.0025 per invocation" or "$0.03 per session" ->
``other:invocation`` / ``other:session`` (USD per invocation / session), id "tool/<name with hyphens>"
("tool/web-search"). A description may restate the price ("$5 per 1,000 tool invocations": checked
against the Price cell, not stored twice) or state the sandbox's SDK search price ("billed at $0.0025 per
request" -> ``other:sdk_search_query``, USD per request); any other "$" in a description fails the run.
Search API pricing: API | Price per 1K requests | Description -> "tool/search-api", ``other:request``.
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import suppress
from decimal import Decimal

from selectolax.lexbor import LexborNode

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey
from core.values import Value, price
from scrapers._html import charged_and_listed, node_text
from scrapers._partial import Parts
from scrapers._words import FREE_WORD, MARK
from scrapers.perplexity.cells import (PER_1K_REQUESTS, PRICING_URL, amount, blank, cell, fail, is_free, list_field,
                                       money_cell, row_name, slug)
from scrapers.perplexity.tables import LAYOUTS, SEARCH_API, TOOLS, Rows, row_cells, row_model

_PRICE = re.compile(rf"(\$[\d.,]+|{FREE_WORD}{MARK}*) per (?i:(invocation|session))")  # "Free" as _words.py reads it
_RESTATED = re.compile(r"(\$[\d.,]+) per 1,000 tool invocations")
_SDK_SEARCH = re.compile(r"SDK search queries made from inside the sandbox are billed at (\$[\d.,]+) per request")
SDK_SEARCH = OTHER_PREFIX + "sdk_search_query"


def tool_offerings(rows: Rows, parts: Parts) -> list[Offering]:
    """A price class per tool row: its price in its own unit, and a price its description states."""
    offerings, per = [], _column_per(rows)
    for cells in rows:
        name = row_name(cells)
        with parts.row(TOOLS, name, row_model(cells, TOOLS, _tool)):
            _name, price_cell, description = row_cells(cells, TOOLS, parts.url)
            values, charged = _tool_price(price_cell, name, per, parts.url)
            values |= _described(node_text(description), name, charged, parts.url)
            offerings.append(_price_class(_tool(name), values, parts.url))
    return offerings


def search_api_offerings(rows: Rows, parts: Parts) -> list[Offering]:
    """The Search API's price per 1,000 requests."""
    offerings = []
    for cells in rows:
        name = row_name(cells)
        with parts.row(SEARCH_API, name, row_model(cells, SEARCH_API, _tool)):
            _name, price_cell, description = row_cells(cells, SEARCH_API, parts.url)
            if "$" in (said := node_text(description)):  # a second price (a cheaper search type?) is not guessed
                raise fail(parts.url, f"{SEARCH_API} · {name} · Description", said, "read (it states a price)")
            label = f"{SEARCH_API} · {name} · {LAYOUTS[SEARCH_API][1]}"
            values = money_cell(price_cell, OTHER_PREFIX + "request", PER_1K_REQUESTS, parts.url, label)
            offerings.append(_price_class(_tool(name), values, parts.url))
    return offerings


def _tool_price(node: LexborNode, name: str, column_per: str | None, url: str) -> tuple[dict[str, Value], Value]:
    """The Price cell's price in its unit, a struck-through list price beside it, and the price charged."""
    written, listed = charged_and_listed(node)  # "<del>$0.005</del> $0.0025 per invocation"
    # A bare "Free" says no unit: it is per what most of the column's prices are per.
    charged, per = _split(written, column_per if is_free(written) else None, name, url)
    field, unit = OTHER_PREFIX + per, f"USD per {per}"
    values = {field: price(charged, cell(url, TOOLS, name, "Price", written), unit)}
    if listed is not None:
        listed_amount, listed_per = _split(listed, per, name, url)
        if listed_per != per:
            raise fail(url, f"{TOOLS} · {name} · Price", listed, f"a list price per {per}")
        values[list_field(field)] = price(listed_amount, cell(url, TOOLS, name, "Price (list price)", listed), unit)
    return values, values[field]


def _split(text: str, per: str | None, name: str, url: str) -> tuple[Decimal, str]:
    """"$0.0025 per invocation" -> (0.0025, "invocation"); a bare amount or "Free" is per ``per``, if given."""
    if match := _PRICE.fullmatch(text):
        return amount(match[1]), match[2].lower()
    if per is not None:
        with suppress(ValueError):  # not an amount either: not read
            return amount(text), per
    raise fail(url, f"{TOOLS} · {name} · Price", text, "'$<amount> per invocation' or '... per session'")


def _column_per(rows: Rows) -> str | None:
    """What most of the Price column's prices are per ("invocation"); None when no unit has a majority."""
    found = Counter(match[2].lower() for cells in rows if len(cells) > 1
                    if (match := _PRICE.fullmatch(charged_and_listed(cells[1])[0])))
    per, count = found.most_common(1)[0] if found else (None, 0)
    return per if count * 2 > sum(found.values()) else None


def _described(text: str, name: str, stated: Value, url: str) -> dict[str, Value]:
    """The SDK search price a description states; its restatement of the Price cell must agree with it."""
    label = f"{TOOLS} · {name} · Description"
    for restated in _RESTATED.findall(text):
        if stated.unit != "USD per invocation" or parse_dollars(restated) != stated.amount * 1000:
            raise ParseError(f"{url}: {label}: {restated} per 1,000 tool invocations disagrees with the Price "
                             f"cell {stated.provenance.raw!r}")
    found = _SDK_SEARCH.search(text)
    if "$" in _SDK_SEARCH.sub("", _RESTATED.sub("", text)):
        raise fail(url, label, text, "read (it states a price the parser does not know)")
    return {SDK_SEARCH: price(parse_dollars(found[1]), cell(url, TOOLS, name, "Description", text),
                              "USD per request")} if found else {}


def _tool(name: str) -> ModelInfo:
    return ModelInfo(f"tool/{slug(name)}", name, "price_class")


def _price_class(model: ModelInfo, values: dict[str, Value], url: str) -> Offering:
    return Offering(OfferingKey(model.id), model, blank(url, model.name) | values, PRICING_URL)
