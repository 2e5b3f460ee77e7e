"""Knowledge Bases: the embedding and reranking models, per 1M tokens read, are models priced for ``input``.

A model's id is its ``code`` text (the Model cell) in lower case with hyphens. A secondary part of the page:
the heading or a table missing or of other columns is named and skipped, as is a row of an unknown unit or
shape (its model left unobserved). "Free" alone in a Price cell is a free input price (every price of the
tables is one: tokens read); a struck-through list price is kept as other:input_list_price.
"""

from __future__ import annotations

from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.offering import Offering
from core.values import USD_PER_MTOK, Provenance, price
from scrapers._partial import Parts
from scrapers.digitalocean.cells import FREE, label, model_id, offering, read_price, values_of
from scrapers.digitalocean.tables import check_cells, rows, under

TITLE = "Knowledge Bases"
KB_COLUMNS = ["Model", "Price"]
KB_UNITS = ("1M input tokens", "1,000,000 tokens", "1M reranking tokens")


def knowledge_base_offerings(tree: LexborHTMLParser, parts: Parts) -> list[Offering]:
    """One offering per row of the tables under the "Knowledge Bases" heading."""
    offerings = []
    with parts.table(TITLE):
        for number, table in enumerate(under(tree, TITLE, "table", parts.url), 1):
            with parts.table(f"{TITLE} · table {number}"):
                offerings += _table(table, f"{TITLE} · table {number}", parts)
    return offerings


def _table(table: LexborNode, title: str, parts: Parts) -> list[Offering]:
    header, body = rows(table, (KB_COLUMNS,), title, parts.url)
    offerings = []
    for cells in body:
        name = label(cells[0]) if cells else "(empty row)"
        with parts.row(title, name, model_id(name) if len(cells) == len(header) else None):
            check_cells(cells, header, title, parts.url)
            offerings.append(_knowledge_base(name, cells[1], parts.url))
    return offerings


def _knowledge_base(name: str, cell: LexborNode, url: str) -> Offering:
    where = f"{TITLE} · {name}"
    if FREE.fullmatch(text := label(cell)):  # "Free": the input price, the only one the tables state
        return offering(name, "standard", {"input": price(Decimal(0), Provenance(url, where, raw=text))}, where, url)
    written = read_price(cell, where, url)
    if written.unit not in KB_UNITS:
        raise ParseError(f"{url}: {where}: unknown unit in {written.text!r}")
    return offering(name, "standard", values_of("input", written, where, url, USD_PER_MTOK), where, url)
