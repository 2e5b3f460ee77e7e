"""A price cell as a Value, and what every offering starts from: unknown fields, an id from a label, the listing URL.

Every price cell is written "\\$<amount> / MTok" (Markdown escapes the dollar sign), in USD per 1M tokens.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import PRICE_FIELDS
from core.values import TOKENS, Provenance, Value, not_offered, price, unknown

PRICING_URL = "https://docs.claude.com/en/docs/about-claude/pricing.md"
NOT_OFFERED = ("-", "—", "N/A", "Not available")
_PRICE = re.compile(r"^(?P<amount>\$[\d.,]+) / MTok$")


def read_price(cell: str, source: Provenance) -> Value:
    text = cell.replace("\\$", "$")  # Markdown's escaped dollar sign
    if text in NOT_OFFERED:
        return not_offered(source)
    if text == "Free":
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
