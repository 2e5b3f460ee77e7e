"""OpenRouter: every routed model's prices and limits from its public model list.

Source: GET https://openrouter.ai/api/v1/models (no key). Prices are strings in USD
per token ("0.0000003" is $0.30 per 1M); "0" is free; "-1" on router models
(openrouter/auto) means the price varies per request, it is not negative. Prices are
numbers written as strings: no "Free" or struck-through text to read, and ids are the API's
own (no footnote marks).

Read strictly (the run fails): the response is JSON with a ``data`` list, and at least one of
its entries is read. Named and skipped (see scrapers/_partial.py): an entry not of the known
shape (no pricing, a price or limit that is not a number), validated one by one; its model (its
``id``, when it has one) is left unobserved, or added with unknown values when new. Other parts
of the document are not read.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_decimal, per_token_to_per_million
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, USD_PER_MTOK, Provenance, Value, limit, price, unknown, variable
from scrapers._base import Fetched, Page, Source, validated
from scrapers._partial import Parts

PROVIDER = Provider("openrouter", "OpenRouter", "https://openrouter.ai")
MODELS_URL = "https://openrouter.ai/api/v1/models"
SOURCES = (Source("models", MODELS_URL, kind="api", expects="application/json"),)
PARSER_VERSION = "1"  # raise when a fix changes what the parser reads from the same bodies
# The list had 337-353 models through 2026. An aggregator's limits follow whichever upstream
# serves a model, and shrink routinely (in 3 of our 4 captures): a shrinking limit is not held.
# Its API documents "0" as free (the ":free" variants): a new model's bare 0 is the source saying
# free. A price that falls to 0 is still held.
GUARD = GuardPolicy(min_offerings=100, hold_shrinking_limits=False, zero_means_free=True)

TOKEN_FIELDS = {"prompt": "input", "completion": "output",
                "input_cache_read": "cached_input", "input_cache_write": "cache_write"}
# Prices in other units, kept in their own unit and never folded into the token fields.
OTHER_UNITS = {"internal_reasoning": USD_PER_MTOK, "audio": "USD per 1M audio input tokens",
               "request": "USD per request", "image": "USD per image", "web_search": "USD per web search"}
PER_TOKEN_KEYS = {*TOKEN_FIELDS, "internal_reasoning", "audio"}
VARIABLE = "-1"
LIST = "data"  # the list of models, the catalogue: each entry is one "row"


class _TopProvider(BaseModel):
    model_config = ConfigDict(extra="ignore")
    context_length: int | None = None
    max_completion_tokens: int | None = None


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    name: str
    context_length: int | None = None
    pricing: dict[str, str]
    top_provider: _TopProvider | None = None


class _Models(BaseModel):
    model_config = ConfigDict(extra="ignore")
    data: list[Any]  # each entry validated alone (_Model): one entry of a new shape does not fail the list


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per listed model; an entry that cannot be read is named."""
    page = fetched.pages["models"][0]
    parts = Parts(page.url)
    offerings = []
    for index, entry in enumerate(_listing(page).data):
        model_id = _entry_id(entry)
        with parts.row(LIST, model_id or f"#{index}", model_id):
            offerings.append(_offering(validated(_Model, entry, page.url), page.url))
    if parts.unread and not offerings:
        raise ParseError(f"{page.url}: no entry of the model list could be read ({parts.unread[0].reason})")
    return ScrapeResult(offerings + parts.placeholders, {MODELS_URL}, unread=parts.unread)


def _listing(page: Page) -> _Models:
    return validated(_Models, page.json(), page.url)


def _entry_id(entry: Any) -> str | None:
    """The model id an entry names, if it names one (an entry without one leaves nothing delisted)."""
    model_id = entry.get("id") if isinstance(entry, dict) else None
    return model_id if isinstance(model_id, str) and model_id else None


def _offering(model: _Model, url: str) -> Offering:
    values = {field: _price(model, key, url, USD_PER_MTOK) for key, field in TOKEN_FIELDS.items()}
    values |= {OTHER_PREFIX + key: _price(model, key, url, OTHER_UNITS.get(key, f"USD per {key} (as given)"))
               for key in model.pricing if key not in TOKEN_FIELDS}
    top = model.top_provider or _TopProvider()
    values["context_window"] = _limit(model.context_length, Provenance(url, f"{model.id}.context_length"))
    values["max_output_tokens"] = _limit(top.max_completion_tokens,
                                         Provenance(url, f"{model.id}.top_provider.max_completion_tokens"))
    return Offering(OfferingKey(model.id), ModelInfo(model.id, model.name), values, MODELS_URL)


def _price(model: _Model, key: str, url: str, unit: str) -> Value:
    raw = model.pricing.get(key)
    per_token = key in PER_TOKEN_KEYS
    source = Provenance(url, f"{model.id}.pricing.{key}", raw=raw,
                        raw_unit="USD per token" if per_token else None)
    if raw is None:  # the key is absent: OpenRouter does not say
        return unknown(source, unit)
    if raw.strip() == VARIABLE:
        return variable(source, unit)
    try:
        amount = parse_decimal(raw)
    except ValueError as exc:
        raise ParseError(f"{url}: {model.id} pricing.{key}: {exc}") from exc
    return price(per_token_to_per_million(amount) if per_token else amount, source, unit)


def _limit(tokens: int | None, source: Provenance) -> Value:
    return limit(tokens, source) if tokens else unknown(source, TOKENS)
