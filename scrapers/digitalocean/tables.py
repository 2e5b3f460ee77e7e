"""The page's layout: the nodes under an h2 heading, a table's rows once its columns are checked, a row's cells."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from scrapers._html import node_text, table_rows


def under(tree: LexborHTMLParser, heading: str, selector: str, url: str) -> list[LexborNode]:
    """The ``selector`` nodes between the h2 starting with ``heading`` and the next h2."""
    found, inside = [], False
    for node in tree.css(f"h2, {selector}"):
        if node.tag == "h2":
            inside = node_text(node).startswith(heading)
        elif inside:
            found.append(node)
    if not found:
        raise ParseError(f"{url}: no {selector} under the heading {heading!r}")
    return found


def rows(table: LexborNode | None, columns: tuple[list[str], ...], what: str,
         url: str) -> tuple[list[str], list[list[LexborNode]]]:
    """A table's header, one of ``columns``, and its body rows."""
    if table is None:
        raise ParseError(f"{url}: {what!r} has no table")
    header, body = table_rows(table)
    if header not in columns:
        raise ParseError(f"{url}: table {what!r} has columns {header}, expected {columns[-1]}")
    return header, body


def check_cells(cells: list[LexborNode], header: list[str], what: str, url: str) -> None:
    """A row must have a cell per column (a heading row across the table is not a model's row)."""
    if len(cells) != len(header):
        raise ParseError(f"{url}: table {what!r}: a row of {len(cells)} cells, not {len(header)}")
