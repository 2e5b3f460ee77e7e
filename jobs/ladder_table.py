"""How jobs.ladder shows a ladder: a table for people, JSON with exact decimal strings for programs."""

from __future__ import annotations

from decimal import Decimal

from core.ladder import Route, Rung, headline
from core.money import format_money, format_usd

_SHOWN = {"free": "free", "unknown": "unknown", "not_offered": "not offered", "variable": "varies"}
COLUMNS = ("#", "PROVIDER", "MODEL ID", "TIER", "INPUT", "CACHED IN", "OUTPUT", "BLENDED", "CONTEXT", "FRESHNESS")


def render(canonical: dict, rungs: list[Rung], weights: tuple[Decimal, Decimal]) -> str:
    """The model's facts, the headline, the weighting, and one line per route."""
    foreign = any(rung.route.currency != "USD" for rung in rungs)
    converted = " (other currencies converted at the rate shown)" if foreign else ""
    lines = [_title(canonical), _headline(canonical, rungs),
             f"blended = ({_number(weights[0])} x input + {_number(weights[1])} x output) / "
             f"{_number(weights[0] + weights[1])}, USD per 1M tokens{converted}", ""]
    columns = COLUMNS + ("EXCHANGE RATE",) if foreign else COLUMNS
    table = [columns] + [_cells(rung) + ((_rate(rung.route),) if foreign else ()) for rung in rungs]
    widths = [max(len(row[i]) for row in table) for i in range(len(columns))]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in table]
    return "\n".join(lines)


def _headline(canonical: dict, rungs: list[Rung]) -> str:
    if not rungs:
        return "No current route (delisted routes stay in history)"
    if canonical["modality"] != "text":
        return (f"Not ranked: it produces {canonical['modality']}, priced in its own units (other_prices); "
                f"{len(rungs)} routes")
    return headline(rungs)


def _title(model: dict) -> str:
    facts = [model.get("family"), model.get("maker")]
    if model.get("parameter_count"):
        facts.append(f"{_number(Decimal(model['parameter_count']) / 10**9)}B parameters")
    if model.get("open_weights") is not None:
        facts.append("open weights" if model["open_weights"] else "closed weights")
    if model.get("released"):
        facts.append(f"released {model['released']}")
    return " · ".join([f"{model['name']} ({model['id']})", *(f for f in facts if f)])


def _cells(rung: Rung) -> tuple[str, ...]:
    route = rung.route
    fresh = route.freshness.status_text + (" · stale" if route.freshness.stale else "")
    fresh += f" · held since {route.held_since:%Y-%m-%d}" if route.held_since else ""
    context = f"{route.context_window:,}" if route.context_window is not None else "unknown"
    where = route.tier if route.region == "global" else f"{route.tier} ({route.region})"
    return (str(rung.rank or "-"), route.provider_name, route.model, where, _price(route, "input"),
            _price(route, "cached_input"), _price(route, "output"),
            format_usd(rung.blended) if rung.blended is not None else "-", context, fresh)


def _price(route: Route, field: str) -> str:
    """As the provider states it, in its currency (€1.80); the blended column is in USD."""
    amount = getattr(route, field)
    if route.statuses[field] == "priced":
        return format_money(amount, route.currency)
    return _SHOWN.get(route.statuses[field], "?")


def _rate(route: Route) -> str:
    """The rate beside a converted blended price, or why the route is not converted."""
    if route.currency == "USD":
        return ""
    return route.rate.describe() if route.rate is not None else f"none: {route.no_rate}"


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _rate_json(route: Route) -> dict | None:
    if route.currency == "USD":
        return None
    if route.rate is None:
        return {"usd_per_unit": None, "rate_date": None, "source": None, "reason": route.no_rate}
    return {"usd_per_unit": _number(route.rate.usd_per_unit), "rate_date": str(route.rate.rate_date),
            "source": route.rate.source}


def as_json(canonical: dict, rungs: list[Rung], weights: tuple[Decimal, Decimal]) -> dict:
    """The same as plain data: prices as exact decimal strings, never floats."""
    def exact(value: Decimal | None) -> str | None:
        return None if value is None else _number(value)

    facts = canonical | {"released": canonical["released"] and str(canonical["released"]),
                         "open_weights": None if canonical["open_weights"] is None else bool(canonical["open_weights"])}
    return {"canonical_model": facts,
            "headline": _headline(canonical, rungs), "blend": f"{_number(weights[0])}:{_number(weights[1])}",
            "routes": [{"rank": r.rank, "provider": r.route.provider, "model": r.route.model, "tier": r.route.tier,
                        "region": r.route.region, "input": exact(r.route.input),
                        "cached_input": exact(r.route.cached_input), "output": exact(r.route.output),
                        "statuses": r.route.statuses, "blended": exact(r.blended),
                        "currency": r.route.currency, "exchange_rate": _rate_json(r.route),
                        "context_window": r.route.context_window,
                        "last_verified_at": r.route.last_verified_at.isoformat(),
                        "researched": r.route.freshness.status_text, "stale": r.route.freshness.stale,
                        "held_since": r.route.held_since and r.route.held_since.isoformat()}
                       for r in rungs]}
