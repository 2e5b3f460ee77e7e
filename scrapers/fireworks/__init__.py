"""Fireworks AI: serverless prices and context limits.

Sources:
- https://docs.fireworks.ai/serverless/pricing: per-model prices (Standard, Priority,
  Fast and US rows), size-based prices, embeddings, the batch and US-only rules.
- https://api.fireworks.ai/v1/accounts/fireworks/models?filter=supports_serverless=true
  (List Models API, key in FIREWORKS_API_KEY, optional): context windows, parameter
  counts, and the serverless models that have no price row of their own.

"Free" (any case) in a price cell is free, the word kept in provenance; a struck-through list price
beside the price charged (<del>, <s>, <strike>) is read as the price charged, the list price kept as
other:<field>_list_price; a footnote mark after a row's label ("(1)", "*", "¹", <sup>) is not part of it.
The listing's numbers are JSON fields: nothing of the kind to read there.

Read strictly (the run fails): the "Text and vision models" table (the catalogue) with its columns
Model | Standard | Priority, and at least one of its rows. Named and skipped, never guessed (see
scrapers/_partial.py): a row of it with an unfamiliar cell, cell count, variant word ("Kimi K3 EU"
beside "Kimi K3") or a Priority price on a Fast row, and two rows pricing one offering (their model left
unobserved, a new one added with unknown values); the size and embedding tables when missing or of
other columns (nothing on the page is delisted that run) and each of their rows that cannot be read
(its class unobserved); while a class table is not read whole, the listed models it would price are
not priced (unobserved). The listing: not JSON or without a list of models, it is lost whole (a
warning; context windows keep their stored values); an entry of another shape is named, its model's
context window kept as stored. The rules in prose: not found, what they derive is left out (a warning).
Tables under other headings are not looked for.

Submodules: page (the tables), cells (a model row and its price cells), rules (batch and US-only),
sizes (size classes), classes (class values, models priced by class), api (the listing), offerings.
"""

from __future__ import annotations

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import Provider, ScrapeResult
from scrapers._base import Fetched, Source
from scrapers._partial import Parts
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
    pricing_page = fetched.pages["pricing"][0]
    pricing, listing = Parts(PRICING_URL), Parts(MODELS_URL)  # the URLs its offerings are listed by
    page = parse_pricing_page(pricing_page, pricing)
    api, failure = _listing(fetched, listing)
    catalogue = Catalogue(page, api, pricing, listing)
    if api is None:
        catalogue.warnings.append(
            f"List Models API not read ({failure}): context windows stay as last stored (unknown if "
            "never read) and models without a price row are not priced")
    return catalogue.result()


def _listing(fetched: Fetched, parts: Parts) -> tuple[list[ApiModel] | None, str | None]:
    """The model listing, or None and why: the listing is optional, so a bad one only loses its data."""
    if "models" not in fetched.pages:
        return None, fetched.failures.get("models", "no response")
    try:
        return parse_models(fetched.pages["models"], parts), None
    except ParseError as exc:
        parts.unread.clear()  # the listing is lost whole: the warning says so, not its entries
        parts.placeholders.clear()
        return None, str(exc)
