"""The index pages: every canonical model by name or by price, one page per tier, and the provider models
that no canonical model names yet. Without JavaScript, a sort order or a filter is a page of its own."""

from __future__ import annotations

from core.ladder import ladder
from core.offering import TIERS
from jobs.site import links, show
from jobs.site.model_pages import Model, headline_prices, sort_key_by_price, summary


def model_row(model: Model, page: str) -> dict:
    """A canonical model's line in an index: its cheapest route's prices and how many routes it has."""
    prices = headline_prices(model)
    providers = sorted({rung.route.provider_name for rung in model.rungs})
    return {"name": model.facts["name"], "id": model.facts["id"], "maker": model.facts["maker"] or "unknown",
            "href": links.root_of(page) + links.model(model.facts["id"]), "routes": len(model.rungs),
            "providers": len(providers), "summary": summary(model),
            "input": prices["input"] if prices else "-", "output": prices["output"] if prices else "-",
            "blended": prices["blended"] if prices else "-", "cheapest": prices["provider"] if prices else "-"}


def by_name(models: list[Model], page: str) -> list[dict]:
    return [model_row(m, page) for m in models]


def by_price(models: list[Model], page: str) -> list[dict]:
    return [model_row(m, page) for m in sorted(models, key=sort_key_by_price)]


def in_tier(models: list[Model], tier: str, weights, page: str) -> list[dict]:
    """The models with a route in ``tier``, each with its cheapest route of that tier, cheapest first."""
    found = []
    for model in models:
        routes = [rung.route for rung in model.rungs if rung.route.tier == tier]
        if routes:
            found.append(Model(model.facts, ladder(routes, weights, ranked=model.text_model)))
    return by_price(found, page)


def tier_links(page: str) -> list[dict]:
    """The filter links to every tier's page."""
    return [{"name": show.tier(t), "href": links.root_of(page) + links.tier(t), "tier": t} for t in TIERS]


def provider_links(providers: list[dict], page: str) -> list[dict]:
    """The filter links to every provider's page (each lists the models it routes)."""
    return [{"name": p["name"], "href": links.root_of(page) + links.provider(p["provider"]) + "#routed"}
            for p in providers]


def unmatched_groups(offerings: list[dict], names: dict[str, str], page: str) -> list[dict]:
    """The listed provider models without a canonical model, by provider, each linked to its own page."""
    groups: dict[str, dict[str, dict]] = {}
    for row in offerings:
        if row["canonical_model"] is None:
            groups.setdefault(row["provider"], {}).setdefault(row["model"], {
                "model": row["model"], "name": row["model_name"], "kind": row["model_kind"],
                "href": links.root_of(page) + links.provider_model(row["provider"], row["model"])})
    return [{"provider": names.get(p, p), "models": list(models.values())} for p, models in sorted(groups.items())]
