"""Sanity checks on a scrape before it may touch history: absurd values are not read as prices."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import Decimal

from core.errors import ValidationError
from core.offering import LIMIT_FIELDS, PRICE_FIELDS, TIERS, Offering, ScrapeResult, Unread
from core.text import escaped, has_control
from core.values import CURRENCIES, Value, per_mtok

MAX_PRICE = Decimal(10_000)  # per 1M tokens (or per unit) in the stated currency: far above any real price
MAX_TOKENS = 100_000_000


def validate(provider: str, result: ScrapeResult) -> ScrapeResult:
    """The result with every offering that states an absurd value set aside as not read; raise
    ValidationError when the scrape cannot be right as a whole (an offering twice, an unknown tier).

    An absurd value (a negative price, one above MAX_PRICE, an implausible limit, token prices in
    several currencies) costs only its offering: it is named in ``unread``, and the offering is left
    unobserved, or added with unknown values when new, exactly as a row the scraper could not read.
    A model id or name holding control characters is refused the same way, and such an offering is
    never added, not even with unknown values (its text is named escaped: core/text.py).
    (An empty or shrunken catalogue is the guard's business: such a run is held, see core/guard.py.)"""
    dupes = [str(key) for key, n in Counter(o.key for o in result.offerings).items() if n > 1]
    if dupes:
        raise ValidationError(f"{provider}: offerings listed twice: {', '.join(dupes[:5])}")
    if wrong := next((o.key for o in result.offerings if o.key.tier not in TIERS), None):
        raise ValidationError(f"{provider}: {wrong} has tier {wrong.tier!r}, not one of {TIERS}")
    offerings, unread = [], list(result.unread)
    for offering in result.offerings:
        if problem := offering_problem(offering):
            where = f"{offering.listed_by} · offering {escaped(str(offering.key))}"
            unread.append(Unread(offering.listed_by, where, problem, frozenset({offering.key.model})))
            if unsafe(offering):
                continue  # never stored, not even as a placeholder: its id or name is not text to keep
            offering = Offering(offering.key, offering.model, {}, offering.listed_by, unread=problem)
        offerings.append(offering)
    return replace(result, offerings=offerings, unread=unread)


def unsafe(offering: Offering) -> bool:
    """Whether the offering's model id or name holds control characters."""
    return has_control(offering.model.id) or has_control(offering.model.name)


def offering_problem(offering: Offering) -> str | None:
    """What cannot be right in one offering (the first such), or None: an id or name holding control
    characters (they would act on a terminal, break a feed), or a value that cannot be right."""
    for what, text in (("model id", offering.model.id), ("model name", offering.model.name)):
        if has_control(text):
            return f"{what} '{escaped(text)}' holds control characters"
    if problem := _currency_problem(offering):
        return problem
    for name, value in offering.values.items():
        if problem := _problem(name, value):
            return f"{name} {problem}"
    for announced in offering.announced:
        if problem := _problem(announced.field, announced.value):
            return f"{announced.field} announced from {announced.effective_from} {problem}"
    return None


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
