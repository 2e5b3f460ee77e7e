"""Cerebras: prices and limits from its public model list.

Source: GET https://api.cerebras.ai/public/v1/models (no key). The capture we have does not
record its URL; this one is assumed (see ../shared/fixtures/PROVENANCE.md) and must be
confirmed before relying on it live. Prices are strings in USD per token ("0.00000035" is
$0.35 per 1M): prompt -> input, completion -> output. Limits: ``limits.max_context_length``
and ``limits.max_completion_tokens``. Cached-input and cache-write prices are not stated.

Read strictly (the run fails): the document's ``data`` list, the catalogue. Each entry of it is a
row, validated on its own: an entry of an unfamiliar shape (a new kind of price, a price that is
not a plain non-negative decimal string, a missing field) is named as not read and skipped, its
model (when the entry has a string ``id``) left unobserved, or added with unknown values when new
(see scrapers/_partial.py). The prices are machine-written numbers: a word such as "free" is not
a price here, it is named as not read. Other keys of the document are not read.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_decimal, per_token_to_per_million
from core.offering import PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import Provenance, Value, price, stated_limit, unknown
from scrapers._base import Fetched, Page, Source, validated
from scrapers._partial import Parts

PROVIDER = Provider("cerebras", "Cerebras", "https://www.cerebras.ai")
MODELS_URL = "https://api.cerebras.ai/public/v1/models"
SOURCES = (Source("models", MODELS_URL, kind="api", expects="application/json"),)
PARSER_VERSION = "2"
GUARD = GuardPolicy(min_offerings=1)  # Cerebras serves a handful of models (2 in August 2026)

PRICE_KEYS = {"prompt": "input", "completion": "output"}
LIST = "data"  # the list of models: the catalogue, read strictly; its entries one by one


class _Pricing(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a new kind of price must not pass unnoticed
    prompt: str
    completion: str


class _Limits(BaseModel):
    model_config = ConfigDict(extra="ignore")
    max_context_length: int | None = None
    max_completion_tokens: int | None = None


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    name: str
    pricing: _Pricing
    limits: _Limits = _Limits()


class _Models(BaseModel):
    model_config = ConfigDict(extra="ignore")
    data: list[Any]  # each entry is validated on its own: one bad entry does not fail the list


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per listed model whose entry can be read."""
    page = fetched.pages["models"][0]
    parts, offerings = Parts(page.url), []
    for index, entry in enumerate(_listing(page).data):
        model_id = _id(entry)
        with parts.row(LIST, model_id or f"entry {index}", model_id):
            offerings.append(_offering(validated(_Model, entry, page.url), page.url))
    return ScrapeResult(offerings + parts.placeholders, {MODELS_URL}, unread=parts.unread)


def _listing(page: Page) -> _Models:
    return validated(_Models, page.json(), page.url)


def _id(entry: Any) -> str | None:
    """The model an entry names, if it has a string id (else nothing of the list can be named)."""
    model_id = entry.get("id") if isinstance(entry, dict) else None
    return model_id if isinstance(model_id, str) and model_id.strip() else None


def _offering(model: _Model, url: str) -> Offering:
    values = {f: unknown(Provenance(url, model.id)) for f in PRICE_FIELDS}
    stated = model.pricing.model_dump()
    values |= {field: _price(stated[key], Provenance(url, f"{model.id}.pricing.{key}", raw=stated[key],
                                                      raw_unit="USD per token"), url)
               for key, field in PRICE_KEYS.items()}
    values["context_window"] = stated_limit(model.limits.max_context_length,
                                      Provenance(url, f"{model.id}.limits.max_context_length"))
    values["max_output_tokens"] = stated_limit(model.limits.max_completion_tokens,
                                         Provenance(url, f"{model.id}.limits.max_completion_tokens"))
    return Offering(OfferingKey(model.id), ModelInfo(model.id, model.name), values, MODELS_URL)


def _price(text: str, source: Provenance, url: str) -> Value:
    try:
        amount = parse_decimal(text)
    except ValueError as exc:
        raise ParseError(f"{url}: {source.label}: {exc}") from exc
    if amount < 0:  # a negative price has no meaning here (OpenRouter's -1 is "variable"): not guessed
        raise ParseError(f"{url}: {source.label}: negative price {text!r}")
    return price(per_token_to_per_million(amount), source)
