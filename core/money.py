"""Exact parsing of money as providers write it. Never float."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MILLION = Decimal(1_000_000)
_DOLLARS = re.compile(r"^\$\s*(\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)$")
_PLAIN = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$")


def parse_dollars(text: str) -> Decimal:
    """"$0.30" or "$1,200.50" -> Decimal; anything else raises ValueError naming the text."""
    match = _DOLLARS.match(text.strip())
    if not match:
        raise ValueError(f"not a dollar amount: {text!r}")
    return Decimal(match.group(1).replace(",", ""))


def parse_decimal(text: str) -> Decimal:
    """A plain decimal number as a string ("0.0000003", "-1") -> Decimal; no NaN, no infinity."""
    if not isinstance(text, str) or not _PLAIN.match(text.strip()):
        raise ValueError(f"not a decimal number: {text!r}")
    try:
        return Decimal(text.strip())
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid numbers
        raise ValueError(f"not a decimal number: {text!r}") from exc


def per_token_to_per_million(per_token: Decimal) -> Decimal:
    """USD per token -> USD per 1M tokens, exactly."""
    return per_token * MILLION


def per_thousand_to_per_million(per_thousand: Decimal) -> Decimal:
    """A price per 1K tokens -> per 1M tokens, exactly (AWS states Bedrock's prices per 1K)."""
    return per_thousand * 1000


def plain(amount: Decimal) -> Decimal:
    """The same amount without trailing zeros or an exponent: 0.00228000 -> 0.00228, 1E+1 -> 10."""
    normal = amount.normalize()
    return normal.quantize(Decimal(1)) if normal.as_tuple().exponent > 0 else normal


def format_usd(amount: Decimal) -> str:
    """$0.30, $15.00, $0.0075: at least two decimals, never rounded."""
    return format_money(amount, "USD")


SYMBOLS = {"USD": "$", "EUR": "€", "CNY": "¥"}


def format_money(amount: Decimal, currency: str = "USD") -> str:
    """$0.30, €1.80, ¥0.60: at least two decimals, never rounded; other currencies as "1.80 XYZ"."""
    exponent = amount.normalize().as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 2)
    number = f"{amount:.{places}f}"
    return f"{SYMBOLS[currency]}{number}" if currency in SYMBOLS else f"{number} {currency}"
