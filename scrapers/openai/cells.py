"""Cells of the props and of the visible tables: their text, the model id of a row label, their Value.

Numbers are USD per 1M tokens; null (in the props) and "-" (on the visible table) are
not offered; "Free" (as scrapers/_words.py says, alone or "Free / <unit>") is 0, its text kept as written. Where a
section prices in other units ("Prices per 1M tokens unless noted"), a cell may read "$15.00 / 1M
characters" or "$0.006 / minute": its unit is kept as "USD per <unit>". A struck-through list
price beside the price charged (``<del>$5.00</del> $4.00``, in a cell's HTML) is not the price
charged: ``list_price`` reads it. Model ids are the page's labels in lower case ("Whisper" is
whisper), without a footnote mark ("gpt-5.5*", "gpt-5.5¹", "gpt-5.5 (1)", ``<sup>1</sup>``);
"gpt-5.5 (<272K context length)" is model gpt-5.5, limited to short context.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.money import parse_dollars
from core.values import USD_PER_MTOK, Provenance, Value, not_offered, price
from scrapers._html import charged_and_listed, clean, node_text
from scrapers._words import MARK, is_free
from scrapers.openai.tables import Table

_FOOTNOTE = rf"(?:\s*{MARK})*"  # "(1)", "[2]", "*", "¹": marks may sit before the "(<272K context length)" too
_MODEL = re.compile(rf"(.+?){_FOOTNOTE}( \(<272K context length\))?{_FOOTNOTE}")
_PRICE = re.compile(r"(\$[\d.,]+)(?: / (.+))?")


def cell_text(cell: Any) -> str:
    """A cell or heading as text: markup and tooltips reduced to what is shown."""
    if isinstance(cell, LexborNode):
        return node_text(cell)
    if isinstance(cell, dict) and "__pricingHtml" in cell:
        return node_text(LexborHTMLParser(cell["__pricingHtml"]).body)
    if isinstance(cell, dict) and "__pricingTooltipHeading" in cell:
        return cell_text(cell["__pricingTooltipHeading"].get("label"))
    return clean(cell) if isinstance(cell, str) else repr(cell)


def _charged_and_listed(cell: Any) -> tuple[str, str | None]:
    """A cell's text without its struck-through parts, and those parts (None when nothing is struck)."""
    if isinstance(cell, dict) and "__pricingHtml" in cell:
        cell = LexborHTMLParser(f"<div>{cell['__pricingHtml']}</div>").css_first("div")
    return charged_and_listed(cell) if isinstance(cell, LexborNode) else (cell_text(cell), None)


def model_of(label: Any, table: Table) -> tuple[str, bool]:
    """The model id of a row label, and whether the label limits it to short context."""
    if not isinstance(label, str | dict):  # a number or no cell at all names no model
        raise ParseError(f"{table.url}: {table.section!r} ({table.pane}): unexpected model label {label!r}")
    if isinstance(label, dict) and "__pricingHtml" in label:  # a <sup> footnote is no part of the id
        label = {"__pricingHtml": re.sub(r"<sup>.*?</sup>", "", label["__pricingHtml"])}
    text = cell_text(label)
    match = _MODEL.fullmatch(text)
    model = re.sub(r"\s+", "-", match.group(1).lower()) if match else ""  # "Whisper" -> whisper
    if not re.fullmatch(r"[a-z0-9][a-z0-9.\-]*", model):
        raise ParseError(f"{table.url}: {table.section!r} ({table.pane}): unexpected model label {text!r}")
    return model, bool(match.group(2))


def cell_value(cell: Any, source: Provenance, noted: bool = False, unit: str = USD_PER_MTOK) -> Value:
    """A cell: a number, "-"/null (not offered), "Free", "$x", or "$x / unit" where the section allows units;
    of a cell with a struck-through list price, the price charged."""
    if cell is None:  # the props write null where the visible table shows "-"
        return not_offered(replace(source, raw="null"), unit)
    if isinstance(cell, int | Decimal) and not isinstance(cell, bool):
        return price(Decimal(cell), source, unit)
    return _text_value(_charged_and_listed(cell)[0], source, noted, unit)


def list_price(cell: Any, source: Provenance, noted: bool = False, unit: str = USD_PER_MTOK) -> Value | None:
    """The struck-through list price beside a cell's price charged, in the charged price's unit; None without one."""
    listed = _charged_and_listed(cell)[1] if cell is not None and not isinstance(cell, int | Decimal) else None
    if listed is None:
        return None
    value = _text_value(listed, replace(source, label=f"{source.label} (list price)"), noted, unit)
    charged = cell_value(cell, source, noted, unit)
    if not value.has_amount or "$" not in listed or value.unit != charged.unit:
        raise ParseError(f"{source.source}: {source.label}: struck-through {listed!r} is not a list price")
    return value


def _text_value(text: str, source: Provenance, noted: bool, unit: str) -> Value:
    if text in ("-", "—"):
        return not_offered(replace(source, raw=text), unit)
    head, _, per = text.partition(" / ")
    if is_free(head) and "$" not in per:  # "Free", "free", "FREE / minute": stated free, the words kept
        if per and not noted:
            raise ParseError(f"{source.source}: {source.label}: {text!r} is not a price")
        return price(Decimal(0), replace(source, raw=text), f"USD per {per}" if per else unit)
    match = _PRICE.fullmatch(text)
    if not match or (match.group(2) and not noted):
        raise ParseError(f"{source.source}: {source.label}: {text!r} is not a price")
    return price(parse_dollars(match.group(1)), replace(source, raw=text),
                 f"USD per {match.group(2)}" if match.group(2) else unit)
