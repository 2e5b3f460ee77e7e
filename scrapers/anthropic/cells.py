"""A price cell as values, and what every offering starts from: unknown fields, an id from a label, the listing URL.

Every price cell is written "\\$<amount> / MTok" (Markdown escapes the dollar sign), in USD per 1M tokens. "Free"
(as scrapers/_words.py says: "Free", "**Free**") is free, the word kept in provenance. A struck-through list price
beside the price charged ("~~\\$3 / MTok~~ \\$1.50 / MTok", or "~~\\$3~~ \\$1.50 / MTok") is read as the price
charged, the list price kept as other:<field>_list_price. A footnote mark beside a model's name ("Claude Opus 4.1*",
"(1)", "¹", "\\*", "<sup>1</sup>") is not part of it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, PRICE_FIELDS
from core.values import TOKENS, Provenance, Value, not_offered, price, unknown
from scrapers._words import MARK, is_free

PRICING_URL = "https://docs.claude.com/en/docs/about-claude/pricing.md"
NOT_OFFERED = ("-", "—", "N/A", "Not available")
_PRICE = re.compile(r"^(?P<amount>\$[\d.,]+) / MTok$")
_STRUCK = re.compile(r"~~(?P<listed>[^~]+)~~\s*(?P<charged>.+)")
# The footnote marks of scrapers/_words.py, and as Markdown writes them: an escaped "\*", a raw "<sup>1</sup>".
FOOTNOTE = re.compile(rf"(?:\s*(?:{MARK}|\\\*|<sup>[^<]*</sup>))+$")


def read_prices(cell: str, field: str, source: Provenance) -> dict[str, Value]:
    """The price charged in ``field``, and the struck-through list price beside it, if any."""
    struck = _STRUCK.fullmatch(cell.replace("\\$", "$"))
    if struck is None:
        return {field: read_price(cell, source)}
    listed = struck["listed"].strip()
    listed += " / MTok" if re.fullmatch(r"\$[\d.,]+", listed) else ""  # "~~$3~~ $1.50 / MTok": the unit of the row
    list_source = replace(source, label=f"{source.label} (list price)")
    return {field: read_price(struck["charged"].strip(), source),
            f"{OTHER_PREFIX}{field.removeprefix(OTHER_PREFIX)}_list_price": read_price(listed, list_source)}


def read_price(cell: str, source: Provenance) -> Value:
    text = cell.replace("\\$", "$")  # Markdown's escaped dollar sign
    if text in NOT_OFFERED:
        return not_offered(source)
    if is_free(text):  # the word stays in provenance (raw): the guard then knows the 0 is stated
        return price(Decimal(0), source)
    if not (match := _PRICE.match(text)):
        raise ParseError(f"{source.source}: {source.label}: {cell!r} is not '$<amount> / MTok'")
    return price(parse_dollars(match["amount"]), source)


def unknowns(source: Provenance) -> dict[str, Value]:
    """Every price field and limit unknown until a cell states it (the page states no limits)."""
    values = {f: unknown(source) for f in PRICE_FIELDS}
    return values | {f: unknown(source, TOKENS) for f in ("context_window", "max_output_tokens")}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
