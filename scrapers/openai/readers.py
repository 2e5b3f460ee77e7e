"""Row readers, one per section: each yields (model id, its values) from a table's props.

- Flagship (Standard, Batch, Flex, Fast mode panes): model, input, cached input, cache
  writes, output; older models' rows have no cache-writes cell (unknown). The newest
  rows' long-context prices come from the visible table; a "(<272K context length)" row
  past it has its price above 272K nowhere on the page (unknown).
- Cyber: short and long context per model, eight cells.
- Realtime/audio and image generation: a row per modality; Text goes to the base fields,
  Audio and Image to ``other:audio_<field>`` / ``other:image_<field>``.
- Video: USD per second by size; transcription: input, output and an estimated cost
  per minute; Specialized: rows by category, the model in the row's first cell.
- Tools: not model rows; read by the tools module, through ``groups`` here.
The props' column headings are checked first: a moved column makes the table not read, by name.
Each row is read through ``rows.row``: one that cannot be read is named, its model's offering
in the table's tier dropped whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from core.errors import ParseError
from core.values import Value, unknown
from scrapers._partial import Parts
from scrapers.openai.cells import cell_text, model_of
from scrapers.openai.fields import LONG, SHORT, cells_values, defaults, put_cell
from scrapers.openai.rows import row, width
from scrapers.openai.tables import Table
from scrapers.openai.visible import TOKEN_COLUMNS, long_context, visible_rows

Rows = Iterator[tuple[str, dict[str, Value]]]

COLUMNS = {"Cyber models": ["Model"] + [f"{c} context {t.lower()}" for c in ("Short", "Long") for t in TOKEN_COLUMNS],
           "Realtime and audio generation models": ["Model", "Modality", "Input", "Cached input", "Output / cost"],
           "Image generation models": ["Model", "Modality", "Input", "Cached input", "Output"],
           "Video generation models": ["Model", "Size", "Portrait", "Landscape", "Price per second"],
           "Transcription models": ["Model", "Use case", "Input", "Output", "Estimated cost"],
           "Specialized models": ["Category", "Model", "Input", "Cached input", "Output"],
           "Tools": ["Tool", "Details", "Pricing"]}
MODALITIES = {"Text": "", "Audio": "audio_", "Image": "image_"}
TEXT = ("input", "cached_input", "output")


def _headings(table: Table) -> None:
    expected, found = COLUMNS[table.section], [cell_text(h) for h in table.prop("headings")]
    if found != expected:
        raise ParseError(f"{table.url}: table {table.section!r} ({table.pane}) has columns {found}, "
                         f"expected {expected}")


def groups(table: Table) -> Iterator[tuple[Any, Any]]:
    """(group label, row) for every row of a grouped table; a group without rows gives one row None."""
    _headings(table)
    for group in table.prop("groups"):
        group = group if isinstance(group, dict) else {}
        for cells in group.get("rows") or [None]:
            yield group.get("model"), cells


def _flagship(table: Table, parts: Parts) -> Rows:
    if table.prop("tier") != table.pane:
        raise ParseError(f"{table.url}: the {table.pane!r} pane holds the {table.prop('tier')!r} table")
    visible, found = visible_rows(table), []
    for index, cells in enumerate(table.prop("rows")):
        with row(table, parts, _first(cells)):
            found.append(_flagship_row(table, cells, visible[index] if index < len(visible) else None))
    yield from found


def _flagship_row(table: Table, cells: Any, shown: list | None) -> tuple[str, dict[str, Value]]:
    """A props row, completed by its visible row's long-context prices when the table shows it."""
    fields = {5: SHORT, 4: TEXT}.get(len(cells) if isinstance(cells, list) else 0)
    if fields is None:  # older models' rows have no cache-writes cell
        raise ParseError(f"{table.url}: {table.section!r} ({table.pane}): row {cells!r} is not 4 or 5 cells")
    model, short_only = model_of(cells[0], table)
    values = defaults(table, model) | cells_values(table, model, fields, cells[1:])
    if shown is not None:
        values |= long_context(shown, cell_text(cells[0]), model, values, table)
    elif short_only:  # the page gives this model's price above 272K nowhere
        values |= {f: unknown(table.source(model, f)) for f in LONG}
    return model, values


def _first(cells: Any) -> Any:
    """The first cell of a row (the one naming its model), None for a row of no cells."""
    return cells[0] if isinstance(cells, list) and cells else None


def _cyber(table: Table, parts: Parts) -> Rows:
    found = []
    for label, cells in groups(table):
        with row(table, parts, label):
            model = model_of(label, table)[0]
            found.append((model, defaults(table, model) | cells_values(table, model, SHORT + LONG,
                                                                       width(cells, 8, table, label))))
    yield from found


def _modalities(table: Table, parts: Parts) -> Rows:
    """Realtime, audio and image models: a row per modality; Text is the base price."""
    models: dict[str, dict[str, Value]] = {}
    for label, cells in groups(table):
        with row(table, parts, label):
            model, (modality, *prices) = model_of(label, table)[0], width(cells, 4, table, label)
            if cell_text(modality) not in MODALITIES:
                raise ParseError(f"{table.url}: {table.section!r}: {model}: unknown modality {cell_text(modality)!r}")
            values = models.setdefault(model, defaults(table, model))
            for field, cell in zip(TEXT, prices, strict=True):
                source = table.source(model, f"{cell_text(modality)} {field}")
                put_cell(values, MODALITIES[cell_text(modality)] + field, cell, source, True)
    yield from models.items()


def _video(table: Table, parts: Parts) -> Rows:
    """Sora: a price per second of video for each size."""
    models: dict[str, dict[str, Value]] = {}
    for label, cells in groups(table):
        with row(table, parts, label):
            model, (size, portrait, landscape, cell) = model_of(label, table)[0], width(cells, 4, table, label)
            column = f"{cell_text(size)} ({cell_text(portrait)} / {cell_text(landscape)}) price per second"
            put_cell(models.setdefault(model, defaults(table, model)), f"video_{cell_text(size).lower()}", cell,
                     table.source(model, column), unit="USD per second")
    yield from models.items()


def _transcription(table: Table, parts: Parts) -> Rows:
    found = []
    for label, cells in groups(table):
        with row(table, parts, label):
            model = model_of(label, table)[0]
            prices = cells_values(table, model, ("input", "output", "estimated_cost"),
                                  width(cells, 4, table, label)[1:], True)
            found.append((model, defaults(table, model) | prices))
    yield from found


def _specialized(table: Table, parts: Parts) -> Rows:
    """Rows by category (ChatGPT, Codex, Search, Embedding, Moderation); the model is the row's first cell."""
    found = []
    for _, cells in groups(table):
        with row(table, parts, _first(cells)):
            model = model_of(_first(cells), table)[0]
            found.append((model, defaults(table, model) | cells_values(table, model, TEXT,
                                                                       width(cells, 4, table, model)[1:])))
    yield from found


READERS = {"Flagship models": _flagship, "Cyber models": _cyber, "Realtime and audio generation models": _modalities,
           "Image generation models": _modalities, "Video generation models": _video,
           "Transcription models": _transcription, "Specialized models": _specialized}
