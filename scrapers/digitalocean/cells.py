"""A written price and its unit ("$<amount> per <unit>"), a single price in a non-token unit, and the
offering a row's values make.

"Free" as the amount ("Free per 1M input tokens", any case) is free, the words kept in provenance. A
struck-through list price beside the price charged ("<del>$10.00</del> $5.00 per 1M input tokens") is
read as the price charged, the list price kept as other:<field>_list_price (in the same unit). The page
shows no DigitalOcean API model ids: a model's id is its label in lower case with hyphens, a footnote
mark after it ("(1)", "*", "¹", <sup>) left out. Limits are unknown here; the notes above a maker's table
state some models' context windows (see notes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from selectolax.lexbor import LexborNode

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey
from core.values import TOKENS, Provenance, Value, price, unknown
from scrapers._html import charged_and_listed, without_marks
from scrapers._words import FREE, FREE_WORD  # FREE: knowledge.py's "Free" alone in a cell

PRICING_URL = "https://docs.digitalocean.com/products/inference/details/pricing/"
OTHER_UNITS = ("compute second", "megapixel", "1000 characters", "1M character tokens", "video", "image")
_LINE = re.compile(rf"^(\$[\d,]*\.?\d+|{FREE_WORD}) per (.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Written:
    """A price as written: the text charged, its amount and unit, and the struck-through list price if any."""

    text: str
    amount: Decimal
    unit: str
    listed: str | None = None
    list_amount: Decimal | None = None


def model_id(name: str) -> str:
    """A label in lower case with hyphens: "GPT-5.4 pro" -> "gpt-5.4-pro"."""
    return re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")


def label(node: LexborNode) -> str:
    """A model's label as shown, without a footnote mark ("GPT-5.6 Sol¹", "Claude Opus 5 <sup>1</sup>")."""
    return without_marks(node)


def offering(name: str, tier: str, read: dict[str, Value], where: str, url: str) -> Offering:
    values = {f: unknown(Provenance(url, where)) for f in ("input", "cached_input", "cache_write", "output")}
    values |= {f: unknown(Provenance(url, where), TOKENS) for f in ("context_window", "max_output_tokens")}
    return Offering(OfferingKey(model_id(name), tier), ModelInfo(model_id(name), name), values | read, PRICING_URL)


def other_unit(node: LexborNode, where: str, url: str) -> dict[str, Value]:
    """A single price in a non-token unit, kept in that unit as written."""
    written = read_price(node, where, url)
    if written.unit not in OTHER_UNITS:
        raise ParseError(f"{url}: {where}: unknown unit in {written.text!r}")
    return values_of(OTHER_PREFIX + re.sub(r"[^a-z0-9]+", "_", written.unit.lower()), written, where, url,
                     f"USD per {written.unit}")


def read_price(node: LexborNode, where: str, url: str) -> Written:
    """A cell's or grid line's price, and the struck-through list price beside it (bare, or in the same unit)."""
    text, listed = charged_and_listed(node)
    amount, unit = split(text, where, url)
    if listed is None:
        return Written(text, amount, unit)
    list_amount, list_unit = split(listed if " per " in listed else f"{listed} per {unit}", where, url)
    if list_unit != unit:
        raise ParseError(f"{url}: {where}: list price {listed!r} is not in the unit of {text!r}")
    return Written(text, amount, unit, listed, list_amount)


def values_of(field: str, written: Written, where: str, url: str, unit: str) -> dict[str, Value]:
    """The price charged in ``field``, and the list price beside it in other:<field>_list_price."""
    values = {field: price(written.amount, Provenance(url, where, raw=written.text), unit)}
    if written.list_amount is not None:
        source = Provenance(url, f"{where} (list price)", raw=written.listed)
        list_field = f"{OTHER_PREFIX}{field.removeprefix(OTHER_PREFIX)}_list_price"
        values[list_field] = price(written.list_amount, source, unit)
    return values


def split(line: str, where: str, url: str) -> tuple[Decimal, str]:
    """'$0.0011 per compute second' -> (Decimal('0.0011'), 'compute second'); 'Free per ...' is 0."""
    match = _LINE.match(line)
    if not match:
        raise ParseError(f"{url}: {where}: {line!r} is not '$<amount> per <unit>'")
    written = match.group(1)
    if FREE.fullmatch(written):
        return Decimal(0), match.group(2)
    try:
        return parse_dollars(written), match.group(2)
    except ValueError as exc:  # "$1,2": the regex admits it, no amount is written so
        raise ParseError(f"{url}: {where}: {line!r}: {exc}") from exc
