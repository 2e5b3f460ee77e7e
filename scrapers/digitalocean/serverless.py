"""Serverless Inference: one ``<details>`` accordion per maker, each a table Model | Serverless Inference (the
DigitalOcean-hosted one starts with Provider); a row's price cell is a grid, or one price in another unit.

"(Fast Mode)" rows are the ``fast`` tier of the model. The notes above a table state some of its models' context
windows (see notes); the notes' other sentences are returned for the run's warning.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.offering import Offering
from scrapers._html import node_text
from scrapers.digitalocean.cells import offering, other_unit
from scrapers.digitalocean.grids import grid
from scrapers.digitalocean.notes import context_windows, note_sentences
from scrapers.digitalocean.tables import rows, under

GROUPS = ("Anthropic Models", "Arcee Models", "fal Models", "OpenAI Models", "DigitalOcean-Hosted Models")
COLUMNS = (["Model", "Serverless Inference"], ["Provider", "Model", "Serverless Inference"])


def serverless_offerings(tree: LexborHTMLParser, url: str) -> tuple[list[Offering], list[str]]:
    """One offering per row of every maker's table, and the sentences of the notes not read; a maker's table
    missing fails."""
    groups = {node_text(d.css_first("summary")): d for d in under(tree, "Serverless Inference", "details", url)}
    if missing := [g for g in GROUPS if g not in groups]:
        raise ParseError(f"{url}: serverless price table {missing[0]!r} not found (found {list(groups)})")
    offerings, unread = [], []
    for group, details in groups.items():
        found, not_read = _group(details, group, url)
        offerings += found
        unread += [f"{sentence!r} ({group})" for sentence in not_read]
    return offerings, unread


def _group(details: LexborNode, group: str, url: str) -> tuple[list[Offering], list[str]]:
    """A maker's table, its models given the context windows its notes state (every tier of a model named)."""
    found = [_serverless(cells, group, url) for cells in rows(details.css_first("table"), COLUMNS, group, url)]
    sentences = note_sentences(details, group, url)
    windows, unread = context_windows(sentences, {o.key.model for o in found}, group, url)
    for named in (o for o in found if o.key.model in windows):
        named.values["context_window"] = windows[named.key.model]
    return found, unread


def _serverless(cells: list[LexborNode], group: str, url: str) -> Offering:
    link = cells[-2].css_first("a")  # "MiniMax M2.5 (Public Preview)": the note is outside the link
    label = node_text(link if link is not None else cells[-2])
    name = label.removesuffix(" (Fast Mode)")
    where = f"{group} · {label}"
    node = cells[-1].css_first("span.gen-ai-pricing-grid")
    read = grid(node, where, url) if node is not None else other_unit(node_text(cells[-1]), where, url)
    return offering(name, "fast" if name != label else "standard", read, where, url)
