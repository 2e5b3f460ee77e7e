"""Avian: prices from its pricing page's model cards.

Source: https://www.avian.io/pricing (HTML). Each ``.av-model-card`` has a label ("DeepSeek
V4 Flash"), prices labelled Input, Output and Cache in USD per 1M tokens ("per M tokens"
in the card's footer), and "1M context · 384K max output". "Cache" is below input on
every card: the price of cached input (a cache hit), read as such. Context and max
output are rounded by the page ("384K"): kept as written in provenance, recorded as
unknown rather than guessed. The page gives no API ids: a model's id is its label in
lower case with hyphens, a footnote mark after it ("(1)", "*", "¹", <sup>) left out.
"Free" (any case) as a price is free, the word kept in provenance; a struck-through list
price beside the price charged (<del>, <s>, <strike>) is read as the price charged, the
list price kept as other:<field>_list_price.

Read strictly (the run fails): the model cards; without any card, or when no card can be
read, the run fails. Named and skipped, never guessed (scrapers/_partial.py): a card with an
unfamiliar price label, price cell or unit (its model is left unobserved, or added with unknown
values when new). The page has no other price table: nothing else is read.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import (
    ModelInfo,
    Offering,
    OfferingKey,
    Provider,
    ScrapeResult,
)
from core.values import TOKENS, Provenance, Value, unknown
from scrapers._base import Fetched, Source
from scrapers._html import charged_prices, dollars_or_free, node_text, without_marks
from scrapers._partial import Parts

PROVIDER = Provider("avian", "Avian", "https://www.avian.io")
PRICING_URL = "https://www.avian.io/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=5)  # 13 models in 2026

CARDS = "model cards"  # the page's one price table, as unread parts name it
LABELS = {"Input": "input", "Output": "output", "Cache": "cached_input"}
UNIT = "per M tokens"


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per model card; a card that cannot be read is named."""
    page = fetched.pages["pricing"][0]
    cards = LexborHTMLParser(page.text()).css(".av-model-card")
    if not cards:
        raise ParseError(f"{page.url}: no model cards (.av-model-card) found")
    parts, offerings = Parts(page.url), []
    for card in cards:
        name = _name(card)
        with parts.row(CARDS, name or "(no label)", _model_id(name) if name else None):
            offerings.append(_offering(card, name, page.url))
    if not offerings:
        raise ParseError(f"{page.url}: no model card could be read ({parts.unread[0].reason})")
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, unread=parts.unread)


def _name(card: LexborNode) -> str | None:
    """The card's label, without a footnote mark ("GLM-5¹", "GLM-5 <sup>1</sup>")."""
    label = card.css_first(".av-model-label")
    if label is None:
        return None
    return without_marks(label) or None


def _model_id(name: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")


def _offering(card: LexborNode, name: str | None, url: str) -> Offering:
    if name is None:
        raise ParseError(f"{url}: a model card has no .av-model-label")
    meta = _text(card, ".av-model-meta", url, name)
    if not meta.endswith(UNIT):
        raise ParseError(f"{url}: card {name!r}: {meta!r} does not end in {UNIT!r}; the prices' unit changed")
    model_id = _model_id(name)
    values: dict[str, Value] = {f: unknown(Provenance(url, name))
                                for f in ("input", "output", "cached_input", "cache_write")}
    for box in card.css(".av-mp"):
        label, cell = _text(box, ".av-mp-label", url, name), box.css_first(".av-mp-val")
        if label not in LABELS:
            raise ParseError(f"{url}: card {name!r}: unknown price {label!r} ({node_text(box)})")
        if cell is None:
            raise ParseError(f"{url}: card {name!r}: no .av-mp-val in its {label} price")
        values |= charged_prices(LABELS[label], cell, f"{name} · {label}", url, dollars_or_free)
    rounded = Provenance(url, f"{name} · limits", raw=meta)  # "1M context · 384K max output": not exact
    values |= {"context_window": unknown(rounded, TOKENS), "max_output_tokens": unknown(rounded, TOKENS)}
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, PRICING_URL)


def _text(node: LexborNode, selector: str, url: str, where: str) -> str:
    found = node.css_first(selector)
    if found is None:
        raise ParseError(f"{url}: {where}: no {selector} in its card")
    return node_text(found)


