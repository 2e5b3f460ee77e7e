"""Fireworks' List Models API: context windows, parameter counts, the serverless catalogue.

GET https://api.fireworks.ai/v1/accounts/fireworks/models?filter=supports_serverless=true
with ``Authorization: Bearer $FIREWORKS_API_KEY``; paginated by ``nextPageToken``.
No real response was captured; the shape follows Fireworks' API reference.
A response that is not JSON or has no list of models loses the listing (it is optional). Each entry is
validated alone: one of another shape (a name outside ``accounts/fireworks/models/``, a parameter count
that is no integer) is named in ``parts`` and skipped, its model (when named) left unobserved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as SchemaError

from core.errors import ParseError
from scrapers._base import Page, validated
from scrapers._partial import Parts

MODELS_URL = "https://api.fireworks.ai/v1/accounts/fireworks/models"
MODEL_PREFIX = "accounts/fireworks/models/"
LIST = "models"  # the listing's list of models: each entry is one "row"


class _Details(BaseModel):
    model_config = ConfigDict(extra="ignore")
    parameterCount: str | None = None  # an integer written as a string
    moe: bool | None = None


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str
    displayName: str | None = None
    kind: str | None = None
    contextLength: int | None = None
    baseModelDetails: _Details | None = None


class _ListModels(BaseModel):
    model_config = ConfigDict(extra="ignore")
    models: list[Any] = []  # each entry validated alone (_Model): one entry of a new shape does not lose the list
    nextPageToken: str | None = None


@dataclass(frozen=True)
class ApiModel:
    id: str  # "starcoder-16b"
    name: str
    kind: str  # "HF_BASE_MODEL", "EMBEDDING_MODEL", "FLUMINA_BASE_MODEL", ...
    context_length: int | None  # None when the API gives none or 0
    parameters: int | None  # None when the API gives none or 0
    moe: bool


def next_page_url(page: Page) -> str | None:
    """The URL of the next page of the listing, or None after the last."""
    token = _listing(page).nextPageToken
    return str(httpx.URL(page.url).copy_set_param("pageToken", token)) if token else None


def parse_models(pages: list[Page], parts: Parts) -> list[ApiModel]:
    """Every model of every page of the listing; an entry that cannot be read is named in ``parts``."""
    models = []
    for page in pages:
        for index, entry in enumerate(_listing(page).models):
            model_id = _entry_id(entry)
            with parts.row(LIST, model_id or f"#{index} of {page.url}", model_id):
                models.append(_api_model(validated(_Model, entry, page.url), page.url))
    return models


def _entry_id(entry: Any) -> str | None:
    """The model id an entry names, if it names one of ours (an entry without one leaves nothing delisted)."""
    name = entry.get("name") if isinstance(entry, dict) else None
    if not isinstance(name, str) or not name.startswith(MODEL_PREFIX):
        return None
    return name.removeprefix(MODEL_PREFIX) or None


def _listing(page: Page) -> _ListModels:
    try:
        return _ListModels.model_validate(page.json())
    except SchemaError as exc:
        raise ParseError(f"{page.url}: unexpected List Models response: {exc.errors()[0]['msg']} "
                         f"at {exc.errors()[0]['loc']}") from exc


def _api_model(model: _Model, url: str) -> ApiModel:
    if not model.name.startswith(MODEL_PREFIX):
        raise ParseError(f"{url}: model name {model.name!r} does not start with {MODEL_PREFIX!r}")
    details = model.baseModelDetails or _Details()
    try:
        parameters = int(details.parameterCount or 0) or None
    except ValueError:
        raise ParseError(f"{url}: {model.name} parameterCount {details.parameterCount!r} is not an integer") from None
    model_id = model.name.removeprefix(MODEL_PREFIX)
    return ApiModel(model_id, model.displayName or model_id, model.kind or "KIND_UNSPECIFIED",
                    model.contextLength or None, parameters, bool(details.moe))
