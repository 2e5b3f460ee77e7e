"""Writing the site: every page, or the pages one provider's run touched (for the daemon).

Each page is read in its own short read transaction (SQLite's rollback journal lets a long reader hold a
writer up) and written atomically (jobs/site/files.py). A full build also removes the pages of models and
providers that are gone; writes within one process take turns, so a slower build never overwrites a newer page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from core.ladder import ladder
from core.offering import TIERS
from jobs.health import provider_health
from jobs.ladder import load_routes, stored_weights
from jobs.runner import Clock, utc_now
from jobs.site import index_pages, links, read, render, show
from jobs.site.files import SiteFolder
from jobs.site.model_pages import Model, model_context, provider_model_context
from jobs.site.provider_pages import provider_context
from jobs.site.slugs import slug
from storage.db import stale_after_days

_TURNS = threading.Lock()
Page = tuple[str, str, Callable[[], dict]]  # path, template, what it shows (read when it is written)


def write_site(engine: Engine, out: Path | str, providers: list[str] | None = None,
               clock: Clock = utc_now) -> list[str]:
    """Write the site under ``out``; with ``providers``, only what their runs touch: their pages, the pages of
    the models they route, their provider models' pages and the index pages. Returns the pages written."""
    folder = SiteFolder(Path(out))
    with _TURNS:
        folder.prepare()
        site = _site(engine, clock())
        models = _models(engine, site)
        pages = list(_pages(engine, site, models, providers))
        written = [_write(folder, site, *page) for page in pages]
        folder.write(links.STYLE, render.stylesheet())
        _prune(folder, set(written), providers)
    return written + [links.STYLE]


def _write(folder: SiteFolder, site: dict, path: str, template: str, context: Callable[[], dict]) -> str:
    folder.write(path, render.page(template, path, context(), site["generated"]))
    return path


def _site(engine: Engine, now: datetime) -> dict:
    """What every page needs: the time, thresholds, weights, providers and their newest applied runs."""
    with engine.connect() as connection:
        read.check_schema(connection)
        providers = read.providers(connection)
        latest = read.latest_applied(connection)
    weights = stored_weights(engine)
    return {"now": now, "generated": show.moment(now), "stale_after": stale_after_days(engine), "weights": weights,
            "weights_text": f"blended = ({_number(weights[0])} × input + {_number(weights[1])} × output) / "
                            f"{_number(weights[0] + weights[1])}, USD per 1M tokens",
            "providers": providers, "provider_names": {p["provider"]: p["name"] for p in providers},
            "latest": latest, "health": {h.provider: h for h in provider_health(
                engine, [p["provider"] for p in providers], now)}}


def _number(value) -> str:
    return format(value.normalize(), "f")


def _models(engine: Engine, site: dict) -> list[Model]:
    """Every canonical model with its current ladder (as jobs.ladder ranks it)."""
    with engine.connect() as connection:
        rows = read.canonical_models(connection)
    return [Model(row, ladder(load_routes(engine, row["id"], lambda: site["now"]), site["weights"],
                              ranked=row["modality"] == "text")) for row in rows]


def _pages(engine: Engine, site: dict, models: list[Model], providers: list[str] | None) -> Iterator[Page]:
    """The pages to write, in order: models, provider models, providers, then the index pages."""
    chosen = site["providers"] if providers is None else [p for p in site["providers"] if p["provider"] in providers]
    with engine.connect() as connection:
        touched = None if providers is None else read.routed_by(connection, providers)
        offerings = read.offerings(connection)
    for model in models:
        if touched is None or model.facts["id"] in touched:
            yield _model_page(engine, site, model)
    names = {p["provider"]: p for p in chosen}
    for row in _unmatched(offerings, names):
        yield _provider_model_page(engine, site, names[row["provider"]], row["model"])
    for provider in chosen:
        yield _provider_page(engine, site, provider, models)
    yield from _index_pages(site, models, offerings)


def _unmatched(offerings: list[dict], providers: dict[str, dict]) -> list[dict]:
    """One row per listed provider model of these providers that no canonical model names."""
    seen = {}
    for row in offerings:
        if row["canonical_model"] is None and row["provider"] in providers:
            seen.setdefault((row["provider"], row["model"]), row)
    return list(seen.values())


def _read(engine: Engine, build: Callable) -> Callable[[], dict]:
    """A page's context, read in a short transaction of its own when the page is written."""
    def context() -> dict:
        with engine.connect() as connection:
            return build(connection)
    return context


def _model_page(engine: Engine, site: dict, model: Model) -> Page:
    path = links.model(model.facts["id"])
    return path, "model.html", _read(engine, lambda c: model_context(c, model, site, path))


def _provider_model_page(engine: Engine, site: dict, provider: dict, model_id: str) -> Page:
    path = links.provider_model(provider["provider"], model_id)
    return path, "provider_model.html", _read(engine, lambda c: provider_model_context(c, provider, model_id, site,
                                                                                          path))


def _provider_page(engine: Engine, site: dict, provider: dict, models: list[Model]) -> Page:
    path = links.provider(provider["provider"])
    return path, "provider.html", _read(engine, lambda c: provider_context(c, provider, models, site, path))


def _index_pages(site: dict, models: list[Model], offerings: list[dict]) -> Iterator[Page]:
    def common(path: str) -> dict:
        return {"tiers": index_pages.tier_links(path), "provider_links": index_pages.provider_links(site["providers"],
                                                                                                    path)}
    yield links.INDEX, "index.html", lambda: common(links.INDEX) | {
        "models": index_pages.by_name(models, links.INDEX), "order": "name",
        "unmatched": index_pages.unmatched_groups(offerings, site["provider_names"], links.INDEX)}
    yield links.BY_PRICE, "index.html", lambda: common(links.BY_PRICE) | {
        "models": index_pages.by_price(models, links.BY_PRICE), "order": "price", "unmatched": None}
    for tier in TIERS:
        path = links.tier(tier)
        yield path, "tier.html", lambda path=path, tier=tier: common(path) | {
            "tier": show.tier(tier), "weights": site["weights_text"],
            "models": index_pages.in_tier(models, tier, site["weights"], path)}


def _prune(folder: SiteFolder, written: set[str], providers: list[str] | None) -> None:
    """Remove the pages no model or provider has any more (only in the site's own folders); after a run of
    some providers, only their provider models' pages (a model that gained a canonical model, or was delisted)."""
    if providers is not None:
        for provider in providers:
            folder.prune(f"{links.PROVIDER_MODELS}/{slug(provider)}", written)
        return
    for section in (links.MODELS, links.PROVIDERS, links.TIERS_FOLDER):
        folder.prune(section, written)
    provider_models = folder.path(links.PROVIDER_MODELS)
    if provider_models.is_dir():
        for sub in sorted(p.name for p in provider_models.iterdir() if p.is_dir() and not p.is_symlink()):
            folder.prune(f"{links.PROVIDER_MODELS}/{sub}", written)
