"""A table read row by row: a row that cannot be read is named, and its offering dropped whole.

A row names its model by its label; when a cell of it cannot be read (see scrapers/_partial.py)
the row is named in ``Parts`` with that model, in the table's tier, and the model's offering in
that tier is dropped whole: its other rows and tables alone (Realtime's Text, Audio and Image rows;
gpt-5.6-sol's Flagship and Cyber rows) would make its values look changed. A label naming no model
is named with no model (then nothing the page lists is delisted this run).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from core.errors import ParseError
from core.offering import ModelInfo, OfferingKey
from scrapers._partial import Outcome, Parts
from scrapers.openai.cells import cell_text, model_of
from scrapers.openai.tables import Table


def model_or_none(label: Any, table: Table) -> str | None:
    """The model id a row label names, or None when it names none the parser can read."""
    try:
        return model_of(label, table)[0]
    except ParseError:
        return None


FROM_LABEL = "the model the label names"


@contextmanager
def row(table: Table, parts: Parts, label: Any, model: ModelInfo | str | None = FROM_LABEL) -> Iterator[Outcome]:
    """One row of ``table``, of the model ``label`` names (or ``model``, None for none): named and its
    offering dropped when it cannot be read."""
    model = model_or_none(label, table) if model is FROM_LABEL else model
    with parts.row(table.name, cell_text(label) if label is not None else "(no label)", model,
                   table.tier) as outcome:
        yield outcome
    if not outcome.read and model is not None:
        parts.dropped.add(OfferingKey(model.id if isinstance(model, ModelInfo) else model, table.tier))


def width(cells: Any, count: int, table: Table, label: Any) -> list:
    """A row's cells, which must be ``count``."""
    if not isinstance(cells, list) or len(cells) != count:
        raise ParseError(f"{table.url}: {table.section!r} ({table.pane}): row {cells!r} of "
                         f"{cell_text(label)!r} is not {count} cells")
    return cells
