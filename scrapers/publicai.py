"""Public AI Inference Utility: prices from its model catalogue page.

Source: https://platform.publicai.co/models (HTML). One table: Model ID | Context Length |
Pricing | Country of Origin. A price cell is "$0.10 / $0.20 per 1M tokens" (input /
output, as the page says under the table). Context lengths are rounded by the page
("262K", "65K"): not exact token counts, so they are kept as written in provenance and
the context window is recorded as unknown rather than guessed.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import node_text, rows_of_only_table

PROVIDER = Provider("publicai", "Public AI", "https://publicai.co")
MODELS_URL = "https://platform.publicai.co/models"
SOURCES = (Source("models", MODELS_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=4)  # 11 models in July 2026

COLUMNS = ["Model ID", "Context Length", "Pricing", "Country of Origin"]
_PRICES = re.compile(r"^(\$[\d.,]+) / (\$[\d.,]+) ?per 1M tokens$")


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per catalogue row."""
    page = fetched.pages["models"][0]
    rows = rows_of_only_table(LexborHTMLParser(page.text()), COLUMNS, "model catalogue", page.url)
    return ScrapeResult([_offering(cells, page.url) for cells in rows], {MODELS_URL})


def _offering(cells: list[LexborNode], url: str) -> Offering:
    link = cells[0].css_first("a")
    if link is None:
        raise ParseError(f"{url}: catalogue row {node_text(cells[0])!r} has no model id link")
    model_id, written = node_text(link), node_text(cells[2])
    values = _prices(written, Provenance(url, f"{model_id} · Pricing", raw=written))
    # "262K" is rounded by the page (262,144? 262,000?): kept as written, the exact count unknown.
    context = Provenance(url, f"{model_id} · Context Length", raw=node_text(cells[1]))
    values |= {"context_window": unknown(context, TOKENS),
               "max_output_tokens": unknown(Provenance(url, model_id), TOKENS)}
    return Offering(OfferingKey(model_id), ModelInfo(model_id, model_id), values, MODELS_URL)


def _prices(text: str, source: Provenance) -> dict[str, Value]:
    match = _PRICES.match(text)
    if not match:
        raise ParseError(f"{source.source}: {source.label}: {text!r} is not '$in / $out per 1M tokens'")
    stated = {"input": price(parse_dollars(match.group(1)), source),
              "output": price(parse_dollars(match.group(2)), source)}
    return stated | {f: unknown(source) for f in ("cached_input", "cache_write")}
