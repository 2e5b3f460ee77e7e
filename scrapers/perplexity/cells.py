"""Price cells as the tables write them ("$3", "$0.004", "-"), ids, and the values the page leaves unstated."""

from __future__ import annotations

import re

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import LIMIT_FIELDS, PRICE_FIELDS
from core.values import TOKENS, Provenance, Value, not_offered, price, unknown

PRICING_URL = "https://docs.perplexity.ai/guides/pricing"
PER_1K_REQUESTS = "USD per 1,000 requests"
# "-" in the token table: citation tokens, search queries and reasoning tokens "Only apply to Sonar Deep
# Research", as the page's glossary says of each: the charge does not exist for the other models.
NOT_OFFERED = "-"


def money(text: str, source: Provenance, unit: str) -> Value:
    """A "$<amount>" cell in ``unit``, or "-" (not offered); anything else fails naming the cell."""
    if text == NOT_OFFERED:
        return not_offered(source, unit)
    try:
        return price(parse_dollars(text), source, unit)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {text!r} is not a price ('$<amount>' or '-')") from exc


def cell(url: str, table: str, row: str, column: str, text: str, part: str = "") -> Provenance:
    """Where a value came from: table · row · column (· the part of a cell giving several), as written."""
    return Provenance(url, f"{table} · {row} · {column}" + (f" · {part}" if part else ""), raw=text)


def blank(url: str, label: str) -> dict[str, Value]:
    """The token prices and limits of an offering, unknown until a cell states them."""
    source = Provenance(url, label)
    return {f: unknown(source) for f in PRICE_FIELDS} | {f: unknown(source, TOKENS) for f in LIMIT_FIELDS}


def slug(name: str) -> str:
    """"Sonar Reasoning Pro" -> "sonar-reasoning-pro", "web_search" -> "web-search"."""
    return re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")


def fail(url: str, label: str, text: str, expected: str) -> ParseError:
    return ParseError(f"{url}: {label}: {text!r} is not {expected}")
