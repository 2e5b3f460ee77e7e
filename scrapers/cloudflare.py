"""Cloudflare Workers AI: prices from its pricing docs page.

Source: https://developers.cloudflare.com/workers-ai/platform/pricing/ (HTML). Five tables
(LLM, Embeddings, Image, Audio, Other model pricing), each Model | Price in Tokens | Price
in Neurons. The "Price in Tokens" cell lists one price a line, "$0.027 per M input tokens":
per M input / cached input / output tokens go to the token fields; every other unit
("per 512x512 tile", "per step", "per audio minute", "per 1k characters input", ...) is
kept in ``other_prices`` in that unit, as written. The Neurons column is the same price
in Cloudflare's own unit ($0.011 per 1,000 Neurons, 10,000 free a day): not stored again.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import node_text, rows_under

PROVIDER = Provider("cloudflare", "Cloudflare Workers AI", "https://developers.cloudflare.com/workers-ai/")
PRICING_URL = "https://developers.cloudflare.com/workers-ai/platform/pricing/"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=20)  # 64 models in August 2026

TABLES = ("LLM model pricing", "Embeddings model pricing", "Image model pricing", "Audio model pricing",
          "Other model pricing")
COLUMNS = ["Model", "Price in Tokens", "Price in Neurons"]
TOKEN_UNITS = {"M input tokens": "input", "M cached input tokens": "cached_input", "M output tokens": "output"}
_PART = re.compile(r"^(\$[\d.,]+) per (.+)$")


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per table row."""
    page = fetched.pages["pricing"][0]
    tree = LexborHTMLParser(page.text())
    offerings = [_offering(cells, title, page.url) for title in TABLES
                 for cells in rows_under(tree, title, COLUMNS, page.url)]
    return ScrapeResult(offerings, {PRICING_URL})


def _offering(cells: list[LexborNode], title: str, url: str) -> Offering:
    model_id = node_text(cells[0])
    values: dict[str, Value] = {f: unknown(Provenance(url, f"{title} · {model_id}")) for f in PRICE_FIELDS}
    values |= {f: unknown(Provenance(url, model_id), TOKENS) for f in ("context_window", "max_output_tokens")}
    for part in _lines(cells[1]):
        values |= _price(part, Provenance(url, f"{title} · {model_id}", raw=part))
    return Offering(OfferingKey(model_id), ModelInfo(model_id, model_id), values, PRICING_URL)


def _lines(cell: LexborNode) -> list[str]:
    """The cell's prices, one a line (they are separated by <br>)."""
    return [" ".join(line.split()) for line in cell.text(separator="\n").split("\n") if line.strip()]


def _price(part: str, source: Provenance) -> dict[str, Value]:
    match = _PART.match(part)
    if not match:
        raise ParseError(f"{source.source}: {source.label}: {part!r} is not '$<amount> per <unit>'")
    amount, unit = parse_dollars(match.group(1)), match.group(2)
    unit = re.sub(r"^(M .*token)$", r"\1s", unit)  # the page writes "M output token" in places
    if unit in TOKEN_UNITS:
        return {TOKEN_UNITS[unit]: price(amount, source)}
    # Another unit: kept as written, under a key made from it ("per 512x512 tile" -> 512x512_tile).
    key = re.sub(r"[^a-z0-9]+", "_", unit.lower()).strip("_")
    return {OTHER_PREFIX + key: price(amount, source, f"USD per {unit}")}
