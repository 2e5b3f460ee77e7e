"""A written price and its unit ("$<amount> per <unit>"), a single price in a non-token unit, and the
offering a row's values make.

The page shows no DigitalOcean API model ids: a model's id is its label in lower case with hyphens.
Limits are unknown here; the notes above a maker's table state some models' context windows (see notes).
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey
from core.values import TOKENS, Provenance, Value, price, unknown

PRICING_URL = "https://docs.digitalocean.com/products/inference/details/pricing/"
OTHER_UNITS = ("compute second", "megapixel", "1000 characters", "1M character tokens", "video", "image")
_LINE = re.compile(r"^(\$[\d,]*\.?\d+) per (.+)$")


def model_id(name: str) -> str:
    """A label in lower case with hyphens: "GPT-5.4 pro" -> "gpt-5.4-pro"."""
    return re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")


def offering(name: str, tier: str, read: dict[str, Value], where: str, url: str) -> Offering:
    values = {f: unknown(Provenance(url, where)) for f in ("input", "cached_input", "cache_write", "output")}
    values |= {f: unknown(Provenance(url, where), TOKENS) for f in ("context_window", "max_output_tokens")}
    return Offering(OfferingKey(model_id(name), tier), ModelInfo(model_id(name), name), values | read, PRICING_URL)


def other_unit(written: str, where: str, url: str) -> dict[str, Value]:
    """A single price in a non-token unit, kept in that unit as written."""
    amount, unit = split(written, where, url)
    if unit not in OTHER_UNITS:
        raise ParseError(f"{url}: {where}: unknown unit in {written!r}")
    key = OTHER_PREFIX + re.sub(r"[^a-z0-9]+", "_", unit.lower())
    return {key: price(amount, Provenance(url, where, raw=written), f"USD per {unit}")}


def split(line: str, where: str, url: str) -> tuple[Decimal, str]:
    """'$0.0011 per compute second' -> (Decimal('0.0011'), 'compute second')."""
    match = _LINE.match(line)
    if not match:
        raise ParseError(f"{url}: {where}: {line!r} is not '$<amount> per <unit>'")
    return parse_dollars(match.group(1)), match.group(2)
