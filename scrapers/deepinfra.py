"""DeepInfra: prices and limits from its OpenAI-compatible model list.

Source: GET https://api.deepinfra.com/v1/openai/models (DEEPINFRA_API_KEY is sent when set;
the list is read without one). Models with ``metadata`` carry ``pricing`` in USD per 1M
tokens (``input_tokens``, ``output_tokens``, and ``cache_read_tokens`` for models tagged
``prompt_cache``), ``context_length`` and ``max_tokens``. Models without metadata (image,
embedding and speech models, among others) state no price here: they are listed with
unknown prices, and one warning counts them. Prices are JSON numbers: no "Free" or struck-through
text to read, and ids are the API's own (no footnote marks).
Read strictly (the run fails): the response is JSON with a ``data`` list, and at least one of its
entries is read. Named and skipped (see scrapers/_partial.py): an entry not of the known shape (an
unknown pricing key, a price or limit that is not a number, a missing price), validated one by one;
its model (its ``id``, when it has one) is left unobserved, or added with unknown values when new.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import Provenance, Value, price, stated_limit, unknown
from scrapers._base import Fetched, Page, Source, validated
from scrapers._partial import Parts

PROVIDER = Provider("deepinfra", "DeepInfra", "https://deepinfra.com")
MODELS_URL = "https://api.deepinfra.com/v1/openai/models"
SOURCES = (Source("models", MODELS_URL, kind="api", expects="application/json",
                  auth_env="DEEPINFRA_API_KEY", auth_optional=True),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=50)  # the list had 154 models, 88 of them priced, in April 2026

LIST = "data"  # the list of models, the catalogue: each entry is one "row"
PRICE_KEYS = {"input_tokens": "input", "output_tokens": "output", "cache_read_tokens": "cached_input"}
NOISE = Decimal("0.000001")  # prices are stated to the cent or finer, never past a millionth of a dollar


class _Pricing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    input_tokens: Decimal
    output_tokens: Decimal
    cache_read_tokens: Decimal | None = None


class _Metadata(BaseModel):
    model_config = ConfigDict(extra="ignore")
    context_length: int | None = None
    max_tokens: int | None = None
    pricing: _Pricing


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    metadata: _Metadata | None = None


class _Models(BaseModel):
    model_config = ConfigDict(extra="ignore")
    data: list[Any]  # each entry validated alone (_Model): one entry of a new shape does not fail the list


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per listed model; an entry that cannot be read is named."""
    page = fetched.pages["models"][0]
    parts = Parts(page.url)
    models = _models(_listing(page).data, parts)
    bare = sum(1 for m in models if m.metadata is None)
    warnings = [f"{bare} listed models have no metadata here (no price, no context): recorded as unknown"] \
        if bare else []
    offerings = [_offering(m, page.url) for m in models]
    return ScrapeResult(offerings + parts.placeholders, {MODELS_URL}, warnings, parts.unread)


def _listing(page: Page) -> _Models:
    try:  # numbers as Decimal from the first byte: the JSON's floats never become binary floats here
        listing = json.loads(page.body, parse_float=Decimal)
    except ValueError as exc:
        raise ParseError(f"{page.url}: response is not JSON ({exc})") from exc
    return validated(_Models, listing, page.url)


def _models(entries: list[Any], parts: Parts) -> list[_Model]:
    """The entries of the known shape; each other one named by its id (or its place in the list)."""
    models = []
    for index, entry in enumerate(entries):
        model_id = _entry_id(entry)
        with parts.row(LIST, model_id or f"#{index}", model_id):
            models.append(validated(_Model, entry, parts.url))
    if entries and not models:
        raise ParseError(f"{parts.url}: no entry of the model list could be read")
    return models


def _entry_id(entry: Any) -> str | None:
    """The model id an entry names, if it names one (an entry without one leaves nothing delisted)."""
    model_id = entry.get("id") if isinstance(entry, dict) else None
    return model_id if isinstance(model_id, str) and model_id else None


def _offering(model: _Model, url: str) -> Offering:
    source = Provenance(url, model.id)
    values = {f: unknown(source) for f in PRICE_FIELDS}
    meta = model.metadata
    if meta is not None:
        stated = meta.pricing.model_dump()
        values |= {field: _price(stated[key], Provenance(url, f"{model.id}.metadata.pricing.{key}"))
                   for key, field in PRICE_KEYS.items() if stated[key] is not None}
    values["context_window"] = stated_limit(meta and meta.context_length,
                                            Provenance(url, f"{model.id}.context_length"))
    values["max_output_tokens"] = stated_limit(meta and meta.max_tokens, Provenance(url, f"{model.id}.max_tokens"))
    return Offering(OfferingKey(model.id), ModelInfo(model.id, model.id), values, MODELS_URL)


def _price(amount: Decimal, source: Provenance) -> Value:
    # DeepInfra writes prices as binary floats ("0.1300000002", "2.5999999999999996"): digits past a
    # millionth of a dollar are that noise, not a price. Rounded, with the number as written kept.
    if amount == amount.quantize(NOISE):
        return price(amount, source)
    written = Provenance(source.source, source.label, raw=str(amount), raw_unit="USD per 1M tokens, float noise")
    return price(amount.quantize(NOISE).normalize(), written)
