"""A card's values: a price in CNY ("6 元/百万 tokens", "0.02 元/张"), "Free", a struck-through list price, a range
of prices, a rounded token count.

A range, "0.6-1.8 元/百万 tokens", names no tiers (by input length? by thinking mode? the card does not say):
both bounds are stated, the price charged is not. The field is unknown, its range kept in provenance, and the
bounds are kept as other:<field>_range_min / _range_max in the same unit; neither is ever taken as the price.
"Free" / "免费" (any case) is free, the word kept in provenance (a token price: the card names no other unit).
A struck-through list price beside the price charged ("<del>10</del> 8 元/百万 tokens") is read as the price
charged, the list price kept as other:<field>_list_price in the charged price's unit; beside a range it is not read.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.errors import ParseError
from core.offering import OTHER_PREFIX
from core.values import TOKENS, Provenance, Value, limit, per_mtok, price, unknown
from scrapers._words import is_free

# unit as written (spaces removed) -> (suffix of the field, unit stored)
UNITS = {"元/百万tokens": ("", per_mtok("CNY")), "元/张": ("_image", "CNY per image")}
_NUMBER = r"\d+(?:\.\d+)?"
# "6 元/百万 tokens", "0.6-1.8 元/百万 tokens": the unit starts with a letter (元, 美元, USD), not "~" or "-"
_VALUE = re.compile(rf"(?P<amount>(?P<low>{_NUMBER})(?:-(?P<high>{_NUMBER}))?) ?(?P<unit>[^\W\d_].*)")
_LISTED = re.compile(rf"(?P<amount>{_NUMBER})(?: ?(?P<unit>[^\W\d_].*))?")  # "10", "10 元/百万 tokens"
_ROUNDED = re.compile(r"\d+(?:\.\d+)?[kKmM]")  # "256k", "1024k": 1,000 or 1,024 a k? the page does not say


def price_values(field: str, written: str, where: Provenance, listed: str | None = None) -> dict[str, Value]:
    """The values one price row states for ``field`` ("input", "output"), by the unit written after the amount,
    and the struck-through list price ``listed`` beside it, if any."""
    if is_free(written):  # "Free", "免费": the word stays in provenance, so the guard knows the 0 is stated
        name, unit = field, UNITS["元/百万tokens"][1]
        values = {field: price(Decimal(0), Provenance(where.source, where.label, raw=written), unit)}
    else:
        name, unit, values = _stated(field, written, where)
    if listed is not None:
        values[f"{OTHER_PREFIX}{name}_list_price"] = _list_price(listed, written, unit, where)
    return values


def _stated(field: str, written: str, where: Provenance) -> tuple[str, str, dict[str, Value]]:
    """The field's name (with its unit's suffix), its unit, and the values of a price or a range of prices."""
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
        return name, unit, {stored: price(Decimal(match["low"]), source, unit)}
    low, high = Decimal(match["low"]), Decimal(match["high"])
    if low >= high:
        raise ParseError(f"{where.source}: card {where.label!r}: malformed range {written!r}")
    # A range whose tiers the page does not name: the price charged is unknown; both bounds kept as stated.
    return name, unit, {stored: unknown(source, unit), f"{OTHER_PREFIX}{name}_range_min": price(low, source, unit),
                        f"{OTHER_PREFIX}{name}_range_max": price(high, source, unit)}


def _list_price(listed: str, written: str, unit: str, where: Provenance) -> Value:
    """A struck-through list price: one amount, bare or in the charged price's unit, never beside a range."""
    match = _LISTED.fullmatch(listed)
    unit_written = next(written_as for written_as, (_, stored) in UNITS.items() if stored == unit)
    if match is None or (match["unit"] and match["unit"].replace(" ", "") != unit_written):
        raise ParseError(f"{where.source}: card {where.label!r}: list price {listed!r} is not an amount in the "
                         f"unit of {written!r}")
    if "-" in written:  # a range charged: which bound the list price stands beside is not said
        raise ParseError(f"{where.source}: card {where.label!r}: a list price {listed!r} beside a range {written!r}")
    return price(Decimal(match["amount"]), Provenance(where.source, f"{where.label} (list price)", raw=listed), unit)


def limit_value(written: str, where: Provenance) -> Value:
    """A token limit: rounded ("256k") is unknown, kept as written; an exact count ("262144", "262,144") is read."""
    source = Provenance(where.source, where.label, raw=written)
    if _ROUNDED.fullmatch(written):
        return unknown(source, TOKENS)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", written):
        return limit(int(written.replace(",", "")), source)
    raise ParseError(f"{where.source}: card {where.label!r}: {written!r} is not a token count")
