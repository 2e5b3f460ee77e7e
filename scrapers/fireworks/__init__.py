"""Fireworks AI: serverless prices and context limits.

Sources:
- https://docs.fireworks.ai/serverless/pricing: per-model prices (Standard, Priority,
  Fast and US rows), size-based prices, embeddings, the batch and US-only rules.
- https://api.fireworks.ai/v1/accounts/fireworks/models?filter=supports_serverless=true
  (List Models API, key in FIREWORKS_API_KEY, optional): context windows, parameter
  counts, and the serverless models that have no price row of their own.
"""

from __future__ import annotations

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import Provider, ScrapeResult
from scrapers._base import Fetched, Source
from scrapers.fireworks.api import ApiModel, next_page_url, parse_models
from scrapers.fireworks.offerings import MODELS_URL, PRICING_URL, Catalogue
from scrapers.fireworks.page import parse_pricing_page

PROVIDER = Provider("fireworks", "Fireworks AI", "https://fireworks.ai")
PARSER_VERSION = "1"  # raise when a fix changes what the parser reads from the same bodies
# The page has 22 model rows, 5 size tiers and 3 embedding rows: far fewer is a broken layout.
GUARD = GuardPolicy(min_offerings=20)

SOURCES = (
    Source("pricing", PRICING_URL, kind="page", expects="text/html"),
    Source("models", MODELS_URL, kind="api", expects="application/json",
           params=(("filter", "supports_serverless=true"), ("pageSize", "200")),
           required=False, auth_env="FIREWORKS_API_KEY", next_page=next_page_url),
)


def parse(fetched: Fetched) -> ScrapeResult:
    """Offerings from the pricing page, completed by the List Models API when it was read."""
    page = parse_pricing_page(fetched.pages["pricing"][0])
    api, failure = _listing(fetched)
    catalogue = Catalogue(page, api)
    if api is None:
        catalogue.warnings.append(
            f"List Models API not read ({failure}): context windows stay as last stored (unknown if "
            "never read) and models without a price row are not priced")
    return catalogue.result()


def _listing(fetched: Fetched) -> tuple[list[ApiModel] | None, str | None]:
    """The model listing, or None and why: the listing is optional, so a bad one only loses its data."""
    if "models" not in fetched.pages:
        return None, fetched.failures.get("models", "no response")
    try:
        return parse_models(fetched.pages["models"]), None
    except ParseError as exc:
        return None, str(exc)
