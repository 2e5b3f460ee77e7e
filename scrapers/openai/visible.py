"""The visible Flagship tables: the only place the long-context prices are.

Each Flagship pane shows its newest rows (three in the capture of July 2026) with short-
and long-context (>272K input tokens) columns; the props hold only the short-context
prices. A visible row's short-context cells must agree with the props' row before its
long-context cells are read, so a shifted or re-ordered table is never read as another model's
prices (the row is not read).
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from core.errors import ParseError
from core.values import Value
from scrapers._html import node_text
from scrapers.openai.cells import cell_value
from scrapers.openai.fields import LONG, SHORT, put_cell
from scrapers.openai.tables import Table

TOKEN_COLUMNS = ["Input", "Cached input", "Cache writes", "Output"]
VISIBLE = [["", "Short context", "Long context"], ["Model", *TOKEN_COLUMNS, *TOKEN_COLUMNS]]


def visible_rows(table: Table) -> list[list[LexborNode]]:
    """The visible table's body rows' cells, once its two header rows are the expected ones."""
    rows = table.node.css("tr")
    header = [[node_text(c) for c in r.css("th")] for r in rows if r.css_first("th") is not None]
    if header != VISIBLE:
        raise ParseError(f"{table.url}: table {table.section!r} ({table.pane}) has columns {header}, "
                         f"expected {VISIBLE}")
    return [r.css("td") for r in rows if r.css_first("td") is not None]


def long_context(cells: list[LexborNode], label: str, model: str, values: dict[str, Value],
                 table: Table) -> dict[str, Value]:
    """The long-context prices of a visible row (not in the props), once its other cells agree with the props."""
    shown = [cell_value(c, table.source(model, f)) for f, c in zip(SHORT, cells[1:5], strict=False)]
    if len(cells) != 9 or node_text(cells[0]) != label or shown != [values[f] for f in SHORT]:
        raise ParseError(f"{table.url}: {table.section!r} ({table.pane}): the visible row "
                         f"{[node_text(c) for c in cells]} disagrees with the props of {label!r}")
    long: dict[str, Value] = {}
    for field, cell in zip(LONG, cells[5:], strict=True):
        put_cell(long, field, cell, table.source(model, field, raw=node_text(cell)))
    return long
