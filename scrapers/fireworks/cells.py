"""A row of the "Text and vision models" table: its label, the model it links to, its variant, its two price cells.

A cell is "input / cached input / output" in USD per 1M tokens; "—" where a tier is not offered; "Free"
(any case, the whole cell or one of its three prices) is free, the word kept in provenance; words with no
figure ("Contact us") and "$—" state no price (unknown). A struck-through list price beside the price
charged (``<del>$3.00</del> $1.50`` in one place, or the whole struck-through triple before the one
charged) is read as the price charged, the list price kept apart. A footnote mark after a label ("(1)",
"*", "¹", <sup>) is not part of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.money import parse_dollars
from scrapers import _words
from scrapers._html import STRUCK, charged_and_listed, node_text, without_marks

FIELDS = ("input", "cached_input", "output")
NOT_OFFERED = "—"
# "Free" as in scrapers/_words.py, but never with a digit ("Free (1)"): a figure in a cell here is a price
FREE = re.compile(rf"(?!\D*\d){_words.FREE.pattern}")


@dataclass(frozen=True)
class Cell:
    """One Standard or Priority cell as written (its struck-through parts left out): "input / cached input /
    output", "—" (not offered), "Free", or words with no price ("Contact us"). A price the cell does not
    give (such words, or a part reading "$—") is None: unknown, never a guess."""

    text: str
    input: Decimal | None = None
    cached_input: Decimal | None = None
    output: Decimal | None = None
    offered: bool = True
    listed: tuple[tuple[str, Decimal], ...] = ()  # (field, list price) struck through beside the price charged

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


def row_label(cells: list[LexborNode]) -> str:
    """The row's first cell as written, without footnote marks ("" when it has none)."""
    return without_marks(cells[0]) if cells else ""


def row_model(cells: list[LexborNode], label: str) -> str | None:
    """The model a row prices, from its link, else from its name; None when the row names none."""
    # Several rows (Kimi K3, Kimi K3 Fast, Kimi K3 US) link to one model page; the link
    # names the model, the row label names the offering.
    link = cells[0].css_first("a") if cells else None
    href = (link.attributes.get("href") or "") if link else ""
    if "/models/" in href:
        return href.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"[^a-z0-9]+", "-", split_variant(label)[0].lower()).strip("-") or None


def split_variant(label: str) -> tuple[str, bool, str]:
    """"GLM 5.2 Fast US" -> ("GLM 5.2", fast, "us"): Fast and US rows are their own offerings."""
    words = label.split() or [""]
    region = "us" if words[-1] == "US" else "global"
    words = words[:-1] if region == "us" else words
    fast = bool(words) and words[-1] == "Fast"
    return " ".join(words[:-1] if fast else words), fast, region


def model_row(cells: list[LexborNode], label: str, table: str, url: str) -> ModelRow:
    if len(cells) != 3:
        raise ParseError(f"{url}: a row of {table!r} has {len(cells)} cells, expected 3")
    if not label:
        raise ParseError(f"{url}: a row of {table!r} has no model name")
    name, fast, region = split_variant(label)
    row = ModelRow(label, row_model(cells, label), name, fast, region,
                   _cell(cells[1], label, "Standard", url), _cell(cells[2], label, "Priority", url))
    # A Fast row's "—" says nothing: the Fast path has no Priority variant to be absent.
    if fast and row.priority.offered:
        raise ParseError(f"{url}: Fast row {label!r} has a Priority price; no such tier is known")
    return row


def _cell(node: LexborNode, label: str, column: str, url: str) -> Cell:
    text, listed = charged_and_listed(node)
    if text == NOT_OFFERED and listed is None:
        return Cell(text, offered=False)
    if FREE.fullmatch(text) and listed is None:  # the page states the row costs nothing
        return Cell(text, Decimal(0), Decimal(0), Decimal(0))
    if not re.search(r"\d", text) and listed is None:  # no figure at all ("Contact us", "$—"): no price stated
        return Cell(text)
    try:
        places = _places(node, text, listed)
        charged = [_price_part(charged) for charged, _ in places]
        struck = tuple((f, parse_dollars(written)) for f, (_, written) in zip(FIELDS, places, strict=True) if written)
    except ValueError as exc:
        raise ParseError(f"{url}: {label!r} {column} cell {text!r} is not "
                         f"'input / cached input / output' ({exc})") from exc
    return Cell(text, *charged, listed=struck)


def _places(node: LexborNode, text: str, listed: str | None) -> list[tuple[str, str | None]]:
    """The cell's three prices, each as (charged, the list price struck through beside it or None)."""
    charged = [p.strip() for p in text.split("/")]
    if listed is None:
        places = [(p, None) for p in charged]
    elif len(struck := [p.strip() for p in listed.split("/")]) == 3:  # the whole triple struck through
        places = list(zip(charged, struck)) if len(charged) == 3 else []
    else:  # struck through in place: its place says which price it lists
        places = [(m[2], m[1]) for m in (re.fullmatch(r"\s*(?:~~(.+?)~~)?\s*(.*?)\s*", p)
                                          for p in _marked(node).split("/"))]
    if len(places) != 3:
        raise ValueError(f"{len(charged)} prices")
    return places


def _marked(node: LexborNode) -> str:
    """The cell's text with its struck-through parts written ~~so~~ (the page's tree stays untouched)."""
    copy = LexborHTMLParser(f"<div>{node.html}</div>").css_first("div")
    for part in copy.css(STRUCK):
        part.replace_with(f"~~{node_text(part)}~~")
    return node_text(copy)


def _price_part(part: str) -> Decimal | None:
    """"$0.30" -> 0.30; "Free" -> 0; "$—" (a dollar sign and no amount) -> None: the page does not state it."""
    if re.fullmatch(r"\$\s*[—–-]", part):
        return None
    if FREE.fullmatch(part):
        return Decimal(0)
    return parse_dollars(part)
