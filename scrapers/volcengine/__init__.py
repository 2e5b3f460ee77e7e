"""Volcengine (火山引擎) AI Hub: prices from its model plaza's cards, in CNY.

Source: https://ai.volcengine.com/model (HTML, server-rendered). Each ``article.model-card`` shows the model's API
id (``.model-id-text``, "glm-5-2-260617"; a card without one is named by its ``h3`` label in lower case with
hyphens, "glm-5.2", and the warning says so), its name (``h3``, "GLM-5.2") and ``.spec-row`` pairs of a label
(``.k``) and a value (``.v``):
- 输入价格 / 推理输入 (input / inference input) → input, 输出价格 / 推理输出 → output. Prices are stored in CNY as
  stated, never converted: "6 元/百万 tokens" is CNY per 1M tokens, the unit of all four token fields of every
  offering; "0.02 元/张" is per image, kept as other:input_image / other:output_image in "CNY per image", the token
  prices then unknown. A range, "0.6-1.8 元/百万 tokens", names no tiers: the price charged is unknown, both bounds
  kept as other:<field>_range_min / _range_max (see cells.py). The cards show no struck-through list prices.
- 上下文窗口 / 最大输出 ("256k", "1024k") are rounded: unknown, kept as written in provenance (see cells.py).
Cached input and cache write are not stated: unknown. Not read, named in one warning: 输入/输出 (modalities),
视频分辨率 (video resolutions, priced by no row of their own), RPM / IPM / TPM (rate limits, not prices).
An unknown label or unit, a missing input or output price, or a value not in these forms fails the run.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import LIMIT_FIELDS, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, per_mtok, unknown
from scrapers._base import Fetched, Source
from scrapers._html import node_text
from scrapers.volcengine.cells import limit_value, price_values

PROVIDER = Provider("volcengine", "Volcengine", "https://www.volcengine.com")
MODELS_URL = "https://ai.volcengine.com/model"
SOURCES = (Source("models", MODELS_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=5)  # 10 model cards in August 2026

PRICES = {"输入价格": "input", "推理输入": "input", "输出价格": "output", "推理输出": "output"}
LIMITS = {"上下文窗口": "context_window", "最大输出": "max_output_tokens"}
NOT_READ = {"输入/输出": "input/output modalities", "视频分辨率": "video resolutions, no price of their own",
            "RPM": "a rate limit", "IPM": "a rate limit", "TPM": "a rate limit"}
Skipped = dict[str, list[str]]  # per label not read (or "no API id"), the cards showing it


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per model card."""
    page = fetched.pages["models"][0]
    cards = LexborHTMLParser(page.text()).css("article.model-card")
    if not cards:
        raise ParseError(f"{page.url}: no model cards (article.model-card) found")
    skipped: Skipped = {}
    offerings = [_offering(card, page.url, skipped) for card in cards]
    return ScrapeResult(offerings, {MODELS_URL}, [_warning(skipped, page.url)] if skipped else [])


def _offering(card: LexborNode, url: str, skipped: Skipped) -> Offering:
    name = _name(card, url)
    values: dict[str, Value] = {f: unknown(Provenance(url, name), per_mtok("CNY")) for f in PRICE_FIELDS}
    values |= {f: unknown(Provenance(url, name), TOKENS) for f in LIMIT_FIELDS}
    priced: set[str] = set()
    for row in card.css(".spec-row"):
        _read_row(*_row(row, url, name), name, url, values, priced, skipped)
    if missing := [f for f in ("input", "output") if f not in priced]:
        raise ParseError(f"{url}: card {name!r}: no {missing[0]} price ({' / '.join(_labels(missing[0]))})")
    model_id = _model_id(card, name, skipped)
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, MODELS_URL)


def _read_row(label: str, written: str, name: str, url: str, values: dict[str, Value], priced: set[str],
              skipped: Skipped) -> None:
    """One label / value row into the card's values; a label not read is noted for the warning."""
    where = Provenance(url, f"{name} · {label}")
    if label in PRICES:
        if PRICES[label] in priced:
            raise ParseError(f"{url}: card {name!r}: {PRICES[label]} is priced twice ({label})")
        priced.add(PRICES[label])
        values |= price_values(PRICES[label], written, where)
    elif label in LIMITS:
        values[LIMITS[label]] = limit_value(written, where)
    elif label in NOT_READ:
        skipped.setdefault(label, []).append(name)
    else:
        raise ParseError(f"{url}: card {name!r}: unknown label {label!r} ({written!r})")


def _name(card: LexborNode, url: str) -> str:
    heading = card.css_first("h3")
    if heading is None or not node_text(heading):
        shown = card.css_first(".model-id-text")
        raise ParseError(f"{url}: a model card without a name (h3): {node_text(shown) if shown else node_text(card)!r}")
    return node_text(heading)


def _row(row: LexborNode, url: str, name: str) -> tuple[str, str]:
    label, value = row.css_first(".k"), row.css_first(".v")
    if label is None or value is None:
        raise ParseError(f"{url}: card {name!r}: a spec row without its label (.k) or value (.v)")
    return node_text(label), node_text(value)


def _model_id(card: LexborNode, name: str, skipped: Skipped) -> str:
    shown = card.css_first(".model-id-text")
    if shown is not None and node_text(shown):
        return node_text(shown)
    skipped.setdefault("no API id", []).append(name)  # named by its label: "GLM-5.2" -> "glm-5.2"
    return re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")


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
