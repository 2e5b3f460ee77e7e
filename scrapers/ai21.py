"""AI21 Labs: Jamba model prices from its pricing page.

Source: https://www.ai21.com/pricing (HTML). The foundation models are cards: a title
("Jamba Mini") and a footer with one price a line ("$0.2 / 1M input tokens", "$0.4 / 1M
output tokens"). A card is a ``.card`` with a ``.card__footer``; the plans (Pay As You Go, a
free trial, Custom) are other boxes, not models. A model's id is its title in lower case
with hyphens ("jamba-mini", the names AI21's API uses), a footnote mark after the title
("(1)", "*", "¹", <sup>) left out. "Free" (as scrapers/_words.py says) in place of an amount is
free, the word kept in provenance; a footer reading only "Free" makes input and output free. A struck-through
list price beside the price charged (<del>, <s>, <strike>) is read as the price charged, the
list price kept as other:<field>_list_price. The page states no cache prices and no context
windows.

Read strictly (the run fails): the model cards; without a card that can be read, the run
fails. Named and skipped, never guessed (scrapers/_partial.py): a card whose footer has a line
of an unfamiliar shape (another unit, another token kind) or lacks the input or output price
(its model is left unobserved, or added with unknown values when new). The page has no other
price table: nothing else is read.
"""

from __future__ import annotations

import re
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import (
    OTHER_PREFIX,
    PRICE_FIELDS,
    ModelInfo,
    Offering,
    OfferingKey,
    Provider,
    ScrapeResult,
)
from core.values import TOKENS, Provenance, Value, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import charged_and_listed, node_text, without_marks
from scrapers._partial import Parts
from scrapers._words import FREE, is_free

PROVIDER = Provider("ai21", "AI21 Labs", "https://www.ai21.com")
PRICING_URL = "https://www.ai21.com/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=1)  # two Jamba models in 2026

CARDS = "Foundation Models"  # the page's one price table (its cards), as unread parts name it
_LINE = re.compile(rf"(\$[\d.,]+|{FREE.pattern}) / 1M (input|output) tokens", re.I)  # "Free" as in _words.py


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per model card; a card that cannot be read is named."""
    page = fetched.pages["pricing"][0]
    cards = [c for c in LexborHTMLParser(page.text()).css(".card") if c.css_first(".card__footer") is not None]
    parts, offerings = Parts(page.url), []
    for card in cards:
        name = _name(card)
        with parts.row(CARDS, name or "(no title)", _model_id(name) if name else None):
            offerings.append(_offering(card, name, page.url))
    if not offerings:
        why = f" ({parts.unread[0].reason})" if parts.unread else ""
        raise ParseError(f"{page.url}: no model card with a '$X / 1M input tokens' price found{why}")
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, unread=parts.unread)


def _name(card: LexborNode) -> str | None:
    """The card's title, without a footnote mark ("Jamba Mini¹", "Jamba Mini <sup>1</sup>")."""
    title = card.css_first(".card__title")
    if title is None:
        return None
    return without_marks(title) or None


def _model_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _offering(card: LexborNode, name: str | None, url: str) -> Offering:
    if name is None:
        raise ParseError(f"{url}: a model card has no title")
    footer = card.css_first(".card__footer")
    source = Provenance(url, f"{name} card", raw=node_text(footer))
    values: dict[str, Value] = {f: unknown(source) for f in PRICE_FIELDS}
    values |= _footer_prices(footer, name, source)
    values |= {f: unknown(source, TOKENS) for f in ("context_window", "max_output_tokens")}
    return Offering(OfferingKey(_model_id(name)), ModelInfo(_model_id(name), name), values, PRICING_URL)


def _footer_prices(footer: LexborNode, name: str, source: Provenance) -> dict[str, Value]:
    """The input and output prices, one a line; a list price struck through beside one is kept apart."""
    lines = _lines(footer)
    if len(lines) == 1 and is_free(lines[0][0]):  # the whole card says "Free"
        return {kind: price(Decimal(0), source) for kind in ("input", "output")}
    values: dict[str, Value] = {}
    for charged, listed in lines:
        if not (match := _LINE.fullmatch(charged)) or match[2].lower() in values:
            raise ParseError(f"{source.source}: card {name!r}: {source.raw!r} does not give an input and an "
                             f"output price (a line reads {charged!r})")
        kind = match[2].lower()
        values[kind] = price(_amount(match[1], source), source)
        if listed is not None:
            values[f"{OTHER_PREFIX}{kind}_list_price"] = price(
                _amount(listed, source), Provenance(source.source, f"{name} card (list price)", raw=listed))
    if set(values) & {"input", "output"} != {"input", "output"}:
        raise ParseError(f"{source.source}: card {name!r}: {source.raw!r} does not give an input and an output price")
    return values


def _lines(footer: LexborNode) -> list[tuple[str, str | None]]:
    """The footer's lines (split at <br>), each as the price charged and the struck-through one, if any."""
    inner = re.sub(r"^<[^>]+>|</[^>]+>$", "", footer.html or "")
    lines = []
    for fragment in re.split(r"<br\s*/?>", inner, flags=re.I):
        charged, listed = charged_and_listed(LexborHTMLParser(f"<div>{fragment}</div>").css_first("div"))
        if charged or listed:
            lines.append((charged, listed))
    return lines


def _amount(written: str, source: Provenance | None = None) -> Decimal:
    if is_free(written):  # "Free" in place of an amount
        return Decimal(0)
    try:
        return parse_dollars(written)
    except ValueError as exc:
        where = f"{source.source}: {source.label}: " if source else ""
        raise ParseError(f"{where}{exc}") from exc
