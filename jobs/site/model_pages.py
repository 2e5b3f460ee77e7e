"""What a canonical model's page shows, and the page of a provider model that no canonical model names."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Connection

from core.ladder import Rung, headline
from jobs.site import links, read, show
from jobs.site.rows import change_row, history_block, offering_row, price_cells, route_row


@dataclass(frozen=True)
class Model:
    """A canonical model with its ladder, as every page that lists it needs it."""

    facts: dict  # the canonical_models row
    rungs: list[Rung]

    @property
    def cheapest(self) -> Rung | None:
        """The first rung when it is ranked (rank 1), else None (no route with both prices, or not text)."""
        return self.rungs[0] if self.rungs and self.rungs[0].rank == 1 else None

    @property
    def text_model(self) -> bool:
        return self.facts["modality"] == "text"


def summary(model: Model) -> str:
    """"Cheapest of 4 routes · DeepInfra", or why the model has no cheapest route."""
    if not model.rungs:
        return "No current route (delisted routes stay in history)"
    if not model.text_model:
        return f"Not ranked: it produces {model.facts['modality']}, priced in its own units; {len(model.rungs)} routes"
    return headline(model.rungs)


def headline_prices(model: Model) -> dict | None:
    """The cheapest route's input and output per 1M tokens, in its currency, and its blended price in USD."""
    rung = model.cheapest
    if rung is None:
        return None
    route = rung.route
    cells = price_cells({"input": route.input, "output": route.output}, route.statuses, route.currency)
    return {"input": cells["input"], "output": cells["output"], "blended": show.usd(rung.blended),
            "provider": route.provider_name, "currency": route.currency}


def facts(model: Model) -> dict:
    """The model's facts as shown; a fact the mapping does not state is "unknown"."""
    row = model.facts
    contexts = [r.route.context_window for r in model.rungs if r.route.context_window is not None]
    return {"id": row["id"], "name": row["name"], "maker": row["maker"] or "unknown",
            "family": row["family"] or "unknown", "released": str(row["released"] or "unknown"),
            "parameters": show.parameters(row["parameter_count"]),
            "open_weights": show.yes_no(None if row["open_weights"] is None else bool(row["open_weights"]),
                                        "open weights", "closed weights"),
            "modality": row["modality"], "context": f"up to {max(contexts):,} tokens" if contexts else "unknown"}


def model_context(connection: Connection, model: Model, site: dict, page: str) -> dict:
    """Everything a canonical model's page shows."""
    extras = read.route_extras(connection, model.facts["id"])
    listed = [(rung, extras[_key(rung.route)]) for rung in model.rungs if _key(rung.route) in extras]
    verified = [rung.route.last_verified_at for rung in model.rungs]
    return {"model": facts(model), "headline": headline_prices(model), "summary": summary(model),
            "routes": [route_row(rung, extras.get(_key(rung.route), {}), site["latest"], page) for rung in model.rungs],
            "charts": _charts(connection, listed, site["now"]), "weights": site["weights_text"],
            "last_refreshed": show.day(max(verified)) if verified else "never",
            "changes": [change_row(c, site["provider_names"])
                        for c in read.changes(connection, read.model_offering_ids(connection, model.facts["id"]))]}


def _charts(connection: Connection, listed: list[tuple[Rung, dict]], now) -> list[dict]:
    """A history chart per route, in ladder order."""
    intervals = read.histories(connection, [extra["offering_id"] for _, extra in listed])
    blocks = []
    for rung, extra in listed:
        route, offering = rung.route, extra["offering_id"]
        title = f"{route.provider_name} · {route.model} · {show.tier(route.tier, route.region)}"
        blocks.append(history_block(title, f"route-{offering}", intervals.get(offering, []),
                                    read.history_rows(connection, offering), now))
    return blocks


def provider_model_context(connection: Connection, provider: dict, model_id: str, site: dict, page: str) -> dict:
    """Everything the page of a provider model without a canonical model shows (named as its provider names it)."""
    rows = read.offerings(connection, provider["provider"], model_id)
    offerings = [offering_row(r, site["now"], site["stale_after"], site["latest"], page) for r in rows]
    charts = [history_block(f"{model_id} · {o['tier']}", o["anchor"], read.histories(connection, [r["offering_id"]])
                            .get(r["offering_id"], []), read.history_rows(connection, r["offering_id"]), site["now"])
              for r, o in zip(rows, offerings, strict=True)]
    changes = read.changes(connection, read.all_offering_ids(connection, provider["provider"], model_id))
    return {"provider": provider["name"], "provider_href": links.root_of(page) + links.provider(provider["provider"]),
            "model_id": model_id, "model_name": rows[0]["model_name"] if rows else model_id,
            "kind": rows[0]["model_kind"] if rows else "model", "offerings": offerings, "charts": charts,
            "changes": [change_row(c, site["provider_names"]) for c in changes]}


def _key(route) -> tuple[str, str, str, str]:
    return route.provider, route.model, route.tier, route.region


def sort_key_by_price(model: Model) -> tuple:
    """Cheapest blended price first; models without one after, by name."""
    rung = model.cheapest
    return (rung is None, rung.blended if rung else Decimal(0), model.facts["name"].casefold(), model.facts["id"])
