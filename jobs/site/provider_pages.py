"""What a provider's page shows: health, its last run and the last applied one (warnings, unread parts),
the values held for review, the canonical models it routes, and every offering with its freshness."""

from __future__ import annotations

import json

from sqlalchemy import Connection

from core.health import Health
from jobs.site import links, read, show
from jobs.site.model_pages import Model, headline_prices
from jobs.site.rows import held_values, offering_row, price_cells

HEALTH_WORDS = {"healthy": "healthy", "stale": "stale: its data was last confirmed too long ago",
                "failing": "failing: its latest runs failed or were held for review"}


def run_facts(run: dict | None) -> dict | None:
    """A run as shown: id, status, times, counts, error, warnings and unread parts."""
    if run is None:
        return None
    return {"id": run["run_id"], "status": run["status"], "source": run["source"],
            "started": show.moment(read.utc(run["started_at"])), "finished": show.moment(read.utc(run["finished_at"])),
            "observed": show.moment(read.utc(run["observed_at"])), "error": run["error"],
            "counts": ", ".join(f"{run[k]} {k}" for k in ("offerings", "added", "changed", "delisted", "relisted",
                                                           "verified", "unobserved", "held") if run.get(k)),
            "warnings": [str(w) for w in json.loads(run["warnings"] or "[]")],
            "unread": [str(u) for u in json.loads(run["unread"] or "[]")]}


def health_facts(provider: dict, health: Health) -> dict:
    """The provider's health state and freshness at the site's time, as jobs.status reports them."""
    facts = health.facts
    return {"state": health.state, "text": HEALTH_WORDS.get(health.state, health.state),
            "researched": health.freshness.status_text, "last_refreshed": show.moment(facts.last_refreshed),
            "failures": facts.consecutive_failures, "last_error": facts.last_error,
            "offerings": facts.offerings, "held": facts.held_offerings, "unread": facts.unread_parts}


def hold_row(hold: dict) -> dict:
    """An offering held alone: the values its source states, why they are held, since when."""
    return {"model": hold["model"], "model_name": hold["model_name"], "tier": show.tier(hold["tier"], hold["region"]),
            "since": show.moment(read.utc(hold["first_seen_at"])), "runs": hold["runs"], "status": hold["status"],
            "reasons": read.reasons(hold["reasons"]), "stated": held_values(hold["values"]),
            "anchor": f"route-{hold['offering_id']}" if hold["offering_id"] else None}


def routed_row(model: Model, provider: str, page: str) -> dict | None:
    """A canonical model the provider routes: its cheapest route here beside the model's cheapest anywhere."""
    here = [rung for rung in model.rungs if rung.route.provider == provider]
    if not here:
        return None
    route = here[0].route
    cells = price_cells({"input": route.input, "output": route.output}, route.statuses, route.currency)
    overall = headline_prices(model)
    return {"name": model.facts["name"], "href": links.root_of(page) + links.model(model.facts["id"]),
            "tier": show.tier(route.tier, route.region), "routes_here": len(here), "input": cells["input"],
            "output": cells["output"], "rank": here[0].rank or "-", "of": len(model.rungs),
            "cheapest": f"{overall['input']} / {overall['output']} · {overall['provider']}" if overall else "-"}


def provider_context(connection: Connection, provider: dict, models: list[Model], site: dict, page: str) -> dict:
    """Everything a provider's page shows."""
    pid = provider["provider"]
    offerings = [offering_row(r, site["now"], site["stale_after"], site["latest"], page)
                 for r in read.offerings(connection, pid)]
    holds = [hold_row(h) for h in read.holds(connection, pid)]
    for hold in holds:
        hold["href"] = next((o["href"] for o in offerings if o["anchor"] == hold["anchor"]), None)
    homepage = provider["homepage"] if str(provider["homepage"]).startswith(("https://", "http://")) else None
    return {"provider": {"id": pid, "name": provider["name"], "homepage": homepage},
            "health": health_facts(provider, site["health"][pid]),
            "last_run": run_facts(read.last_run(connection, pid)),
            "last_applied": run_facts(read.last_run(connection, pid, applied=True)),
            "holds": holds, "offerings": offerings,
            "routed": [row for m in models if (row := routed_row(m, pid, page)) is not None]}
