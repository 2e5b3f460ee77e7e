"""Z.ai (Zhipu): GLM prices from its pricing docs page.

Source: https://docs.z.ai/guides/overview/pricing (HTML; "All prices are in USD", token
tables "per 1M tokens"). The Text Models and Vision Models tables: Model | Input | Cached
Input | Cached Input Storage | Output. "Free" and "Limited-time Free" are free (the words
kept in provenance); "-" and "\\" state nothing (unknown). Cached-input storage is priced
in a unit the table does not give: kept apart in ``other_prices`` (``cached_input_storage``).
The image, video, audio, tool and agent tables price per image, video, use or other
units without always naming them: not read yet, and each run says so in a warning.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, USD_PER_MTOK, Provenance, Value, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import node_text, rows_under

PROVIDER = Provider("zai", "Z.ai", "https://z.ai")
PRICING_URL = "https://docs.z.ai/guides/overview/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=8)  # 21 text and vision models in 2026

TABLES = ("Text Models", "Vision Models")
COLUMNS = ["Model", "Input", "Cached Input", "Cached Input Storage", "Output"]
FIELDS = ("input", "cached_input", OTHER_PREFIX + "cached_input_storage", "output")
STORAGE_UNIT = "USD per cached-input storage unit (as given)"
NOT_READ = ("Built-in Tools", "Image Generation Models", "Video Generation Models", "Audio Models", "Agents")
NOTHING = ("-", "\\")


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per row of the text and vision tables."""
    page = fetched.pages["pricing"][0]
    tree = LexborHTMLParser(page.text())
    offerings = []
    for title in TABLES:
        offerings += [_offering(cells, title, page.url) for cells in rows_under(tree, title, COLUMNS, page.url)]
    warnings = [f"prices in other units not read yet: the tables {', '.join(NOT_READ)}"]
    return ScrapeResult(offerings, {PRICING_URL}, warnings)


def _offering(cells: list[LexborNode], title: str, url: str) -> Offering:
    name = node_text(cells[0])
    model_id = name.lower()  # the API's model names are the table's, in lower case ("glm-4.7")
    values: dict[str, Value] = {"cache_write": unknown(Provenance(url, f"{title} · {name}"))}
    for field, cell in zip(FIELDS, cells[1:], strict=True):
        written = node_text(cell)
        unit = STORAGE_UNIT if field.startswith(OTHER_PREFIX) else USD_PER_MTOK
        values[field] = _price(written, Provenance(url, f"{title} · {name} · {field}", raw=written), unit)
    values |= {f: unknown(Provenance(url, name), TOKENS) for f in ("context_window", "max_output_tokens")}
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, PRICING_URL)


def _price(written: str, source: Provenance, unit: str) -> Value:
    if written in NOTHING:
        return unknown(source, unit)
    if written in ("Free", "Limited-time Free"):  # free now; "Limited-time" stays in provenance
        return price(parse_dollars("$0"), source, unit)
    try:
        return price(parse_dollars(written), source, unit)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {written!r} is not a price") from exc
