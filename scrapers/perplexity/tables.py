"""The page's pricing tables, each found by its header row wherever it sits on the page.

A table is taken to be the layout of LAYOUTS its header shares the most columns with (at least all but
one of them), then its header must be exactly that layout's. The token table (the catalogue) is strict:
missing, twice, or with a renamed or added column, it fails the run. Any other table that changed, is
missing or is there twice is named in ``Parts`` and skipped, as is a table of a kind not seen before
(named by its columns); nothing of it is guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.offering import Unread
from scrapers._html import expect_header, table_rows
from scrapers._partial import Parts
from scrapers.perplexity.cells import row_name

Rows = list[list[LexborNode]]
T = TypeVar("T")

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


def find_tables(tree: LexborHTMLParser, parts: Parts) -> dict[str, list[Rows]]:
    """The body rows of every table read, by layout name; the token table is always there (else the run fails)."""
    found: dict[str, list[Rows]] = {}
    seen: set[str] = set()
    for header, rows in map(table_rows, tree.css("table")):
        name = None
        with parts.table(" | ".join(header) or "(no header row)"):  # a table of no known layout
            name = _layout(header, parts.url)
        if name is None:
            continue
        seen.add(name)
        if name == TOKENS:  # the catalogue: a changed header fails the run
            expect_header(header, LAYOUTS[name], name, parts.url)
        with parts.table(name):
            expect_header(header, LAYOUTS[name], name, parts.url)
            found.setdefault(name, []).append(rows)
    if len(found.get(TOKENS, [])) != 1:
        raise ParseError(f"{parts.url}: {_not_once(TOKENS, len(found.get(TOKENS, [])))}")
    for name in REQUIRED:
        if name not in seen or (name in SINGLE and len(found.get(name, [])) > 1):
            reason = _not_once(name, len(found.pop(name, [])))
            parts.unread.append(Unread(parts.url, f"{parts.url} · table {name!r}", reason))
    return found


def _not_once(name: str, times: int) -> str:
    if not times:
        return f"table {name!r} (columns {LAYOUTS[name]}) not found"
    return f"found {times} tables {name!r} (columns {LAYOUTS[name]}), expected one"


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


def row_model(cells: list[LexborNode], name: str, make: Callable[[str], T]) -> T | None:
    """The model a row of table ``name`` names (``make`` of its first cell), or None when the row has another
    number of cells: then what its first cell holds is not known."""
    return make(row_name(cells)) if len(cells) == len(LAYOUTS[name]) else None


def row_cells(cells: list[LexborNode], name: str, url: str) -> list[LexborNode]:
    """A row's cells, as many as its table has columns (else the row is not read)."""
    if len(cells) != (expected := len(LAYOUTS[name])):
        raise ParseError(f"{url}: table {name!r} · {row_name(cells)}: {len(cells)} cells, expected {expected}")
    return cells
