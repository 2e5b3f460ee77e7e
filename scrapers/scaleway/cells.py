"""A price cell of the Generative APIs table: one price a line, "Free", a struck-through list price, euros.

A cell holds one price a line (<br>), "€1.80 /million tokens"; the input cell may add "€0.08 /million tokens
cached" (cached input), Whisper's "€0.003 /Audio minute" is ``other:input_audio_minute`` in "EUR per minute".
"Free" (any case) is free, the word kept in provenance. A struck-through list price beside the price charged
("<del>€2.00</del> €1.80 /million tokens") is read as the price charged, the list price kept as
other:<field>_list_price. A line in no known form (another currency, a decimal comma, an unknown unit) is a
ParseError: its row is then named as not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from selectolax.lexbor import LexborNode

from core.errors import ParseError
from core.offering import OTHER_PREFIX
from core.values import Provenance, Value, per_mtok, price
from scrapers._html import STRUCK, clean
from scrapers._words import is_free

EUR_PER_MTOK = per_mtok("EUR")
# Per price column: the unit written after "/" -> the field it prices, and that field's unit.
UNITS = {"Input tokens": {"million tokens": ("input", EUR_PER_MTOK),
                          "million tokens cached": ("cached_input", EUR_PER_MTOK),
                          "Audio minute": (OTHER_PREFIX + "input_audio_minute", "EUR per minute")},
         "Output tokens": {"million tokens": ("output", EUR_PER_MTOK)}}
FREE_FIELD = {"Input tokens": "input", "Output tokens": "output"}
_LINE = re.compile(r"^(?P<amount>[^/]+?) ?/ ?(?P<unit>[^/]+)$")
_EUROS = re.compile(r"^€(\d+(?:\.\d+)?)$")
_STRUCK_TAGS = set(STRUCK.split(", "))  # del, s, strike


def cell_values(column: str, cell: LexborNode, source: Provenance) -> dict[str, Value]:
    """A price cell, one price a line: {field: value}; a line in no known form is a ParseError."""
    values: dict[str, Value] = {}
    lines = _lines(cell)
    for line, listed in lines:
        field, value = _line(column, line, replace(source, raw=line))
        if field in values:
            raise ParseError(f"{source.source}: {source.label}: the cell's lines {[t for t, _ in lines]} price "
                             f"{field} twice")
        values[field] = value
        if listed is not None:  # a struck-through list price, kept beside the price charged (as MiniMax's)
            list_field = f"{OTHER_PREFIX}{field.removeprefix(OTHER_PREFIX)}_list_price"
            values[list_field] = _listed(listed, line, value, source)
    if not values:
        raise ParseError(f"{source.source}: {source.label}: the cell is empty")
    return values


def _line(column: str, line: str, source: Provenance) -> tuple[str, Value]:
    if is_free(line):  # the words stay in provenance: the guard then knows the 0 is stated
        return FREE_FIELD[column], price(Decimal(0), source, EUR_PER_MTOK)
    match = _LINE.match(line)
    if not match or match.group("unit") not in UNITS[column]:
        raise ParseError(f"{source.source}: {source.label}: {line!r} is not 'Free' or '€<amount> /<unit>' "
                         f"with a unit of {sorted(UNITS[column])}")
    field, unit = UNITS[column][match.group("unit")]
    return field, price(_euros(match.group("amount"), source), source, unit)


def _listed(listed: str, line: str, charged: Value, source: Provenance) -> Value:
    """The struck-through list price, "€2.00" (or written with the charged line's unit), in the charged unit."""
    written = replace(source, label=f"{source.label} (list price)", raw=listed)
    amount, _, unit = listed.partition("/")
    if unit.strip() and unit.strip() != line.partition("/")[2].strip():
        raise ParseError(f"{source.source}: {source.label}: list price {listed!r} is not in the unit of {line!r}")
    return price(_euros(amount, written), written, charged.unit)


def _euros(amount: str, source: Provenance) -> Decimal:
    """The amount of the line ``source.raw`` in euros; anything else is a ParseError naming the line."""
    try:
        return parse_euros(amount)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {source.raw!r}: {exc}") from exc


def _lines(cell: LexborNode) -> list[tuple[str, str | None]]:
    """The cell's lines (the page separates a cell's prices with <br>), as rendered: "€0.08 /million tokens
    cached" (the unit is a <sup> right after the "/"); each with its struck-through text, if any."""
    lines: list[tuple[list[str], list[str]]] = [([], [])]
    for text, tags in texts(cell):
        if text is None:
            lines.append(([], []))
        else:
            lines[-1][1 if tags & _STRUCK_TAGS else 0].append(text)
    return [(clean("".join(charged)), clean(" ".join(listed)) or None) for charged, listed in lines
            if clean("".join(charged + listed))]


def texts(cell: LexborNode) -> Iterator[tuple[str | None, set[str]]]:
    """The cell's text nodes, each with the tags it sits in; a line break is None."""
    for node in cell.traverse(include_text=True):
        if node.tag in ("br", "-text"):
            tags, parent = set(), node.parent
            while parent is not None and parent != cell:
                tags, parent = tags | {parent.tag}, parent.parent
            yield (None if node.tag == "br" else node.text_content or ""), tags


def parse_euros(text: str) -> Decimal:
    """"€1.80" -> Decimal("1.80"), exactly. The page writes a decimal point and no thousands
    separator; a comma (decimal or thousands? it cannot be told) or another currency raises ValueError."""
    match = _EUROS.match(text.strip())
    if not match:
        raise ValueError(f"not a euro amount written '€1.80' (another currency, or a comma?): {text!r}")
    return Decimal(match.group(1))
