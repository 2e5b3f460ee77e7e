"""Volcengine (火山引擎) AI Hub: prices from its model plaza's cards, in CNY.

Source: https://ai.volcengine.com/model (HTML, server-rendered). The cards (``article.model-card``) stand in
sections: 语言模型 (language models), 视频生成 (video), 图像创作 (image). Each card shows the model's API id
(``.model-id-text``, "glm-5-2-260617"; a card without one is named by its ``h3`` label in lower case with
hyphens, "glm-5.2", and the warning says so; a footnote mark beside either, "(1)", "¹", "*", is left out), its
name (``h3``, "GLM-5.2") and ``.spec-row`` pairs of a label (``.k``) and a value (``.v``):
- 输入价格 / 推理输入 (input / inference input) → input, 输出价格 / 推理输出 → output. Prices are stored in CNY as
  stated, never converted: "6 元/百万 tokens" is CNY per 1M tokens, the unit of all four token fields of every
  offering; "0.02 元/张" is per image, kept as other:input_image / other:output_image in "CNY per image", the token
  prices then unknown. A range ("0.6-1.8 元/百万 tokens") is unknown, its bounds kept; "Free" / "免费" is free; a
  struck-through list price is kept as other:<field>_list_price (see cells.py).
- 上下文窗口 / 最大输出 ("256k", "1024k") are rounded: unknown, kept as written in provenance (see cells.py).
Cached input and cache write are not stated: unknown. Not read, named in one warning: 输入/输出 (modalities),
视频分辨率 (video resolutions, priced by no row of their own), RPM / IPM / TPM (rate limits, not prices).
Strict (the run fails): model cards, and at least one card read under 语言模型. Named and skipped (see
scrapers/_partial.py): a card with an unknown label or unit, a missing input or output price, a value not in
these forms, or a second card of one model (its model left unobserved, or added with unknown values when new;
both cards dropped); a section the parser does not know, and a known section without cards (nothing delisted).

Submodules: cards (sections, names, ids, spec rows), cells (a price, range, list price or token count).
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import (LIMIT_FIELDS, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult,
                           Unread)
from core.values import TOKENS, Provenance, Value, per_mtok, unknown
from scrapers._base import Fetched, Source
from scrapers._html import charged_and_listed, node_text
from scrapers._partial import Parts
from scrapers.volcengine.cards import Skipped, card_label, card_model_id, card_name, card_sections, spec_row
from scrapers.volcengine.cells import limit_value, price_values

PROVIDER = Provider("volcengine", "Volcengine", "https://www.volcengine.com")
MODELS_URL = "https://ai.volcengine.com/model"
SOURCES = (Source("models", MODELS_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=5)  # 10 model cards in August 2026

MAIN = "语言模型"  # language models: the section that defines the catalogue
SECTIONS = (MAIN, "视频生成", "图像创作")  # each other one missing is named as not read
PRICES = {"输入价格": "input", "推理输入": "input", "输出价格": "output", "推理输出": "output"}
LIMITS = {"上下文窗口": "context_window", "最大输出": "max_output_tokens"}
NOT_READ = {"输入/输出": "input/output modalities", "视频分辨率": "video resolutions, no price of their own",
            "RPM": "a rate limit", "IPM": "a rate limit", "TPM": "a rate limit"}


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per model card; a card or section that cannot be read is named."""
    page = fetched.pages["models"][0]
    tree = LexborHTMLParser(page.text())
    if not tree.css("article.model-card"):
        raise ParseError(f"{page.url}: no model cards (article.model-card) found")
    parts, skipped, found = Parts(page.url), {}, {}
    sections = card_sections(tree)
    read = {title: _read_section(title, cards, parts, skipped, found)
            for title, cards in sections.items() if title in SECTIONS}
    if not read.get(MAIN):
        raise ParseError(f"{page.url}: no model card could be read under {MAIN!r}")
    for title in (t for t in sections if t not in SECTIONS):  # a new kind of model, perhaps priced otherwise
        parts.unread.append(Unread(page.url, f"{page.url} · section {title!r}",
                                   f"a section the parser does not know ({len(sections[title])} cards): not read"))
    for title in (t for t in SECTIONS if t not in sections):
        parts.unread.append(Unread(page.url, f"{page.url} · section {title!r}", "no model card found"))
    offerings = [o for o in found.values() if o.key not in parts.dropped]
    warnings = [_warning(skipped, page.url)] if skipped else []
    return ScrapeResult(offerings + parts.placeholders, {MODELS_URL}, warnings, parts.unread)


def _read_section(title: str, cards: list[LexborNode], parts: Parts, skipped: Skipped,
                  found: dict[str, Offering]) -> int:
    """Add the section's cards to ``found``; the number read. A card that cannot be read is named."""
    read = 0
    for card in cards:
        model_id = card_model_id(card, skipped)
        with parts.row(title, card_label(card), model_id) as row:
            offering = _offering(card, model_id, parts.url, skipped)
            if offering.key.model in found:  # which of the two cards is charged? not guessed: neither is read
                raise ParseError(f"{parts.url}: a second card of model {offering.key.model!r}")
            found[offering.key.model] = offering
        read += row.read
        if not row.read and model_id is not None:
            parts.dropped.add(OfferingKey(model_id))
    return read


def _offering(card: LexborNode, model_id: str | None, url: str, skipped: Skipped) -> Offering:
    name = card_name(card, url)
    values: dict[str, Value] = {f: unknown(Provenance(url, name), per_mtok("CNY")) for f in PRICE_FIELDS}
    values |= {f: unknown(Provenance(url, name), TOKENS) for f in LIMIT_FIELDS}
    priced: set[str] = set()
    for row in card.css(".spec-row"):
        _read_row(*spec_row(row, url, name), name, url, values, priced, skipped)
    if missing := [f for f in ("input", "output") if f not in priced]:
        raise ParseError(f"{url}: card {name!r}: no {missing[0]} price ({' / '.join(_labels(missing[0]))})")
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, MODELS_URL)


def _read_row(label: str, value: LexborNode, name: str, url: str, values: dict[str, Value], priced: set[str],
              skipped: Skipped) -> None:
    """One label / value row into the card's values; a label not read is noted for the warning."""
    where = Provenance(url, f"{name} · {label}")
    if label in PRICES:
        if PRICES[label] in priced:
            raise ParseError(f"{url}: card {name!r}: {PRICES[label]} is priced twice ({label})")
        priced.add(PRICES[label])
        charged, listed = charged_and_listed(value)  # a discount: "<del>10</del> 8 元/百万 tokens"
        values |= price_values(PRICES[label], charged, where, listed)
    elif label in LIMITS:
        values[LIMITS[label]] = limit_value(node_text(value), where)
    elif label in NOT_READ:
        skipped.setdefault(label, []).append(name)
    else:
        raise ParseError(f"{url}: card {name!r}: unknown label {label!r} ({node_text(value)!r})")


def _labels(field: str) -> list[str]:
    return [label for label, priced in PRICES.items() if priced == field]


def _warning(skipped: Skipped, url: str) -> str:
    """One sentence naming every label not read, and where."""
    parts = []
    for label, names in skipped.items():
        why = NOT_READ.get(label, "named by their label in lower case with hyphens")
        cards = ", ".join(names) if len(names) <= 3 else f"{len(names)} cards"
        parts.append(f"{label} ({why}) on {cards}")
    return f"{url}: not read: " + "; ".join(parts)
