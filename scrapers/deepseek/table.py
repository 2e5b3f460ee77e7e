"""DeepSeek's model table: found by its MODEL row, expanded into a grid, its rows by what they price.

The table has a column per model, headed by the API model ids (MODEL row), and a row per property. Its
labels span rows and columns (PRICING spans six rows, each price kind two), so the table is first
expanded into a plain grid. Footnote marks beside a model id ("deepseek-v4-flash (3)", "deepseek-v4-flash¹",
"deepseek-v4-flash*", <sup>) are not part of the id.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.offering import Unread
from scrapers._html import node_text, without_marks
from scrapers._partial import Parts

TABLE = "Model Details"  # the heading above the table, naming it in what is not read
KINDS = {"1M INPUT TOKENS (CACHE HIT)": "cached_input", "1M INPUT TOKENS (CACHE MISS)": "input",
         "1M OUTPUT TOKENS": "output"}
TIERS = {"PEAK": "standard", "OFF-PEAK": "off_peak"}
LIMITS = {"CONTEXT LENGTH": "context_window", "MAX OUTPUT": "max_output_tokens"}
NOT_READ = ("BASE URL", "MODEL VERSION", "THINKING MODE", "FEATURES", "Concurrency Limit")
_MODEL_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_HOURS = re.compile(r"(Peak hours are [^.]+)\.")

Cells = dict[tuple[str, str], list[LexborNode]]  # (field, tier) -> the row's model cells


def model_table(tree: LexborHTMLParser, url: str) -> LexborNode:
    """The table whose first cell is MODEL (another table on the page is not this one)."""
    for table in tree.css("table"):
        if (first := table.css_first("td, th")) is not None and node_text(first) == "MODEL":
            return table
    raise ParseError(f"{url}: model and pricing table (first row MODEL) not found")


def peak_hours(tree: LexborHTMLParser) -> str | None:
    """The peak-hours sentence, as written, of the footnote stating it: found by what it says, not by
    its number (the page has renumbered its footnotes before)."""
    for paragraph in tree.css("p"):
        text = node_text(paragraph)
        if re.match(r"\(\d+\)", text) and (hours := _HOURS.search(text)):
            return hours.group(1)
    return None


def grid(table: LexborNode, url: str) -> list[list[LexborNode]]:
    """The table as rows of equal width: a cell spanning rows or columns is repeated in each."""
    grid: list[list[LexborNode]] = []
    above: dict[int, tuple[int, LexborNode]] = {}  # column -> (rows it still covers, cell) of a rowspan cell
    for tr in table.css("tr"):
        row, cells = [], tr.css("td, th")
        while cells or len(row) in above:
            if len(row) in above:
                left, cell = above.pop(len(row))
                if left > 1:
                    above[len(row)] = (left - 1, cell)
                row.append(cell)
                continue
            cell = cells.pop(0)
            height, width = _span(cell, "rowspan", url), _span(cell, "colspan", url)
            above |= {len(row) + i: (height - 1, cell) for i in range(width) if height > 1}
            row += [cell] * width
        grid.append(row)
    if len({len(row) for row in grid}) != 1 or len(grid[0]) < 4:
        raise ParseError(f"{url}: the table's rows have {[len(r) for r in grid]} columns, expected equal widths")
    if [node_text(c) for c in grid[0][:3]] != ["MODEL"] * 3:
        raise ParseError(f"{url}: the table's first row is not the MODEL row over three label columns")
    return grid


def _span(cell: LexborNode, name: str, url: str) -> int:
    written = cell.attributes.get(name) or "1"
    if not written.isdigit() or int(written) < 1:
        raise ParseError(f"{url}: a cell has {name}={written!r}")
    return int(written)


def model_columns(header: list[LexborNode], parts: Parts) -> dict[int, str]:
    """The API model id heading each model column (the MODEL row), by column; a head that is none is named."""
    models = {}
    for column, cell in enumerate(header[3:]):
        if _MODEL_ID.fullmatch(model := without_marks(cell)):  # "deepseek-v4-flash (3)": the mark is not the id's
            models[column] = model
        else:
            parts.skip(TABLE, f"MODEL · column {column + 1}", f"{node_text(cell)!r} is not an API model id")
    return models


def rows_by_label(rows: list[list[LexborNode]], models: set[str], parts: Parts) -> Cells:
    """The model columns of each row read, by (field, tier); limits are the same in both tiers. A row of
    an unknown label is named: it spans every model column, so it names every model."""
    cells: Cells = {}
    for row in rows:
        label, kind, period = (node_text(cell) for cell in row[:3])
        if label.startswith("PRICING") and kind in KINDS and period in TIERS:  # "PRICING (1)(2)": marks follow
            cells[KINDS[kind], TIERS[period]] = row[3:]
        elif label.startswith("PRICING"):
            name, reason = f"{kind} · {period}", "unknown price row"
            parts.unread.append(Unread(parts.url, f"{parts.url} · table {TABLE!r} · row {name!r}", reason,
                                       frozenset(models)))
        elif label in LIMITS:
            cells |= {(LIMITS[label], tier): row[3:] for tier in TIERS.values()}
        elif not label.startswith(NOT_READ):
            parts.unread.append(Unread(parts.url, f"{parts.url} · table {TABLE!r} · row {label!r}", "unknown row",
                                       frozenset(models)))
    return cells
