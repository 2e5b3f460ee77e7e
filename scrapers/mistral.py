"""Mistral AI: prices from its pricing docs page.

Source: https://docs.mistral.ai/inference/pricing (HTML). Five tables (Flagship models,
Specialized models, Third-party hosted, Code models, Labs), each found by its heading, each Model |
Input | Cached input | Output. A plain "$0.5" is USD per 1M tokens, Mistral's unit for token prices;
a price marked with another unit ("$4 /1000 Pages", "$0.003 /Min", "$16 /M Chars") is kept in that
unit in ``other_prices``, never as a token price; "Free" (any case) is free, the word kept in
provenance; "—" is not offered. A struck-through list price beside the price charged (<del>, <s>,
<strike>) is read as the price charged, the list price kept as other:<field>_list_price. Each
model's id is its link on the page (``/models/<id>``); footnote marks after a name ("(1)", "*",
"¹", <sup>) are not part of it. The page states no context windows.

Read strictly: the Flagship models table (the catalogue); without it, or with other columns, the
run fails. Named and skipped, never guessed (scrapers/_partial.py): each other table, when it is
missing or its columns change (nothing on the page is delisted that run); a row with an unfamiliar
cell, a cell count other than four or no /models/ link (its model, when the link names it, is left
unobserved). A table under another heading is not looked for.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import MAIN_FIELDS, OTHER_PREFIX, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, USD_PER_MTOK, Provenance, Value, not_offered, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import charged_and_listed, node_text, rows_under
from scrapers._partial import Parts
from scrapers._words import is_free, without_marks_text

PROVIDER = Provider("mistral", "Mistral AI", "https://mistral.ai")
PRICING_URL = "https://docs.mistral.ai/inference/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "2"
# 15 models in 2026. The page writes an explicit "$0" for a free part (Voxtral TTS input).
GUARD = GuardPolicy(min_offerings=8, zero_means_free=True)

MAIN = "Flagship models"  # the catalogue: its loss fails the run
TABLES = (MAIN, "Specialized models", "Third-party hosted", "Code models", "Labs")
COLUMNS = ["Model", "Input", "Cached input", "Output"]
FIELDS = ("input", "cached_input", "output")
# Units written after a price, and how they are kept: (key suffix, unit).
OTHER_UNITS = {"/1000 Pages": ("1000_pages", "USD per 1000 pages"),
               "/Min": ("audio_minute", "USD per minute of audio"),
               "/M Chars": ("1m_characters", "USD per 1M characters")}
NOT_OFFERED = "—"


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per table row; a secondary table or a row not read is named."""
    page = fetched.pages["pricing"][0]
    tree, parts = LexborHTMLParser(page.text()), Parts(page.url)
    offerings = _table(tree, MAIN, parts)
    for title in TABLES[1:]:
        with parts.table(title):
            offerings += _table(tree, title, parts)
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, unread=parts.unread)


def _table(tree: LexborHTMLParser, title: str, parts: Parts) -> list[Offering]:
    offerings = []
    for cells in rows_under(tree, title, COLUMNS, parts.url):
        with parts.row(title, _name(cells), _model_id(cells)):
            offerings.append(_offering(cells, title, parts.url))
    return offerings


def _name(cells: list[LexborNode]) -> str:
    """The model's name as shown, without the link arrow or footnote marks ("Mistral Large 3 (1) ↗")."""
    if not cells:
        return "(empty row)"
    text = node_text(cells[0]).replace("↗", "").strip()
    for sup in reversed(cells[0].css("sup")):  # a footnote mark in <sup>: not part of the name
        text = text.removesuffix(node_text(sup)).rstrip()
    return without_marks_text(text)


def _model_id(cells: list[LexborNode]) -> str | None:
    link = cells[0].css_first("a") if cells else None
    href = (link.attributes.get("href") or "") if link is not None else ""
    return href.removeprefix("/models/") if href.startswith("/models/") and len(href) > len("/models/") else None


def _offering(cells: list[LexborNode], title: str, url: str) -> Offering:
    name, model_id = _name(cells), _model_id(cells)
    if model_id is None:
        raise ParseError(f"{url}: table {title!r}: row {name!r} has no /models/ link")
    if len(cells) != len(COLUMNS):
        raise ParseError(f"{url}: table {title!r}: row {name!r} has {len(cells)} cells, expected {len(COLUMNS)}")
    values: dict[str, Value] = {f: unknown(Provenance(url, f"{name} · {title}")) for f in MAIN_FIELDS}
    values |= {"context_window": unknown(Provenance(url, name), TOKENS),
               "max_output_tokens": unknown(Provenance(url, name), TOKENS)}
    for field, cell in zip(FIELDS, cells[1:], strict=True):
        values |= _charged_and_listed(field, cell, f"{name} · {title} · {field}", url)
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, PRICING_URL)


def _charged_and_listed(field: str, cell: LexborNode, label: str, url: str) -> dict[str, Value]:
    """The price charged, and a struck-through list price beside it as other:<field>_list_price."""
    written, listed = charged_and_listed(cell)  # "<del>$1</del> $0.5"
    values = _cell(field, written, Provenance(url, label, raw=written))
    if listed is None:
        return values
    unit = next((w for w in OTHER_UNITS if written.endswith(w) and not listed.endswith(w)), "")
    listed_values = _cell(field, f"{listed} {unit}".strip(), Provenance(url, f"{label} (list price)", raw=listed))
    if listed_values.keys() != values.keys():  # "<del>$4 /Min</del> $2 /1000 Pages": not one price
        raise ParseError(f"{url}: {label}: list price {listed!r} is not in the unit of {written!r}")
    return values | {f"{OTHER_PREFIX}{k.removeprefix(OTHER_PREFIX)}_list_price": v for k, v in listed_values.items()}


def _cell(field: str, text: str, source: Provenance) -> dict[str, Value]:
    if text == NOT_OFFERED:
        return {field: not_offered(source)}
    if is_free(text):  # "Free", "free*": free, the word kept in provenance
        return {field: price(parse_dollars("$0"), source)}
    for written, (suffix, unit) in OTHER_UNITS.items():
        if text.endswith(written):  # kept in its own unit; the token price stays unknown
            return {OTHER_PREFIX + f"{field}_{suffix}": _price(text.removesuffix(written), source, unit)}
    return {field: _price(text, source, USD_PER_MTOK)}


def _price(text: str, source: Provenance, unit: str) -> Value:
    try:
        return price(parse_dollars(re.sub(r"\s+", "", text)), source, unit)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: cell {source.raw!r} is not a price ({exc})") from exc
