"""Cerebras: prices and limits from its public model list.

Source: GET https://api.cerebras.ai/public/v1/models (no key). The capture we have does not
record its URL; this one is assumed (see ../shared/fixtures/PROVENANCE.md) and must be
confirmed before relying on it live. Prices are strings in USD per token ("0.00000035" is
$0.35 per 1M): prompt -> input, completion -> output. Limits: ``limits.max_context_length``
and ``limits.max_completion_tokens``. Cached-input and cache-write prices are not stated.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_decimal, per_token_to_per_million
from core.offering import PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import Provenance, Value, price, stated_limit, unknown
from scrapers._base import Fetched, Page, Source, validated

PROVIDER = Provider("cerebras", "Cerebras", "https://www.cerebras.ai")
MODELS_URL = "https://api.cerebras.ai/public/v1/models"
SOURCES = (Source("models", MODELS_URL, kind="api", expects="application/json"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=1)  # Cerebras serves a handful of models (2 in August 2026)

PRICE_KEYS = {"prompt": "input", "completion": "output"}


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
    data: list[_Model]


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per listed model."""
    page = fetched.pages["models"][0]
    return ScrapeResult([_offering(m, page.url) for m in _listing(page).data], {MODELS_URL})


def _listing(page: Page) -> _Models:
    return validated(_Models, page.json(), page.url)


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
        return price(per_token_to_per_million(parse_decimal(text)), source)
    except ValueError as exc:
        raise ParseError(f"{url}: {source.label}: {exc}") from exc
