"""Cells of the props and of the visible tables: their text, the model id of a row label, their Value.

Numbers are USD per 1M tokens; null (in the props) and "-" (on the visible table) are
not offered; "Free" is 0. Where a section prices in other units ("Prices per 1M tokens
unless noted"), a cell may read "$15.00 / 1M characters" or "$0.006 / minute": its unit
is kept as "USD per <unit>". Model ids are the page's labels in lower case ("Whisper"
is whisper); "gpt-5.5 (<272K context length)" is model gpt-5.5, limited to short context.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from core.errors import ParseError
from core.money import parse_dollars
from core.values import USD_PER_MTOK, Provenance, Value, not_offered, price
from scrapers._html import clean, node_text
from scrapers.openai.tables import Table

_MODEL = re.compile(r"(.+?)( \(<272K context length\))?")
_PRICE = re.compile(r"(\$[\d.,]+)(?: / (.+))?")


def cell_text(cell: Any) -> str:
    """A cell or heading as text: markup and tooltips reduced to what is shown."""
    if isinstance(cell, dict) and "__pricingHtml" in cell:
        return node_text(LexborHTMLParser(cell["__pricingHtml"]).body)
    if isinstance(cell, dict) and "__pricingTooltipHeading" in cell:
        return cell_text(cell["__pricingTooltipHeading"].get("label"))
    return clean(cell) if isinstance(cell, str) else repr(cell)


def model_of(label: Any, table: Table) -> tuple[str, bool]:
    """The model id of a row label, and whether the label limits it to short context."""
    text = cell_text(label)
    match = _MODEL.fullmatch(text)
    model = re.sub(r"\s+", "-", match.group(1).lower()) if match else ""  # "Whisper" -> whisper
    if not re.fullmatch(r"[a-z0-9][a-z0-9.\-]*", model):
        raise ParseError(f"{table.url}: {table.section!r} ({table.pane}): unexpected model label {text!r}")
    return model, bool(match.group(2))


def cell_value(cell: Any, source: Provenance, noted: bool = False, unit: str = USD_PER_MTOK) -> Value:
    """A cell: a number, "-"/null (not offered), "Free", "$x", or "$x / unit" where the section allows units."""
    if cell is None:  # the props write null where the visible table shows "-"
        return not_offered(replace(source, raw="null"), unit)
    if isinstance(cell, int | Decimal) and not isinstance(cell, bool):
        return price(Decimal(cell), source, unit)
    text = cell_text(cell)
    if text in ("-", "—"):
        return not_offered(replace(source, raw=text), unit)
    if text == "Free":
        return price(Decimal(0), replace(source, raw=text), unit)
    match = _PRICE.fullmatch(text)
    if not match or (match.group(2) and not noted):
        raise ParseError(f"{source.source}: {source.label}: {text!r} is not a price")
    return price(parse_dollars(match.group(1)), replace(source, raw=text),
                 f"USD per {match.group(2)}" if match.group(2) else unit)
