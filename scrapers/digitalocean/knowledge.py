"""Knowledge Bases: the embedding and reranking models, per 1M tokens read, are models priced for ``input``.

A model's id is its ``code`` text (the Model cell) in lower case with hyphens.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.offering import Offering
from core.values import Provenance, price
from scrapers._html import node_text
from scrapers.digitalocean.cells import offering, split
from scrapers.digitalocean.tables import rows, under

KB_COLUMNS = ["Model", "Price"]
KB_UNITS = ("1M input tokens", "1,000,000 tokens", "1M reranking tokens")


def knowledge_base_offerings(tree: LexborHTMLParser, url: str) -> list[Offering]:
    """One offering per row of the tables under the "Knowledge Bases" heading."""
    return [_knowledge_base(cells, url) for table in under(tree, "Knowledge Bases", "table", url)
            for cells in rows(table, (KB_COLUMNS,), "Knowledge Bases", url)]


def _knowledge_base(cells: list[LexborNode], url: str) -> Offering:
    name, written = node_text(cells[0]), node_text(cells[1])
    where = f"Knowledge Bases · {name}"
    amount, unit = split(written, where, url)
    if unit not in KB_UNITS:
        raise ParseError(f"{url}: {where}: unknown unit in {written!r}")
    return offering(name, "standard", {"input": price(amount, Provenance(url, where, raw=written))}, where, url)
