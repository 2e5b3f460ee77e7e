"""A card's values: a price in CNY ("6 元/百万 tokens", "0.02 元/张"), a range of prices, a rounded token count.

A range, "0.6-1.8 元/百万 tokens", names no tiers (by input length? by thinking mode? the card does not say):
both bounds are stated, the price charged is not. The field is unknown, its range kept in provenance, and the
bounds are kept as other:<field>_range_min / _range_max in the same unit; neither is ever taken as the price.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.errors import ParseError
from core.offering import OTHER_PREFIX
from core.values import TOKENS, Provenance, Value, limit, per_mtok, price, unknown

# unit as written (spaces removed) -> (suffix of the field, unit stored)
UNITS = {"元/百万tokens": ("", per_mtok("CNY")), "元/张": ("_image", "CNY per image")}
_NUMBER = r"\d+(?:\.\d+)?"
# "6 元/百万 tokens", "0.6-1.8 元/百万 tokens": the unit starts with a letter (元, 美元, USD), not "~" or "-"
_VALUE = re.compile(rf"(?P<amount>(?P<low>{_NUMBER})(?:-(?P<high>{_NUMBER}))?) ?(?P<unit>[^\W\d_].*)")
_ROUNDED = re.compile(r"\d+(?:\.\d+)?[kKmM]")  # "256k", "1024k": 1,000 or 1,024 a k? the page does not say


def price_values(field: str, written: str, where: Provenance) -> dict[str, Value]:
    """The values one price row states for ``field`` ("input", "output"), by the unit written after the amount."""
    match = _VALUE.fullmatch(written)
    if match is None:
        raise ParseError(f"{where.source}: card {where.label!r}: {written!r} is not a price or a range of prices")
    if (unit_written := match["unit"].replace(" ", "")) not in UNITS:
        raise ParseError(f"{where.source}: card {where.label!r}: unknown unit {match['unit']!r} in {written!r}")
    suffix, unit = UNITS[unit_written]
    name = field + suffix  # "input", or "input_image" for a price per image
    stored = name if not suffix else OTHER_PREFIX + name
    source = Provenance(where.source, where.label, raw=match["amount"], raw_unit=match["unit"])
    if match["high"] is None:
        return {stored: price(Decimal(match["low"]), source, unit)}
    low, high = Decimal(match["low"]), Decimal(match["high"])
    if low >= high:
        raise ParseError(f"{where.source}: card {where.label!r}: malformed range {written!r}")
    # A range whose tiers the page does not name: the price charged is unknown; both bounds kept as stated.
    return {stored: unknown(source, unit), f"{OTHER_PREFIX}{name}_range_min": price(low, source, unit),
            f"{OTHER_PREFIX}{name}_range_max": price(high, source, unit)}


def limit_value(written: str, where: Provenance) -> Value:
    """A token limit: rounded ("256k") is unknown, kept as written; an exact count ("262144", "262,144") is read."""
    source = Provenance(where.source, where.label, raw=written)
    if _ROUNDED.fullmatch(written):
        return unknown(source, TOKENS)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", written):
        return limit(int(written.replace(",", "")), source)
    raise ParseError(f"{where.source}: card {where.label!r}: {written!r} is not a token count")
