"""Where each page of the site lives, relative to the site's root; every part built from a slug."""

from __future__ import annotations

from core.offering import TIERS
from jobs.site.slugs import slug

INDEX, BY_PRICE, STYLE = "index.html", "by-price.html", "style.css"
MODELS, PROVIDERS, PROVIDER_MODELS, TIERS_FOLDER = "models", "providers", "provider-models", "tiers"


def model(canonical_id: str) -> str:
    """A canonical model's page."""
    return f"{MODELS}/{slug(canonical_id)}.html"


def provider(provider_id: str) -> str:
    """A provider's page."""
    return f"{PROVIDERS}/{slug(provider_id)}.html"


def provider_model(provider_id: str, model_id: str) -> str:
    """The page of a provider model that no canonical model names, as its provider names it."""
    return f"{PROVIDER_MODELS}/{slug(provider_id)}/{slug(model_id)}.html"


def tier(name: str) -> str:
    """The index filtered to one tier ("tiers/off-peak.html")."""
    return f"{TIERS_FOLDER}/{name.replace('_', '-') if name in TIERS else slug(name)}.html"


def root_of(page: str) -> str:
    """The relative way back to the site's root from a page ("", "../", "../../")."""
    return "../" * page.count("/")
