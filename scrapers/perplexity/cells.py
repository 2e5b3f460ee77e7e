"""Price cells as the tables write them ("$3", "$0.004", "-", "Free", "<del>$6</del> $3"), names and ids, and
the values the page leaves unstated."""

from __future__ import annotations

import re
from decimal import Decimal

from selectolax.lexbor import LexborNode

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import LIMIT_FIELDS, OTHER_PREFIX, PRICE_FIELDS
from core.values import TOKENS, Provenance, Value, not_offered, price, unknown
from scrapers._html import charged_and_listed, without_marks
from scrapers._words import is_free  # offerings.py and tools.py import it from here too

PRICING_URL = "https://docs.perplexity.ai/guides/pricing"
PER_1K_REQUESTS = "USD per 1,000 requests"
# "-" in the token table: citation tokens, search queries and reasoning tokens "Only apply to Sonar Deep
# Research", as the page's glossary says of each: the charge does not exist for the other models.
NOT_OFFERED = "-"


def amount(text: str) -> Decimal:
    """"$0.30" -> 0.30; "Free" -> 0; anything else raises ValueError."""
    return Decimal(0) if is_free(text) else parse_dollars(text)


def money(text: str, source: Provenance, unit: str) -> Value:
    """A "$<amount>" or "Free" cell in ``unit``, or "-" (not offered); anything else fails naming the cell."""
    if text == NOT_OFFERED:
        return not_offered(source, unit)
    try:
        return price(amount(text), source, unit)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {text!r} is not a price ('$<amount>' or '-')") from exc


def money_cell(node: LexborNode, field: str, unit: str, url: str, label: str) -> dict[str, Value]:
    """A price cell's value for ``field``, and a struck-through list price beside it ("<del>$6</del> $3")."""
    written, listed = charged_and_listed(node)
    values = {field: money(written, Provenance(url, label, raw=written), unit)}
    if listed is not None:
        values[list_field(field)] = money(listed, Provenance(url, f"{label} (list price)", raw=listed), unit)
    return values


def list_field(field: str) -> str:
    """"input" -> "other:input_list_price": where the struck-through price beside a charged one is kept."""
    return f"{OTHER_PREFIX}{field.removeprefix(OTHER_PREFIX)}_list_price"


def cell(url: str, table: str, row: str, column: str, text: str, part: str = "") -> Provenance:
    """Where a value came from: table · row · column (· the part of a cell giving several), as written."""
    return Provenance(url, f"{table} · {row} · {column}" + (f" · {part}" if part else ""), raw=text)


def blank(url: str, label: str) -> dict[str, Value]:
    """The token prices and limits of an offering, unknown until a cell states them."""
    source = Provenance(url, label)
    return {f: unknown(source) for f in PRICE_FIELDS} | {f: unknown(source, TOKENS) for f in LIMIT_FIELDS}


def row_name(cells: list[LexborNode]) -> str:
    """What names a row, without footnote marks ("Sonar Pro (1)", "Sonar Pro*", "Sonar Pro¹", <sup>1</sup>)."""
    if not cells:
        return "(empty row)"
    return without_marks(cells[0])


def slug(name: str) -> str:
    """"Sonar Reasoning Pro" -> "sonar-reasoning-pro", "web_search" -> "web-search"."""
    return re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")


def fail(url: str, label: str, text: str, expected: str) -> ParseError:
    return ParseError(f"{url}: {label}: {text!r} is not {expected}")
