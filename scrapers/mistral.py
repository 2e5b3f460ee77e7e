"""Mistral AI: prices from its pricing docs page.

Source: https://docs.mistral.ai/inference/pricing (HTML). Five tables (Flagship models,
Specialized models, Third-party hosted, Code models, Labs), each Model | Input | Cached
input | Output. A plain "$0.5" is USD per 1M tokens, Mistral's unit for token prices; a
price marked with another unit ("$4 /1000 Pages", "$0.003 /Min", "$16 /M Chars") is kept
in that unit in ``other_prices``, never as a token price; "Free" is free; "—" is not
offered. Each model's id is its link on the page (``/models/<id>``). The page states no
context windows.
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
from scrapers._html import node_text, rows_under

PROVIDER = Provider("mistral", "Mistral AI", "https://mistral.ai")
PRICING_URL = "https://docs.mistral.ai/inference/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
# 15 models in 2026. The page writes an explicit "$0" for a free part (Voxtral TTS input).
GUARD = GuardPolicy(min_offerings=8, zero_means_free=True)

TABLES = ("Flagship models", "Specialized models", "Third-party hosted", "Code models", "Labs")
COLUMNS = ["Model", "Input", "Cached input", "Output"]
FIELDS = ("input", "cached_input", "output")
# Units written after a price, and how they are kept: (key suffix, unit).
OTHER_UNITS = {"/1000 Pages": ("1000_pages", "USD per 1000 pages"),
               "/Min": ("audio_minute", "USD per minute of audio"),
               "/M Chars": ("1m_characters", "USD per 1M characters")}
NOT_OFFERED = "—"


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per table row."""
    page = fetched.pages["pricing"][0]
    tree = LexborHTMLParser(page.text())
    offerings = []
    for title in TABLES:
        offerings += [_offering(cells, title, page.url) for cells in rows_under(tree, title, COLUMNS, page.url)]
    return ScrapeResult(offerings, {PRICING_URL})


def _offering(cells: list[LexborNode], title: str, url: str) -> Offering:
    link = cells[0].css_first("a")
    href = link.attributes.get("href") or "" if link is not None else ""
    if not href.startswith("/models/"):
        raise ParseError(f"{url}: table {title!r}: row {node_text(cells[0])!r} has no /models/ link")
    model_id, name = href.removeprefix("/models/"), node_text(cells[0]).removesuffix("↗").strip()
    values: dict[str, Value] = {f: unknown(Provenance(url, f"{name} · {title}")) for f in MAIN_FIELDS}
    values |= {"context_window": unknown(Provenance(url, name), TOKENS),
               "max_output_tokens": unknown(Provenance(url, name), TOKENS)}
    for field, cell in zip(FIELDS, cells[1:], strict=True):
        values |= _cell(field, node_text(cell), Provenance(url, f"{name} · {title} · {field}", raw=node_text(cell)))
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, PRICING_URL)


def _cell(field: str, text: str, source: Provenance) -> dict[str, Value]:
    if text == NOT_OFFERED:
        return {field: not_offered(source)}
    if text == "Free":
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
