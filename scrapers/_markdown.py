"""Tables of a Markdown page (the docs sites that publish a ``.md`` rendering of each page)."""

from __future__ import annotations

import re

from core.errors import ParseError

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_LINK_TEXT = re.compile(r"^\[(.*?)\]\(#[^)]*\)$")  # "[Production Models](#production-models)"


def sections(text: str) -> dict[str, list[str]]:
    """The page's lines by heading (a linked heading counts by its text), in page order."""
    found: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        if match := _HEADING.match(line):
            title = match.group(2)
            current = _LINK_TEXT.sub(r"\1", title)
            found.setdefault(current, [])
        else:
            found.setdefault(current, []).append(line)
    return found


def table(lines: list[str], url: str, where: str) -> tuple[list[str], list[list[str]]]:
    """The first table in ``lines``: its header and rows of cell texts (``\\-`` read as ``-``). A row of
    another cell count is returned as it is: ``cells_of`` checks it where the row is read on its own."""
    rows = [_cells(line) for line in lines if line.lstrip().startswith("|")]
    if len(rows) < 2 or not all(set(c) <= set("-: ") for c in rows[1]):
        raise ParseError(f"{url}: no table under {where!r}")
    return rows[0], rows[2:]


def cells_of(header: list[str], row: list[str], url: str, where: str) -> list[str]:
    """The row's cells, one per column; a row of another cell count is a ParseError (named alone)."""
    if len(row) != len(header):
        raise ParseError(f"{url}: a row under {where!r} has {len(row)} cells, the header {len(header)}")
    return row


def _cells(line: str) -> list[str]:
    inner = line.strip().strip("|")
    return [cell.strip().replace("\\-", "-") for cell in re.split(r"(?<!\\)\|", inner)]
