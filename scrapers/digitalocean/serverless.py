"""Serverless Inference: one ``<details>`` accordion per maker, each a table Model | Serverless Inference (the
DigitalOcean-hosted one starts with Provider); a row's price cell is a grid, or one price in another unit.

"(Fast Mode)" rows are the ``fast`` tier of the model. The notes above a table state some of its models' context
windows (see notes); the notes' other sentences are returned for the run's warning.
The section is the catalogue: without accordions under its heading, or without a row read, the run fails.
Each accordion is a table of its own: one missing (of GROUPS), of unknown columns, or a second table in it is
named and skipped; so is a row of an unfamiliar shape (its model and tier left unobserved), and notes that
cannot be read (the table's context windows are then unobserved: they keep their stored values).
"""

from __future__ import annotations

from dataclasses import replace

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.offering import ModelInfo, Offering, OfferingKey, Unread
from core.values import Value
from scrapers._html import node_text
from scrapers._partial import Parts
from scrapers.digitalocean.cells import label, model_id, offering, other_unit
from scrapers.digitalocean.grids import grid
from scrapers.digitalocean.notes import context_windows, note_sentences
from scrapers.digitalocean.tables import check_cells, rows, under

MAIN = "Serverless Inference"
GROUPS = ("Anthropic Models", "Arcee Models", "fal Models", "OpenAI Models", "DigitalOcean-Hosted Models")
COLUMNS = (["Model", "Serverless Inference"], ["Provider", "Model", "Serverless Inference"])
FAST = " (Fast Mode)"


def serverless_offerings(tree: LexborHTMLParser, parts: Parts) -> tuple[list[Offering], list[str]]:
    """One offering per row of every maker's table, and the sentences of the notes not read."""
    accordions = under(tree, MAIN, "details", parts.url)
    groups = {node_text(d.css_first("summary")) if d.css_first("summary") else "(no summary)": d for d in accordions}
    offerings, unread = [], []
    for group, details in groups.items():
        with parts.table(group):
            found, not_read = _group(details, group, parts)
            offerings += found
            unread += [f"{sentence!r} ({group})" for sentence in not_read]
    for missing in (g for g in GROUPS if g not in groups):
        parts.unread.append(Unread(parts.url, f"{parts.url} · table {missing!r}", f"not found under {MAIN!r}"))
    if not offerings:
        why = parts.unread[0].reason if parts.unread else "no rows"
        raise ParseError(f"{parts.url}: no serverless price row could be read ({why})")
    return offerings, unread


def _group(details: LexborNode, group: str, parts: Parts) -> tuple[list[Offering], list[str]]:
    """A maker's table, its models given the context windows its notes state (every tier of a model named)."""
    first, *others = details.css("table") or [None]
    header, body = rows(first, COLUMNS, group, parts.url)
    for number, _ in enumerate(others, 2):  # a table the parser does not know: its prices might be anyone's
        parts.unread.append(Unread(parts.url, f"{parts.url} · table {group!r} · table {number}", "not read"))
    found: dict[OfferingKey, Offering] = {}
    keys = [_key(cells, header) for cells in body]
    for cells, key in zip(body, keys, strict=True):
        model = key and ModelInfo(key.model, _label(cells).removesuffix(FAST))
        with parts.row(group, _row_label(cells), model, key.tier if key else "standard") as row:
            check_cells(cells, header, group, parts.url)
            _add(found, _serverless(cells, group, parts.url), group, parts.url)
        if not row.read and key:  # an offering two rows price: neither row is read
            parts.dropped.add(key)
    offerings = [o for key, o in found.items() if key not in parts.dropped]
    windows, unread = _notes(details, group, {key.model for key in keys if key}, parts)
    if windows is None:  # the notes could not be read: the stored context windows stand
        return [replace(o, values={f: v for f, v in o.values.items() if f != "context_window"},
                        unobserved=frozenset({"context_window"})) for o in offerings], unread
    for named in (o for o in offerings if o.key.model in windows):
        named.values["context_window"] = windows[named.key.model]
    return offerings, unread


def _notes(details: LexborNode, group: str, models: set[str],
           parts: Parts) -> tuple[dict[str, Value] | None, list[str]]:
    """The context windows the notes state and the sentences not read; None when the notes cannot be read (named)."""
    try:
        return context_windows(note_sentences(details, group, parts.url), models, group, parts.url)
    except ParseError as exc:  # the notes' shape only: the table's prices are read all the same
        reason = " ".join(str(exc).split()).removeprefix(f"{parts.url}:").strip()
        where = f"{parts.url} · table {group!r} · notes above the table"
        parts.unread.append(Unread(parts.url, where, reason, frozenset(models)))
        return None, []


def _label(cells: list[LexborNode]) -> str | None:
    """The row's label: the Model cell's link text ("MiniMax M2.5 (Public Preview)": the note is outside the
    link), without a footnote mark."""
    if len(cells) < 2:
        return None
    link = cells[-2].css_first("a")
    return label(link if link is not None else cells[-2]) or None


def _row_label(cells: list[LexborNode]) -> str:
    """How a row is named when it is not read: its model's label, else its first cell's text."""
    return _label(cells) or (node_text(cells[0]) if cells else "") or "(empty row)"


def _key(cells: list[LexborNode], header: list[str]) -> OfferingKey | None:
    """The offering a row names: None when it is not a row of a cell per column."""
    name = _label(cells) if len(cells) == len(header) else None
    if name is None:
        return None
    return OfferingKey(model_id(name.removesuffix(FAST)), "fast" if name.endswith(FAST) else "standard")


def _add(found: dict[OfferingKey, Offering], one: Offering, group: str, url: str) -> None:
    if one.key in found:
        raise ParseError(f"{url}: {group}: {one.key} is priced by two rows")
    found[one.key] = one


def _serverless(cells: list[LexborNode], group: str, url: str) -> Offering:
    name = _label(cells) or ""
    where = f"{group} · {name}"
    node = cells[-1].css_first("span.gen-ai-pricing-grid")
    read = grid(node, where, url) if node is not None else other_unit(cells[-1], where, url)
    return offering(name.removesuffix(FAST), "fast" if name.endswith(FAST) else "standard", read, where, url)
