"""Small helpers for reading HTML tables with selectolax."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import OTHER_PREFIX
from core.values import Provenance, Value, price
from scrapers._words import FREE, MARKS  # what "Free" and a footnote mark are, for every scraper

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """Text with zero-width characters removed and whitespace collapsed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def node_text(node: LexborNode) -> str:
    return clean(node.text(separator=" "))


STRUCK = "del, s, strike"  # a struck-through list price beside the price charged


def charged_and_listed(node: LexborNode) -> tuple[str, str | None]:
    """A cell's text without its struck-through parts (the price charged), and those parts (the
    list price), or None when nothing is struck through: ``<del>$0.15</del> $0.075``."""
    struck = node.css(STRUCK)
    if not struck:
        return node_text(node), None
    listed = clean(" ".join(node_text(part) for part in struck))
    copy = LexborHTMLParser(f"<div>{node.html}</div>").css_first("div")  # the page's tree stays untouched
    for part in copy.css(STRUCK):
        part.decompose()
    return node_text(copy), listed


def charged_prices(field: str, cell: LexborNode, label: str, url: str,
                   read: Callable[[str, Provenance], Value]) -> dict[str, Value]:
    """The price charged in a cell, and the struck-through list price beside it as
    ``other:<field>_list_price`` if any (``<del>$0.44</del> $0.22``); ``read`` reads each written price."""
    charged, listed = charged_and_listed(cell)
    values = {field: read(charged, Provenance(url, label, raw=charged))}
    if listed is not None:
        values[f"{OTHER_PREFIX}{field}_list_price"] = read(listed, Provenance(url, f"{label} (list price)", raw=listed))
    return values


def dollars_or_free(written: str, source: Provenance) -> Value:
    """"$0.30" or "Free" (stated free, the word kept in provenance); anything else is a ParseError."""
    if FREE.fullmatch(written):
        return price(Decimal(0), source)
    try:
        return price(parse_dollars(written), source)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {exc}") from exc


def without_marks(node: LexborNode) -> str:
    """A name's text without the footnote mark beside it ("GLM-5¹", "GLM-5 <sup>1</sup>", "GLM-5 (1)")."""
    text = node_text(node)
    for sup in reversed(node.css("sup")):  # a footnote mark in <sup>: not part of the name
        text = text.removesuffix(node_text(sup)).rstrip()
    return MARKS.sub("", text)


def page_text(tree: LexborHTMLParser) -> str:
    """All visible text of the page body, whitespace collapsed (for finding stated rules)."""
    return node_text(tree.body) if tree.body else ""


def table_after_heading(tree: LexborHTMLParser, heading: str, url: str) -> LexborNode:
    """The first table after the h2/h3 whose text starts with ``heading``, before the next h2."""
    after_heading = False
    for node in tree.css("h2, h3, table"):
        if node.tag == "table" and after_heading:
            return node
        if node.tag == "h2" and after_heading:
            break
        if node.tag in ("h2", "h3") and node_text(node).startswith(heading):
            after_heading = True
    raise ParseError(f"{url}: price table {heading!r} not found")


def table_rows(table: LexborNode) -> tuple[list[str], list[list[LexborNode]]]:
    """The header texts and the body rows' cells of a table."""
    header, body = [], []
    for row in table.css("tr"):
        if row.css_first("th") is not None and not body and not header:
            header = [node_text(cell) for cell in row.css("th, td")]
        else:
            body.append(row.css("td"))
    return header, body


def expect_header(header: list[str], expected: list[str], heading: str, url: str) -> None:
    """Raise ParseError when a table's columns are not the ones the parser was written for."""
    if header != expected:
        raise ParseError(f"{url}: table {heading!r} has columns {header}, expected {expected}")


def rows_under(tree: LexborHTMLParser, heading: str, columns: list[str], url: str) -> list[list[LexborNode]]:
    """The body rows of the table after ``heading``, whose columns must be ``columns``."""
    header, rows = table_rows(table_after_heading(tree, heading, url))
    expect_header(header, columns, heading, url)
    return rows


def rows_of_only_table(tree: LexborHTMLParser, columns: list[str], what: str, url: str) -> list[list[LexborNode]]:
    """The body rows of the page's first table (``what`` names it in errors), whose columns must be ``columns``."""
    table = tree.css_first("table")
    if table is None:
        raise ParseError(f"{url}: {what} table not found")
    header, rows = table_rows(table)
    expect_header(header, columns, what, url)
    return rows
