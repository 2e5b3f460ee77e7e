"""A model's price ladder: its routes (provider x tier x region), cheapest blended price first.

blended = (input_weight x input + output_weight x output) / (input_weight + output_weight), in USD
per 1M tokens, exact. A route without both an input and an output amount (unknown, not offered,
variable) has no blended price: it is listed after the ranked routes, never ranked as free.
A route priced in another currency (EUR, CNY) keeps its prices as stated; its blended price is
converted to USD at the dated reference rate the route carries (core/fx.py), shown beside it; without
a rate it is listed unconverted and unranked, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.freshness import Freshness
from core.fx import UsdRate, to_usd

DEFAULT_WEIGHTS = (Decimal(3), Decimal(1))
MAX_WEIGHT = Decimal(1_000_000)  # bounds the arithmetic: a weighting is a ratio, not an amount


@dataclass(frozen=True)
class Route:
    """One way to buy a model: a provider's listed offering (tier, region) with its current prices."""

    provider: str
    provider_name: str
    model: str  # the provider's own model id
    tier: str
    region: str
    input: Decimal | None
    cached_input: Decimal | None
    output: Decimal | None
    statuses: dict[str, str]  # input / cached_input / output -> priced, free, unknown, not_offered, variable
    context_window: int | None
    last_verified_at: datetime
    freshness: Freshness
    currency: str = "USD"  # the currency input, cached_input and output are stated in
    rate: UsdRate | None = None  # the reference rate its blended price is converted with (foreign currency)
    no_rate: str | None = None  # why a foreign-currency route is not converted (no rate for the date)
    held_since: datetime | None = None  # the source states values held for review since then: these are the last applied


@dataclass(frozen=True)
class Rung:
    """A route's place in the ladder: its rank (None when unranked) and blended price."""

    rank: int | None
    route: Route
    blended: Decimal | None


def blended(route: Route, weights: tuple[Decimal, Decimal] = DEFAULT_WEIGHTS) -> Decimal | None:
    """The weighted mean of input and output in USD per 1M tokens, exact; None without both amounts,
    or in a foreign currency without a rate."""
    if route.input is None or route.output is None:
        return None
    mean = (weights[0] * route.input + weights[1] * route.output) / (weights[0] + weights[1])
    if route.currency == "USD":
        return mean
    return None if route.rate is None else to_usd(mean, route.rate)


def ladder(routes: list[Route], weights: tuple[Decimal, Decimal] = DEFAULT_WEIGHTS, ranked: bool = True) -> list[Rung]:
    """Ranked routes cheapest first (equal prices share a rank), then the routes without a blended price.
    Unranked (``ranked`` False, for a model that does not produce text): every route, none ranked."""
    if not ranked:
        return [Rung(None, r, None) for r in sorted(routes, key=lambda r: (r.provider, r.tier, r.region, r.model))]
    priced = sorted(((blended(r, weights), r) for r in routes if blended(r, weights) is not None),
                    key=lambda pair: (pair[0], pair[1].provider, pair[1].tier, pair[1].region, pair[1].model))
    rungs, rank = [], 0
    for index, (price, route) in enumerate(priced):
        rank = index + 1 if index == 0 or price != priced[index - 1][0] else rank
        rungs.append(Rung(rank, route, price))
    unpriced = sorted((r for r in routes if blended(r, weights) is None),
                      key=lambda r: (r.provider, r.tier, r.region, r.model))
    return rungs + [Rung(None, route, None) for route in unpriced]


def headline(rungs: list[Rung]) -> str:
    """"Cheapest of 4 routes · DeepInfra", as a model reference page shows it."""
    ranked = [rung for rung in rungs if rung.rank is not None]
    if not ranked:
        unconverted = sum(1 for rung in rungs if rung.route.no_rate)
        if unconverted:
            return (f"No route ranked ({len(rungs)} listed; {unconverted} priced in another currency "
                    "without a reference rate to USD)")
        return f"No route with both an input and an output price ({len(rungs)} listed)"
    cheapest = sorted({rung.route.provider_name for rung in ranked if rung.rank == 1})
    plural = "route" if len(ranked) == 1 else "routes"
    return f"Cheapest of {len(ranked)} {plural} · {' / '.join(cheapest)}"


def parse_weights(text: str) -> tuple[Decimal, Decimal]:
    """"3:1" -> (3, 1); both positive numbers, else ValueError."""
    parts = text.split(":")
    try:
        weights = tuple(Decimal(part) for part in parts)
    except ArithmeticError:
        weights = ()
    if len(weights) != 2 or not all(w.is_finite() and 0 < w <= MAX_WEIGHT for w in weights):
        raise ValueError(f"{text!r} is not an input:output weighting such as 3:1 (each above 0, at most {MAX_WEIGHT})")
    return weights
