"""Fireworks' List Models API: context windows, parameter counts, the serverless catalogue.

GET https://api.fireworks.ai/v1/accounts/fireworks/models?filter=supports_serverless=true
with ``Authorization: Bearer $FIREWORKS_API_KEY``; paginated by ``nextPageToken``.
No real response was captured; the shape follows Fireworks' API reference.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as SchemaError

from core.errors import ParseError
from scrapers._base import Page

MODEL_PREFIX = "accounts/fireworks/models/"


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
    models: list[_Model] = []
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


def parse_models(pages: list[Page]) -> list[ApiModel]:
    """Every model of every page of the listing."""
    return [_api_model(m, page.url) for page in pages for m in _listing(page).models]


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
