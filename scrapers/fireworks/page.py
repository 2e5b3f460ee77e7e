"""Reading https://docs.fireworks.ai/serverless/pricing (a Mintlify page) into plain data.

Three tables: "Text and vision models" (Model | Standard | Priority, each cell
"input / cached input / output" in USD per 1M tokens, "—" where Priority is not
offered), "Other base models — by size and architecture" and "Embeddings"; and two
rules stated in prose: the batch discount and the US-only premium.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.money import parse_dollars
from scrapers._base import Page
from scrapers._html import expect_header, node_text, page_text, table_after_heading, table_rows
from scrapers.fireworks.sizes import SizeClass, parse_size_class

MODELS_TABLE = "Text and vision models"
SIZES_TABLE = "Other base models"
EMBEDDINGS_TABLE = "Embeddings"
NOT_OFFERED = "—"
_BATCH_RULE = re.compile(r"Batch inference is billed at (\d+(?:\.\d+)?)% of serverless pricing", re.I)
_US_RULE = re.compile(r"US-only Serverless endpoints are priced at a (\d+(?:\.\d+)?)% premium", re.I)
_US_EXCEPTION = re.compile(r"US-only Serverless endpoints are priced at [^,]*, except (.+?), which matches", re.I)


@dataclass(frozen=True)
class Cell:
    """One Standard or Priority cell as written: "input / cached input / output", "—" (not
    offered), "Free", or words with no price ("Contact us"). A price the cell does not give
    (such words, or a part reading "$—") is None: unknown, never a guess."""

    text: str
    input: Decimal | None = None
    cached_input: Decimal | None = None
    output: Decimal | None = None
    offered: bool = True

    @property
    def priced(self) -> bool:
        """All three prices are stated."""
        return None not in (self.input, self.cached_input, self.output)


@dataclass(frozen=True)
class ModelRow:
    label: str  # the row as written: "GLM 5.2 Fast US"
    model_id: str  # from the row's link: "glm-5p2"
    name: str  # the label without its variant words: "GLM 5.2"
    fast: bool
    region: str  # "global" or "us"
    standard: Cell
    priority: Cell


@dataclass(frozen=True)
class PricingPage:
    rows: list[ModelRow]
    sizes: list[SizeClass]
    embeddings: list[SizeClass]
    batch_share: Decimal | None  # 0.5 when batch is billed at 50%; None when the rule is not stated
    us_premium: Decimal | None  # 0.10 for a 10% premium
    us_exception: str | None  # the row the premium does not apply to


def parse_pricing_page(page: Page) -> PricingPage:
    """All tables and stated rules of the pricing page; a missing table is a ParseError."""
    tree = LexborHTMLParser(page.text())
    text = page_text(tree)
    batch = _BATCH_RULE.search(text)
    us_rule = _US_RULE.search(text)
    us_exception = _US_EXCEPTION.search(text)
    return PricingPage(
        rows=_model_rows(tree, page.url),
        sizes=_size_classes(tree, page.url, SIZES_TABLE, ["Model", "$ / 1M tokens"]),
        embeddings=_size_classes(tree, page.url, EMBEDDINGS_TABLE,
                                 ["Base model parameter count", "$ / 1M input tokens"]),
        batch_share=Decimal(batch.group(1)) / 100 if batch else None,
        us_premium=Decimal(us_rule.group(1)) / 100 if us_rule else None,
        us_exception=us_exception.group(1).strip() if us_exception else None,
    )


def _model_rows(tree: LexborHTMLParser, url: str) -> list[ModelRow]:
    table = table_after_heading(tree, MODELS_TABLE, url)
    header, rows = table_rows(table)
    expect_header(header, ["Model", "Standard", "Priority"], MODELS_TABLE, url)
    return [_model_row(cells, url) for cells in rows]


def _model_row(cells: list[LexborNode], url: str) -> ModelRow:
    if len(cells) != 3:
        raise ParseError(f"{url}: a row of {MODELS_TABLE!r} has {len(cells)} cells, expected 3")
    label = node_text(cells[0])
    if not label:
        raise ParseError(f"{url}: a row of {MODELS_TABLE!r} has no model name")
    name, fast, region = _split_variant(label)
    return ModelRow(label, _model_id(cells[0], name), name, fast, region,
                    _cell(cells[1], label, "Standard", url), _cell(cells[2], label, "Priority", url))


def _split_variant(label: str) -> tuple[str, bool, str]:
    """"GLM 5.2 Fast US" -> ("GLM 5.2", fast, "us"): Fast and US rows are their own offerings."""
    words = label.split()
    region = "us" if words[-1] == "US" else "global"
    words = words[:-1] if region == "us" else words
    fast = words[-1] == "Fast"
    return " ".join(words[:-1] if fast else words), fast, region


def _model_id(cell: LexborNode, name: str) -> str:
    # Several rows (Kimi K3, Kimi K3 Fast, Kimi K3 US) link to one model page; the link
    # names the model, the row label names the offering.
    link = cell.css_first("a")
    href = (link.attributes.get("href") or "") if link else ""
    if "/models/" in href:
        return href.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _cell(node: LexborNode, label: str, column: str, url: str) -> Cell:
    text = node_text(node)
    if text == NOT_OFFERED:
        return Cell(text, offered=False)
    if text.lower() == "free":  # the page states the row costs nothing
        return Cell(text, Decimal(0), Decimal(0), Decimal(0))
    if not re.search(r"\d", text):  # no figure at all ("Contact us", "$—"): the cell states no price
        return Cell(text)
    parts = [p.strip() for p in text.split("/")]
    try:
        if len(parts) != 3:
            raise ValueError(f"{len(parts)} prices")
        return Cell(text, *(_price_part(p) for p in parts))
    except ValueError as exc:
        raise ParseError(f"{url}: {label!r} {column} cell {text!r} is not "
                         f"'input / cached input / output' ({exc})") from exc


def _price_part(part: str) -> Decimal | None:
    """"$0.30" -> 0.30; "$—" (a dollar sign and no amount) -> None: the page does not state it."""
    if re.fullmatch(r"\$\s*[—–-]", part):
        return None
    return parse_dollars(part)


def _size_classes(tree: LexborHTMLParser, url: str, heading: str, columns: list[str]) -> list[SizeClass]:
    header, rows = table_rows(table_after_heading(tree, heading, url))
    expect_header(header, columns, heading, url)
    classes = []
    for cells in rows:
        label, price = (node_text(c) for c in cells[:2]) if len(cells) >= 2 else ("", "")
        try:
            classes.append(parse_size_class(label, parse_dollars(price)))
        except ValueError as exc:
            raise ParseError(f"{url}: table {heading!r} row {label!r}: {exc}") from exc
    return classes
