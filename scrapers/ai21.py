"""AI21 Labs: Jamba model prices from its pricing page.

Source: https://www.ai21.com/pricing (HTML). The foundation models are cards: a title
("Jamba Mini") and a footer with one price a line ("$0.2 / 1M input tokens", "$0.4 / 1M
output tokens"). Cards without such a footer are the plans (a free trial, Custom), not
models. A model's id is its title in lower case with hyphens ("jamba-mini", the names
AI21's API uses). The page states no cache prices and no context windows.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import node_text

PROVIDER = Provider("ai21", "AI21 Labs", "https://www.ai21.com")
PRICING_URL = "https://www.ai21.com/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=1)  # two Jamba models in 2026

_LINE = re.compile(r"(\$[\d.,]+) / 1M (input|output) tokens")


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per model card."""
    page = fetched.pages["pricing"][0]
    cards = [c for c in LexborHTMLParser(page.text()).css(".card") if _LINE.search(_footer(c))]
    if not cards:
        raise ParseError(f"{page.url}: no model card with a '$X / 1M input tokens' price found")
    return ScrapeResult([_offering(card, page.url) for card in cards], {PRICING_URL})


def _footer(card: LexborNode) -> str:
    footer = card.css_first(".card__footer")
    return "" if footer is None else node_text(footer)


def _offering(card: LexborNode, url: str) -> Offering:
    title = card.css_first(".card__title")
    if title is None:
        raise ParseError(f"{url}: a model card has no title")
    name = node_text(title)
    model_id = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    footer = _footer(card)
    stated = {kind: parse_dollars(amount) for amount, kind in _LINE.findall(footer)}
    if set(stated) != {"input", "output"}:
        raise ParseError(f"{url}: card {name!r}: {footer!r} does not give an input and an output price")
    source = Provenance(url, f"{name} card", raw=footer)
    values: dict[str, Value] = {f: unknown(source) for f in PRICE_FIELDS}
    values |= {kind: price(amount, source) for kind, amount in stated.items()}
    values |= {f: unknown(source, TOKENS) for f in ("context_window", "max_output_tokens")}
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, PRICING_URL)
