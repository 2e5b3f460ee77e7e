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
The props' column headings are checked first, so a moved column fails by name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from core.errors import ParseError
from core.values import Value, unknown
from scrapers.openai.cells import cell_text, cell_value, model_of
from scrapers.openai.fields import LONG, SHORT, defaults, put
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


def _headings(table: Table) -> None:
    expected, found = COLUMNS[table.section], [cell_text(h) for h in table.prop("headings")]
    if found != expected:
        raise ParseError(f"{table.url}: table {table.section!r} ({table.pane}) has columns {found}, "
                         f"expected {expected}")


def groups(table: Table, width: int) -> Iterator[tuple[Any, list]]:
    """(group label, row) for every row of a grouped table, each row ``width`` cells long."""
    _headings(table)
    for group in table.prop("groups"):
        group = group if isinstance(group, dict) else {}
        for row in group.get("rows") or [None]:
            if not isinstance(row, list) or len(row) != width:
                raise ParseError(f"{table.url}: {table.section!r} ({table.pane}): row {row!r} of "
                                 f"{cell_text(group.get('model'))!r} is not {width} cells")
            yield group.get("model"), row


def _flagship(table: Table) -> Rows:
    if table.prop("tier") != table.pane:
        raise ParseError(f"{table.url}: the {table.pane!r} pane holds the {table.prop('tier')!r} table")
    visible = visible_rows(table)
    for index, row in enumerate(table.prop("rows")):
        yield _flagship_row(table, row, visible[index] if index < len(visible) else None)


def _flagship_row(table: Table, row: Any, shown: list[str] | None) -> tuple[str, dict[str, Value]]:
    """A props row, completed by its visible row's long-context prices when the table shows it."""
    fields = {5: SHORT, 4: ("input", "cached_input", "output")}.get(len(row) if isinstance(row, list) else 0)
    if fields is None:  # older models' rows have no cache-writes cell
        raise ParseError(f"{table.url}: {table.section!r} ({table.pane}): row {row!r} is not 4 or 5 cells")
    model, short_only = model_of(row[0], table)
    values = defaults(table, model)
    values |= {f: cell_value(c, table.source(model, f)) for f, c in zip(fields, row[1:], strict=True)}
    if shown is not None:
        values |= long_context(shown, cell_text(row[0]), model, values, table)
    elif short_only:  # the page gives this model's price above 272K nowhere
        values |= {f: unknown(table.source(model, f)) for f in LONG}
    return model, values


def _cyber(table: Table) -> Rows:
    for label, row in groups(table, 8):
        model, _ = model_of(label, table)
        yield model, defaults(table, model) | {f: cell_value(c, table.source(model, f))
                                               for f, c in zip(SHORT + LONG, row, strict=True)}


def _modalities(table: Table) -> Rows:
    """Realtime, audio and image models: a row per modality; Text is the base price."""
    models: dict[str, dict[str, Value]] = {}
    for label, row in groups(table, 4):
        model, modality = model_of(label, table)[0], cell_text(row[0])
        if modality not in MODALITIES:
            raise ParseError(f"{table.url}: {table.section!r}: {model}: unknown modality {modality!r}")
        values = models.setdefault(model, defaults(table, model))
        for field, cell in zip(("input", "cached_input", "output"), row[1:], strict=True):
            value = cell_value(cell, table.source(model, f"{modality} {field}"), True)
            put(values, MODALITIES[modality] + field, value)
    yield from models.items()


def _video(table: Table) -> Rows:
    """Sora: a price per second of video for each size."""
    models: dict[str, dict[str, Value]] = {}
    for label, (size, portrait, landscape, cell) in groups(table, 4):
        model = model_of(label, table)[0]
        column = f"{cell_text(size)} ({cell_text(portrait)} / {cell_text(landscape)}) price per second"
        value = cell_value(cell, table.source(model, column), unit="USD per second")
        put(models.setdefault(model, defaults(table, model)), f"video_{cell_text(size).lower()}", value)
    yield from models.items()


def _transcription(table: Table) -> Rows:
    for label, row in groups(table, 4):
        model, values = model_of(label, table)[0], {}
        for field, cell in zip(("input", "output", "estimated_cost"), row[1:], strict=True):
            put(values, field, cell_value(cell, table.source(model, field), True))
        yield model, defaults(table, model) | values


def _specialized(table: Table) -> Rows:
    """Rows by category (ChatGPT, Codex, Search, Embedding, Moderation); the model is the row's first cell."""
    for _, row in groups(table, 4):
        model = model_of(row[0], table)[0]
        cells = zip(("input", "cached_input", "output"), row[1:], strict=True)
        yield model, defaults(table, model) | {f: cell_value(c, table.source(model, f)) for f, c in cells}


def not_read(table: Table) -> Rows:
    return iter(())  # Finetuning: named in the run's warning


READERS = {"Flagship models": _flagship, "Cyber models": _cyber, "Realtime and audio generation models": _modalities,
           "Image generation models": _modalities, "Video generation models": _video,
           "Transcription models": _transcription, "Specialized models": _specialized}
