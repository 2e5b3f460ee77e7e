"""Moonshot's DocTable cells: a row's strings and JSX fragments, model ids, prices and token counts.

A row is ``["kimi-k3", "1M tokens", <>{"$"}3.00</>, ..., "1,048,576 tokens"]``: JSON strings and JSX
fragments, whose ``{"$"}`` is a literal dollar sign. "Free" (any case) is free, the word kept in provenance;
a struck-through list price beside the price charged (``<><del>{"$"}6.00</del> {"$"}3.00</>``, or
``~~$6.00~~ $3.00``) is read as the price charged, the list price kept as other:<field>_list_price. A
footnote mark after a model id ("kimi-k3*", "kimi-k3¹", "kimi-k3 (1)", <sup>) is not part of it.
"""

from __future__ import annotations

import json
import re

from core.errors import ParseError
from core.offering import OTHER_PREFIX
from core.values import Provenance, Value, limit
from scrapers._html import MARKS, dollars_or_free

_ROW = re.compile(r"^\s*\[(.*)\],?\s*$")
_CELL = re.compile(r'\s*(?:"(?P<text>(?:[^"\\]|\\.)*)"|<>(?P<jsx>.*?)</>)\s*(?:,|$)')
_MODEL_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_STRUCK = re.compile(r"(?:<(del|s|strike)>(?P<tag>[^<]*)</\1>|~~(?P<tilde>[^~]*)~~)\s*(?P<charged>.*)")


def row_cells(line: str) -> list[str] | None:
    """A row's cells as written ('<>{"$"}3.00</>' is "$3.00"), or None when the row is of another shape."""
    if not (row := _ROW.match(line)):
        return None
    cells, at, body = [], 0, row.group(1)
    while at < len(body):
        if not (cell := _CELL.match(body, at)):
            return None
        if cell["text"] is not None:
            try:
                cells.append(json.loads(f'"{cell["text"]}"'))
            except ValueError:  # an escape JSON does not know
                return None
        else:  # JSX text: '{"$"}' is a literal "$"
            cells.append(re.sub(r'\{"([^"]*)"\}', r"\1", cell["jsx"]).strip())
        at = cell.end()
    return cells


def model_id(cell: str) -> str | None:
    """The API model id of a row's first cell, without a footnote mark; None when the cell is none."""
    model = MARKS.sub("", re.sub(r"<sup>.*?</sup>", "", cell).strip())
    return model if _MODEL_ID.fullmatch(model) else None


def cell_values(field: str, cell: str, label: str, url: str) -> dict[str, Value]:
    """A cell's value; for a price, the struck-through list price beside it too, if any."""
    if field == "context_window":
        if not (tokens := re.fullmatch(r"([\d,]+) tokens", cell)):
            raise ParseError(f"{url}: {label}: {cell!r} is not '<n> tokens'")
        return {field: limit(int(tokens.group(1).replace(",", "")), Provenance(url, label, raw=cell))}
    struck = _STRUCK.fullmatch(cell)
    charged = struck["charged"].strip() if struck else cell
    values = {field: dollars_or_free(charged, Provenance(url, label, raw=charged))}
    if struck:
        listed = (struck["tag"] or struck["tilde"]).strip()
        values[f"{OTHER_PREFIX}{field.removeprefix(OTHER_PREFIX)}_list_price"] = dollars_or_free(
            listed, Provenance(url, f"{label} (list price)", raw=listed))
    return values

