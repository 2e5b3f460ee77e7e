"""Public price lists of other projects, parsed for cross-checks (core/crosscheck/).

One module per list format; each turns a file's text into a PublicList and never reads
files itself. A file is recognised by its name: ``<format prefix>_<provider...>_<YYYY-MM-DD>.json``
(the date is the list's date) or, for ai-pricelog's history, ``ai-pricelog_<provider>_history.ndjson``
(each record carries its own date). Numbers are read as written (``parse_float=Written``, a Decimal),
never through binary floats; float noise in what the list itself wrote is rounded off with care
(see quote_usd) and the raw text is kept.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

from core.crosscheck import Quote
from core.money import MILLION

_DAY = re.compile(r"_(\d{4}-\d{2}-\d{2})\.[a-z]+$")
_MICRO = Decimal("0.000001")  # 1e-6 USD per 1M tokens: far below any real price step
_NOISE = Decimal("1e-9")  # a relative error this small is float serialisation, not a price


class Written(Decimal):
    """A number as a list writes it: its exact Decimal, and its text for the raw value."""

    def __new__(cls, text: str) -> Written:
        number = super().__new__(cls, text)
        number.text = text
        return number


class ListError(ValueError):
    """A list file that cannot be read as its format says (bad JSON, a value that is not a number)."""


def list_day(file_name: str) -> date | None:
    """The date in a list's file name ("..._2026-02-20.json"), None when it has none."""
    match = _DAY.search(file_name)
    return date.fromisoformat(match.group(1)) if match else None


def load_json(text: str, file_name: str) -> object:
    """JSON with every non-integer number as the Decimal it is written as (never a float)."""
    try:
        return json.loads(text, parse_float=Written)
    except ValueError as exc:
        raise ListError(f"{file_name}: not valid JSON ({exc})") from None


def number(value: object, where: str) -> Decimal | int | None:
    """A number from a list (None stays None); anything else is a ListError naming ``where``."""
    if value is None or isinstance(value, Decimal | int) and not isinstance(value, bool):
        return value
    raise ListError(f"{where}: {value!r} is not a number")


def quote_usd(amount: Decimal | int, per_token: bool = False) -> Quote:
    """A price as a list writes it (USD per token, or per 1M tokens) -> USD per 1M tokens.
    Digits past 1e-6 USD/1M are rounded off only when they are float noise (the rounded value is
    within a billionth of the written one: 2.5999999999999996e-06 -> 2.6); a genuinely finer
    price keeps every digit."""
    exact = Decimal(amount) * (MILLION if per_token else 1)
    raw = f"{getattr(amount, 'text', amount)} USD per {'token' if per_token else '1M tokens'}"
    rounded = exact.quantize(_MICRO)
    if rounded != exact and abs(rounded - exact) <= abs(exact) * _NOISE:
        return Quote(rounded.normalize(), raw, rounded=True)
    return Quote(exact.normalize() if exact else Decimal(0), raw)


def quote_tokens(amount: Decimal | int, where: str) -> Quote:
    """A token limit; a fractional one is a ListError."""
    if isinstance(amount, Decimal) and amount != amount.to_integral_value():
        raise ListError(f"{where}: token limit {amount} is not a whole number")
    return Quote(int(amount), f"{getattr(amount, 'text', amount)} tokens")

