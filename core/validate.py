"""Sanity checks on a scrape before it may touch history: absurd values are errors, not prices."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from core.errors import ValidationError
from core.offering import LIMIT_FIELDS, PRICE_FIELDS, TIERS, Offering, ScrapeResult
from core.values import CURRENCIES, Value, per_mtok

MAX_PRICE = Decimal(10_000)  # per 1M tokens (or per unit) in the stated currency: far above any real price
MAX_TOKENS = 100_000_000


def validate(provider: str, result: ScrapeResult) -> None:
    """Raise ValidationError naming the first offering and field that cannot be right.
    (An empty or shrunken catalogue is the guard's business: such a run is held, see core/guard.py.)"""
    dupes = [str(key) for key, n in Counter(o.key for o in result.offerings).items() if n > 1]
    if dupes:
        raise ValidationError(f"{provider}: offerings listed twice: {', '.join(dupes[:5])}")
    for offering in result.offerings:
        if offering.key.tier not in TIERS:
            raise ValidationError(f"{provider}: {offering.key} has tier {offering.key.tier!r}, not one of {TIERS}")
        if problem := _currency_problem(offering):
            raise ValidationError(f"{provider}: {offering.key} {problem}")
        for name, value in offering.values.items():
            if problem := _problem(name, value):
                raise ValidationError(f"{provider}: {offering.key} {name} {problem}")
        for announced in offering.announced:
            if problem := _problem(announced.field, announced.value):
                raise ValidationError(f"{provider}: {offering.key} {announced.field} announced from "
                                      f"{announced.effective_from} {problem}")


def _currency_problem(offering: Offering) -> str | None:
    """The four token prices of an offering are per 1M tokens in one currency, whatever their state."""
    units = {offering.values[f].unit for f in PRICE_FIELDS if f in offering.values}
    if not units <= {per_mtok(c) for c in CURRENCIES}:
        return f"token prices must be per 1M tokens in one of {', '.join(CURRENCIES)}, not {sorted(units)}"
    if len(units) > 1:
        return f"token prices in several currencies: {sorted(units)}"
    return None


def _problem(name: str, value: Value) -> str | None:
    if value.amount is None:
        return None
    if name in LIMIT_FIELDS:
        return None if 0 < value.amount <= MAX_TOKENS else f"= {value.amount} tokens is not a plausible limit"
    if value.amount < 0:
        return f"= {value.amount} is negative"
    if value.amount > MAX_PRICE:
        return f"= {value.amount} {value.unit} is absurdly high"
    return None
