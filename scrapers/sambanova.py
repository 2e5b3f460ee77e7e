"""SambaNova Cloud: prices from its pricing page.

Source: https://cloud.sambanova.ai/pricing (HTML). One table: Model | Cached Input Tokens |
Input (per 1M tokens) | Output (per 1M tokens), prices written "0.60 USD". The model
column holds the API's model ids ("Meta-Llama-3.3-70B-Instruct"). "N/A" in the cached
column: the model has no cached-input price (not offered). The cached column's header
names no unit: it sits between two per-1M columns and is read in the same unit.
"""

from __future__ import annotations

import re
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, not_offered, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import node_text, rows_of_only_table

PROVIDER = Provider("sambanova", "SambaNova", "https://sambanova.ai")
PRICING_URL = "https://cloud.sambanova.ai/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=3)  # 7 models in 2026

COLUMNS = ["Model", "Cached Input Tokens", "Input (per 1M tokens)", "Output (per 1M tokens)"]
FIELDS = ("cached_input", "input", "output")
_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?) USD$")


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per table row."""
    page = fetched.pages["pricing"][0]
    rows = rows_of_only_table(LexborHTMLParser(page.text()), COLUMNS, "price", page.url)
    return ScrapeResult([_offering(cells, page.url) for cells in rows], {PRICING_URL})


def _offering(cells: list[LexborNode], url: str) -> Offering:
    model_id = node_text(cells[0])
    values: dict[str, Value] = {"cache_write": unknown(Provenance(url, model_id))}
    for field, cell in zip(FIELDS, cells[1:], strict=True):
        values[field] = _price(node_text(cell), Provenance(url, f"{model_id} · {field}", raw=node_text(cell)))
    values |= {f: unknown(Provenance(url, model_id), TOKENS) for f in ("context_window", "max_output_tokens")}
    return Offering(OfferingKey(model_id), ModelInfo(model_id, model_id), values, PRICING_URL)


def _price(text: str, source: Provenance) -> Value:
    if text == "N/A":  # no such price for this model
        return not_offered(source)
    match = _AMOUNT.match(text)
    if not match:
        raise ParseError(f"{source.source}: {source.label}: {text!r} is not 'N/A' or '<amount> USD'")
    return price(Decimal(match.group(1)), source)
