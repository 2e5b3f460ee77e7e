"""What one request cost: token counts times the prices in force, exact. Pure: the prices are passed in.

Token counts are separate, not nested: ``input`` tokens are billed at the input price, ``cached_input``
tokens (cache reads) at the cached-input price, ``cache_write`` tokens at the cache-write price and
``output`` tokens at the output price. Prices are per 1M tokens. Prices above a prompt-size threshold
(``other:input_above_200k``: the provider's price for prompts of more than 200,000 tokens) replace the
base prices when the request's prompt (input + cached input + cache write tokens) is larger; a field
the provider states no such price for has no known price for that prompt.

A field needed by the request (its token count above 0) whose price is unknown, not offered or
variable is an error naming the field: never read as free. Free is 0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, Inexact, localcontext

from core.money import plain
from core.offering import OTHER_PREFIX, PRICE_FIELDS
from core.values import Status, Value

MILLION = 6  # prices are per 10**6 tokens
_ABOVE = re.compile(r"(?P<field>[a-z_]+)_above_(?P<count>\d+)(?P<scale>[km])")
_SCALE = {"k": 1_000, "m": 1_000_000}


class CostError(ValueError):
    """A request whose cost cannot be known from the stated prices."""


def request_cost(values: Mapping[str, Value], tokens: Mapping[str, int], what: str) -> Decimal:
    """The exact cost of ``tokens`` (field -> count) at ``values`` (the offering's values), in their currency.
    ``what`` names the offering in errors."""
    for field, count in tokens.items():
        if field not in PRICE_FIELDS or not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise CostError(f"{field}={count!r}: token counts are whole numbers of 0 or more, for {PRICE_FIELDS}")
    prompt = sum(tokens.get(f, 0) for f in ("input", "cached_input", "cache_write"))
    prices, above = prices_for_prompt(values, prompt)
    where = f" for prompts above {above:,} tokens" if above else ""
    with localcontext() as exact:
        exact.prec, exact.traps[Inexact] = 80, True  # a rounded product would raise, not pass unnoticed
        return plain(sum((count * _amount(prices.get(field), field, f"{what}: the {field} price{where}")
                          for field, count in tokens.items() if count), Decimal(0)).scaleb(-MILLION))


def prices_for_prompt(values: Mapping[str, Value], prompt_tokens: int) -> tuple[dict[str, Value], int | None]:
    """The price of each token field for a prompt of ``prompt_tokens``, and the threshold it exceeds.
    Above the highest threshold the offering states a price for, each field takes its price above it;
    a field without one has no known price there (the base price is not assumed to hold)."""
    above: dict[int, dict[str, Value]] = {}
    for name, value in values.items():
        match = _ABOVE.fullmatch(name.removeprefix(OTHER_PREFIX)) if name.startswith(OTHER_PREFIX) else None
        if match and match["field"] in PRICE_FIELDS:
            above.setdefault(int(match["count"]) * _SCALE[match["scale"]], {})[match["field"]] = value
    passed = max((threshold for threshold in above if prompt_tokens > threshold), default=None)
    if passed is None:
        return {field: values[field] for field in PRICE_FIELDS if field in values}, None
    return dict(above[passed]), passed


def _amount(value: Value | None, field: str, what: str) -> Decimal:
    if value is not None and value.status is Status.FREE:
        return Decimal(0)
    if value is None or value.status is not Status.PRICED or value.amount is None:
        status = "not stated" if value is None else value.status.value.replace("_", " ")
        raise CostError(f"{what} is {status}, so the cost of {field} tokens is not known")
    return value.amount
