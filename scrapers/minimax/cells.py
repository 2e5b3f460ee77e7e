"""A price cell: "\\$0.30 / M tokens", a struck-through list price beside the one charged, the unit naming the field.

MiniMax-M3's discounted prices stand beside struck-through list prices ("~~\\$0.60~~ \\$0.30"): the price
charged is read, the list price kept as other:<field>_list_price.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, PRICE_FIELDS
from core.values import USD_PER_MTOK, Provenance, Value, price
from scrapers._words import is_free

UNITS = ((r"/M tokens", "", USD_PER_MTOK), (r"/hour", "audio_hour", "USD per hour"),
         (r"/M characters", "characters", "USD per M characters"), (r"/second", "video", "USD per second"),
         (r"per (\d+P), (\d+s) video", "video_{0}_{1}", "USD per video"),
         (r"/up-to-5 minutes music", "music", "USD per up-to-5 minutes music"), (r"/per song", "song", "USD per song"),
         (r"per image", "image", "USD per image"), (r"/request", "request", "USD per request"))
DOLLARS = r"\$(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_PRICE = re.compile(rf"(?:~~(?P<list>{DOLLARS})~~\s*)?(?P<amount>{DOLLARS})\s*(?P<unit>.+)")


def plain(cell: str) -> str:
    """A cell's text: tags, bold, escapes and link targets removed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"<[^>]*>", " ", cell))
    return " ".join(text.replace("**", "").replace("\\", "").split())


def prices(cell: str, token_field: str | None, suffix: str, source: Provenance,
           column_unit: tuple[str, str] | None = None) -> dict[str, Value]:
    """The price charged, and the struck-through list price beside it if any. "Free" is free: in a
    token column, that token price; in a "Price" column, the field and unit of the column's other
    cells (``column_unit``), which a bare "Free" does not write."""
    if is_free(plain(cell)):  # "Free", "**Free**": as scrapers/_words.py says
        return _free(token_field, suffix, source, column_unit)
    if not (match := _PRICE.fullmatch(" ".join(cell.replace("\\$", "$").split()))):
        raise ParseError(f"{source.source}: {source.label}: {cell!r} is not a price")
    stem, unit = _unit(re.sub(r"\s*/\s*", "/", match["unit"]), token_field, source)
    name = stem + suffix  # "input_above_512k", "video_768p", "characters_async"
    field_name = name if name in PRICE_FIELDS else OTHER_PREFIX + name
    values = {field_name: price(parse_dollars(match["amount"]), source, unit)}
    if match["list"]:
        values[f"{OTHER_PREFIX}{name}_list_price"] = price(parse_dollars(match["list"]), source, unit)
    return values


def column_unit(cells: list[str]) -> tuple[str, str] | None:
    """The field stem and unit most of a column's priced cells state (the Music table prices music per
    up-to-5 minutes, and one lyrics row per song), or None when no unit is stated by more than half."""
    found = Counter()
    for cell in cells:
        if match := _PRICE.fullmatch(" ".join(cell.replace("\\$", "$").split())):
            found[next(((stem, unit) for pattern, stem, unit in UNITS
                        if re.fullmatch(pattern, re.sub(r"\s*/\s*", "/", match["unit"]))), None)] += 1
    unit, count = found.most_common(1)[0] if found else (None, 0)
    return unit if count * 2 > sum(found.values()) else None


def _free(token_field: str | None, suffix: str, source: Provenance,
          column_unit: tuple[str, str] | None) -> dict[str, Value]:
    if token_field is None and (column_unit is None or "{" in column_unit[0]):
        raise ParseError(f"{source.source}: {source.label}: 'Free' in a column whose other cells state "
                         "no common unit")
    stem, unit = (token_field, USD_PER_MTOK) if token_field else column_unit
    name = stem + suffix
    return {name if name in PRICE_FIELDS else OTHER_PREFIX + name: price(Decimal(0), source, unit)}


def _unit(written: str, token_field: str | None, source: Provenance) -> tuple[str, str]:
    """The field a price goes to (before its suffix) and its unit, from the unit written after the amount."""
    for pattern, stem, unit in UNITS:
        if not (found := re.fullmatch(pattern, written)):
            continue
        if unit != USD_PER_MTOK:
            return stem.format(*map(str.lower, found.groups())), unit
        if token_field is None:
            raise ParseError(f"{source.source}: {source.label}: a token price in a column naming no token kind")
        return token_field, unit
    raise ParseError(f"{source.source}: {source.label}: unknown unit {written!r} in {source.raw!r}")
