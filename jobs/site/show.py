"""How the site writes values: prices by status (unknown is never "$0"), money in its currency, times, tokens."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from core.money import format_money, format_usd
from core.values import currency_of

STATUS_WORDS = {"free": "free", "unknown": "unknown", "not_offered": "not offered", "variable": "varies"}
TIER_NAMES = {"standard": "standard", "batch": "batch", "priority": "priority", "fast": "fast", "flex": "flex",
              "off_peak": "off-peak"}


def price(amount: Decimal | None, status: str | None, currency: str = "USD") -> str:
    """A price cell: "$0.30", "€1.80", "free", "unknown", "not offered", "varies"."""
    if status == "priced" and amount is not None:
        return format_money(amount, currency)
    return STATUS_WORDS.get(status or "unknown", status or "unknown")


def usd(amount: Decimal | None) -> str:
    """A blended price (always USD), or "-" when a route has none."""
    return "-" if amount is None else format_usd(amount)


def tokens(count: int | None) -> str:
    """"131,072", or "unknown"."""
    return "unknown" if count is None else f"{count:,}"


def moment(when: datetime | None) -> str:
    """"2026-01-05 00:11 UTC", or "never"."""
    return "never" if when is None else f"{when:%Y-%m-%d %H:%M} UTC"


def day(when: datetime | None) -> str:
    """"2026-01-05", or "never"."""
    return "never" if when is None else f"{when:%Y-%m-%d}"


def tier(name: str, region: str = "global") -> str:
    """"off-peak", "standard (us)": a tier as people write it, with its region when not global."""
    shown = TIER_NAMES.get(name, name)
    return shown if region == "global" else f"{shown} ({region})"


def parameters(count: int | None) -> str:
    """"117B", "15.5B", "350M", or "unknown"."""
    if count is None:
        return "unknown"
    for size, letter in ((10**12, "T"), (10**9, "B"), (10**6, "M")):
        if count >= size:
            return f"{format((Decimal(count) / size).normalize(), 'f')}{letter}"
    return f"{count:,}"


def yes_no(flag: bool | None, yes: str, no: str) -> str:
    """``yes`` / ``no`` for a stated fact, "unknown" when it is not stated."""
    return "unknown" if flag is None else (yes if flag else no)


def changed_value(exact: str | None, status: str | None, unit: str | None) -> str:
    """One side of a change: a price in its unit's currency, a token count, or the status in words."""
    if status is None:
        return "-"
    if status not in ("priced", "known") or exact is None:
        return STATUS_WORDS.get(status, status)
    if unit == "tokens":
        return tokens(int(Decimal(exact)))
    currency = currency_of(unit or "") or "USD"
    per = (unit or "").split(" ", 1)[1] if unit and " " in unit else ""
    shown = format_money(Decimal(exact), currency)
    return shown if per in ("", "per 1M tokens") else f"{shown} {per}"
