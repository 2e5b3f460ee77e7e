"""The page's pricing tables, each found by its header row wherever it sits on the page.

Every <table> on the page must be one of LAYOUTS: a table is taken to be the layout its header shares
the most columns with (at least all but one of them), then its header must be exactly that layout's.
So a renamed or added column fails naming the table, and a table of a kind not seen before fails
naming its columns, rather than being skipped with its prices.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from scrapers._html import expect_header, node_text, table_rows

Rows = list[list[LexborNode]]

TOOLS, SEARCH_API, TOKENS, REQUESTS = "Tool pricing", "Search API pricing", "Token pricing", "Request pricing"
SEARCH_TYPES, EMBEDDINGS, COST_EXAMPLE = "Search type options", "Embeddings", "Cost example"
LAYOUTS = {
    TOOLS: ["Tool", "Price", "Description"],
    SEARCH_API: ["API", "Price per 1K requests", "Description"],
    TOKENS: ["Model", "Input Tokens ($/1M)", "Output Tokens ($/1M)", "Citation Tokens ($/1M)",
             "Search Queries ($/1K)", "Reasoning Tokens ($/1M)"],
    REQUESTS: ["Model", "Low Context Size", "Medium Context Size", "High Context Size"],
    SEARCH_TYPES: ["Search Type", "Description", "Request Fee (per 1K)"],
    EMBEDDINGS: ["Model", "Dimensions", "Price ($/1M tokens)"],  # standard and contextualized: two tables
    COST_EXAMPLE: ["Component", "Cost"],  # the worked examples: not read
}
SINGLE = (TOOLS, SEARCH_API, TOKENS, REQUESTS, SEARCH_TYPES)  # each exactly once
REQUIRED = (*SINGLE, EMBEDDINGS)


def find_tables(tree: LexborHTMLParser, url: str) -> dict[str, list[Rows]]:
    """The body rows of every table on the page, by layout name; a missing or unknown table fails."""
    found: dict[str, list[Rows]] = {}
    for table in tree.css("table"):
        header, rows = table_rows(table)
        name = _layout(header, url)
        expect_header(header, LAYOUTS[name], name, url)
        found.setdefault(name, []).append([_checked(cells, name, url) for cells in rows])
    for name in REQUIRED:
        if name not in found:
            raise ParseError(f"{url}: table {name!r} (columns {LAYOUTS[name]}) not found")
    for name in SINGLE:
        if len(found[name]) > 1:
            raise ParseError(f"{url}: found {len(found[name])} tables {name!r} (columns {LAYOUTS[name]}), expected one")
    return found


def _layout(header: list[str], url: str) -> str:
    """The layout whose columns the header shares most of (all but one at least); a tie goes to the layout
    whose first column (what names a row: "Tool", "API") the header shares, else it is not guessed."""
    shared = {name: len(set(header) & set(columns)) for name, columns in LAYOUTS.items()}
    best = max(shared.values())
    names = [name for name, n in shared.items() if n == best and n >= max(1, len(LAYOUTS[name]) - 1)]
    if len(names) > 1:
        names = [name for name in names if header[:1] == LAYOUTS[name][:1]] or names
    if len(names) != 1:
        like = f" (like tables {', '.join(map(repr, names))})" if names else ""
        raise ParseError(f"{url}: a table with columns {header} that the parser does not know{like}")
    return names[0]


def _checked(cells: list[LexborNode], name: str, url: str) -> list[LexborNode]:
    if len(cells) != len(LAYOUTS[name]):
        row = node_text(cells[0]) if cells else "(empty)"
        raise ParseError(f"{url}: table {name!r} · {row}: {len(cells)} cells, expected {len(LAYOUTS[name])}")
    return cells
