"""Avian: prices from its pricing page's model cards.

Source: https://www.avian.io/pricing (HTML). Each ``.av-model-card`` has a label ("DeepSeek
V4 Flash"), prices labelled Input, Output and Cache in USD per 1M tokens ("per M tokens"
in the card's footer), and "1M context · 384K max output". "Cache" is below input on
every card: the price of cached input (a cache hit), read as such. Context and max
output are rounded by the page ("384K"): kept as written in provenance, recorded as
unknown rather than guessed. The page gives no API ids: a model's id is its label in
lower case with hyphens.
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
from scrapers._html import node_text

PROVIDER = Provider("avian", "Avian", "https://www.avian.io")
PRICING_URL = "https://www.avian.io/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=5)  # 13 models in 2026

LABELS = {"Input": "input", "Output": "output", "Cache": "cached_input"}
UNIT = "per M tokens"


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per model card."""
    page = fetched.pages["pricing"][0]
    cards = LexborHTMLParser(page.text()).css(".av-model-card")
    if not cards:
        raise ParseError(f"{page.url}: no model cards (.av-model-card) found")
    return ScrapeResult([_offering(card, page.url) for card in cards], {PRICING_URL})


def _offering(card: LexborNode, url: str) -> Offering:
    name = _text(card, ".av-model-label", url, "a model card")
    meta = _text(card, ".av-model-meta", url, name)
    if not meta.endswith(UNIT):
        raise ParseError(f"{url}: card {name!r}: {meta!r} does not end in {UNIT!r}; the prices' unit changed")
    model_id = re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")
    values: dict[str, Value] = {"input": unknown(Provenance(url, name)), "output": unknown(Provenance(url, name)),
                                "cached_input": unknown(Provenance(url, name)),
                                "cache_write": unknown(Provenance(url, name))}
    for box in card.css(".av-mp"):
        label, written = _text(box, ".av-mp-label", url, name), _text(box, ".av-mp-val", url, name)
        if label not in LABELS:
            raise ParseError(f"{url}: card {name!r}: unknown price {label!r} ({written})")
        values[LABELS[label]] = _price(written, Provenance(url, f"{name} · {label}", raw=written))
    rounded = Provenance(url, f"{name} · limits", raw=meta)  # "1M context · 384K max output": not exact
    values |= {"context_window": unknown(rounded, TOKENS), "max_output_tokens": unknown(rounded, TOKENS)}
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, PRICING_URL)


def _text(node: LexborNode, selector: str, url: str, where: str) -> str:
    found = node.css_first(selector)
    if found is None:
        raise ParseError(f"{url}: {where}: no {selector} in its card")
    return node_text(found)


def _price(written: str, source: Provenance) -> Value:
    try:
        return price(parse_dollars(written), source)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {exc}") from exc
