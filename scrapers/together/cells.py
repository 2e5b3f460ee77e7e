"""A price cell: "$0.30", "$0.30 $0.06 (cached)", "Free" or "-"; a struck-through list price beside the price
charged; the batch price its discount gives; an image's steps; a model's name without footnote marks."""

from __future__ import annotations

import re
from decimal import Decimal

from selectolax.lexbor import LexborNode

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import OTHER_PREFIX
from core.values import Provenance, Value, not_offered, price
from scrapers._html import node_text, without_marks
from scrapers._words import FREE_WORD, MARK, is_free
from scrapers.together.tabs import IN

Fields = tuple[tuple[str, str], ...]  # the fields a column's price goes to, with their units
_AMOUNT = rf"\$[\d.,]+|{FREE_WORD}{MARK}*"  # "$0.30"; "Free", "free", "Free*": the word alone is free
_CELL = re.compile(rf"^(?:-|(?P<price>{_AMOUNT})(?: (?P<cached>{_AMOUNT}) \(cached\))?)$", re.IGNORECASE)


def model_name(cell: LexborNode) -> str:
    """The name a row shows, without footnote marks ("Kimi K3 (1)", "Kimi K3*", "Kimi K3¹", <sup>1</sup>)."""
    return without_marks(cell)


def model_id(name: str) -> str:
    """The page links no API ids: an id is the display name in lower case with hyphens."""
    return re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")


def steps(cell: LexborNode, name: str, url: str) -> str:
    """" (50 default steps)" for the provenance label of an image price, "" for "-"."""
    text = node_text(cell)
    if text != "-" and not text.isdigit():
        raise ParseError(f"{url}: Image · {name}: default steps {text!r} is not a number")
    return "" if text == "-" else f" ({text} default steps)"


def prices(fields: Fields, source: Provenance) -> dict[str, Value]:
    """The values a cell (its text in ``source.raw``) states for ``fields``, and its cached price if it has one."""
    if not fields:  # Default steps: not a price
        return {}
    match = _CELL.match(source.raw or "")
    if not match or (match["cached"] and fields != (IN,)):
        raise ParseError(f"{source.source}: {source.label}: {source.raw!r} is not a price "
                         f"('$0.30', '$0.30 $0.06 (cached)', 'Free' or '-')")
    if not match["price"]:
        return {f: not_offered(source, unit) for f, unit in fields}
    try:
        return _priced(match, fields, source)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {exc}") from exc


def list_prices(fields: Fields, source: Provenance) -> dict[str, Value]:
    """A struck-through list price (its text in ``source.raw``) as other:<field>_list_price."""
    return {f"{OTHER_PREFIX}{f.removeprefix(OTHER_PREFIX)}_list_price": v for f, v in prices(fields, source).items()}


def _priced(match: re.Match[str], fields: Fields, source: Provenance) -> dict[str, Value]:
    """The cell's price for every field, and the cached-input price written beside an input price."""
    values = {f: price(_amount(match["price"]), source, unit) for f, unit in fields}
    if not match["cached"]:
        return values
    cached = Provenance(source.source, f"{source.label} (cached)", raw=source.raw)
    return values | {"cached_input": price(_amount(match["cached"]), cached)}


def _amount(text: str) -> Decimal:
    return Decimal(0) if is_free(text) else parse_dollars(text)


def batch(cell: LexborNode, fields: Fields, standard: dict[str, Value], source: Provenance) -> dict[str, Value]:
    """The batch prices of a cell whose price carries a ``data-batch`` percent off (the toggle's rule)."""
    marked = cell.css_first("[data-batch]")
    percent = (marked.attributes.get("data-batch") or "").strip() if marked is not None else ""
    if not percent or not standard[fields[0][0]].has_amount:
        return {}
    if not re.fullmatch(r"\d+(\.\d+)?", percent) or not 0 < Decimal(percent) < 100:
        raise ParseError(f"{source.source}: {source.label}: batch discount {percent!r} is not a percent")
    derived = Provenance(source.source, source.label, f"Batch API price: {percent}% off the listed price", source.raw)
    return {f: price(standard[f].amount * (100 - Decimal(percent)) / 100, derived, unit) for f, unit in fields}
