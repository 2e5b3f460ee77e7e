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

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey
from core.values import Value, price
from scrapers._html import node_text
from scrapers.perplexity.cells import PER_1K_REQUESTS, PRICING_URL, blank, cell, fail, money, slug
from scrapers.perplexity.tables import LAYOUTS, SEARCH_API, TOOLS, Rows

_PRICE = re.compile(r"(\$[\d.,]+) per (invocation|session)")
_RESTATED = re.compile(r"(\$[\d.,]+) per 1,000 tool invocations")
_SDK_SEARCH = re.compile(r"SDK search queries made from inside the sandbox are billed at (\$[\d.,]+) per request")
SDK_SEARCH = OTHER_PREFIX + "sdk_search_query"


def tool_offerings(rows: Rows, url: str) -> list[Offering]:
    """A price class per tool row: its price in its own unit, and a price its description states."""
    offerings = []
    for name_cell, price_cell, description in rows:
        name, text = node_text(name_cell), node_text(price_cell)
        if not (match := _PRICE.fullmatch(text)):
            raise fail(url, f"{TOOLS} · {name} · Price", text, "'$<amount> per invocation' or '... per session'")
        field, unit = OTHER_PREFIX + match[2], f"USD per {match[2]}"
        values = {field: price(parse_dollars(match[1]), cell(url, TOOLS, name, "Price", text), unit)}
        values |= _described(node_text(description), name, values[field], url)
        offerings.append(_price_class(f"tool/{slug(name)}", name, values, url))
    return offerings


def search_api_offerings(rows: Rows, url: str) -> list[Offering]:
    """The Search API's price per 1,000 requests."""
    offerings = []
    for name_cell, price_cell, description in rows:
        name, text, column = node_text(name_cell), node_text(price_cell), LAYOUTS[SEARCH_API][1]
        if "$" in (said := node_text(description)):  # a second price (a cheaper search type?) is not guessed
            raise fail(url, f"{SEARCH_API} · {name} · Description", said, "read (it states a price)")
        values = {OTHER_PREFIX + "request": money(text, cell(url, SEARCH_API, name, column, text), PER_1K_REQUESTS)}
        offerings.append(_price_class(f"tool/{slug(name)}", name, values, url))
    return offerings


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


def _price_class(offering_id: str, name: str, values: dict[str, Value], url: str) -> Offering:
    model = ModelInfo(offering_id, name, "price_class")
    return Offering(OfferingKey(offering_id), model, blank(url, name) | values, PRICING_URL)
