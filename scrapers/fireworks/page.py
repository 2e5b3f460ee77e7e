"""Reading https://docs.fireworks.ai/serverless/pricing (a Mintlify page) into plain data.

Three tables, each found by its heading: "Text and vision models" (Model | Standard | Priority, see
cells), "Other base models — by size and architecture" and "Embeddings" (a label and one price); and
two rules stated in prose (see rules). The first table is the catalogue: without it, or with other
columns, or when none of its rows can be read, the run fails. A row that cannot be read, and each
other table when it is missing or its columns change, is named in ``parts`` and skipped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import ModelInfo
from scrapers._base import Page
from scrapers._html import charged_and_listed, expect_header, node_text, table_after_heading, table_rows
from scrapers._partial import Parts
from scrapers.fireworks.cells import FREE, ModelRow, model_row, row_label, row_model, split_variant
from scrapers.fireworks.rules import Rules, read_rules
from scrapers.fireworks.sizes import SizeClass, class_id, parse_size_class

PRICING_URL = "https://docs.fireworks.ai/serverless/pricing"
MODELS_TABLE = "Text and vision models"
SIZES_TABLE = "Other base models"
EMBEDDINGS_TABLE = "Embeddings"
CLASS_TABLES = {SIZES_TABLE: (["Model", "$ / 1M tokens"], "size-tier"),
                EMBEDDINGS_TABLE: (["Base model parameter count", "$ / 1M input tokens"], "embedding-tier")}


@dataclass(frozen=True)
class Classes:
    """A table of price classes: the classes read, and whether every row was (only then may a model
    without a price row be priced by one: a class not read could have been the one it falls in)."""

    read: list[SizeClass]
    complete: bool


@dataclass(frozen=True)
class PricingPage:
    rows: list[ModelRow]
    unread_models: frozenset[str]  # the models of rows that could not be read: priced by no size class
    unnamed_row: bool  # a row that could not be read names no model: it may be any model's
    sizes: Classes
    embeddings: Classes
    rules: Rules


def parse_pricing_page(page: Page, parts: Parts) -> PricingPage:
    """The tables and stated rules of the pricing page; what cannot be read is named in ``parts``."""
    tree = LexborHTMLParser(page.text())
    rows, unread, unnamed = _model_rows(tree, page.url, parts)
    return PricingPage(rows, unread, unnamed, _classes(tree, page.url, SIZES_TABLE, parts),
                       _classes(tree, page.url, EMBEDDINGS_TABLE, parts), read_rules(tree))


def _model_rows(tree: LexborHTMLParser, url: str, parts: Parts) -> tuple[list[ModelRow], frozenset[str], bool]:
    header, body = table_rows(table_after_heading(tree, MODELS_TABLE, url))
    expect_header(header, ["Model", "Standard", "Priority"], MODELS_TABLE, url)
    rows, named = [], []
    for cells in body:
        label = row_label(cells)
        model, (name, fast, region) = row_model(cells, label), split_variant(label)
        named.append((model, name, fast, region))
        with parts.row(MODELS_TABLE, label or "(no name)", model, "fast" if fast else "standard"):
            rows.append(model_row(cells, label, MODELS_TABLE, url))
    rows = _one_offering_a_row(rows, named, parts)
    if not rows:
        why = f" ({parts.unread[0].reason})" if parts.unread else ""
        raise ParseError(f"{url}: no row of {MODELS_TABLE!r} could be read{why}")
    unread = frozenset(m for part in parts.unread for m in part.models or ())  # only this table's parts so far
    return rows, unread, any(part.models is None for part in parts.unread)


def _one_offering_a_row(rows: list[ModelRow], named: list[tuple[str | None, str, bool, str]],
                        parts: Parts) -> list[ModelRow]:
    """Rows linking to one model share its name ("Kimi K3", "Kimi K3 Fast", "Kimi K3 US"). A row naming
    it with other words ("Kimi K3 EU") is a variant the parser does not know, and rows pricing the same
    offering leave it unknown (which is right is not known): each is named, never read as another's.
    Every row counts, read or not (``named``: model, name, fast, region), so that a row beside one that
    could not be read is never taken for it."""
    base: dict[str, str] = {}
    for model, name, _, _ in (n for n in named if n[0] and n[1]):
        base[model] = min(base.get(model, name), name, key=len)
    offerings = Counter((m, fast, region) for m, name, fast, region in named if m and name == base.get(m))
    kept = []
    for row in rows:
        if row.name != base[row.model_id]:
            reason = f"a variant the parser does not know: {row.name!r} beside {base[row.model_id]!r}"
        elif offerings[(row.model_id, row.fast, row.region)] > 1:
            reason = "another row prices the same offering"
        else:
            kept.append(row)
            continue
        parts.skip(MODELS_TABLE, row.label, reason, row.model_id, "fast" if row.fast else "standard")
    return kept


def _classes(tree: LexborHTMLParser, url: str, heading: str, parts: Parts) -> Classes:
    """The classes of a size or embedding table; the table missing or of other columns is named whole."""
    columns, prefix = CLASS_TABLES[heading]
    classes, complete = [], False
    with parts.table(heading):
        header, body = table_rows(table_after_heading(tree, heading, url))
        expect_header(header, columns, heading, url)
        complete = True
        for cells in body:
            label = node_text(cells[0]) if cells else ""
            info = ModelInfo(class_id(prefix, label), label, "price_class") if label else None
            with parts.row(heading, label or "(no label)", info) as row:
                classes.append(_size_class(cells, label, heading, url))
            complete &= row.read
    return Classes(classes, complete)


def _size_class(cells: list[LexborNode], label: str, heading: str, url: str) -> SizeClass:
    if len(cells) != 2 or not label:
        raise ParseError(f"{url}: table {heading!r}: a row of {len(cells)} cells, expected a label and a price")
    charged, listed = charged_and_listed(cells[1])
    try:
        price = Decimal(0) if FREE.fullmatch(charged) else parse_dollars(charged)
        struck = parse_dollars(listed) if listed is not None else None
    except ValueError as exc:
        raise ParseError(f"{url}: table {heading!r} row {label!r}: {exc}") from exc
    written = charged if FREE.fullmatch(charged) else None  # "Free" stays provably free
    return replace(parse_size_class(label, price), written=written, list_price=struck)
