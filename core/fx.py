"""Comparing prices across currencies: a dated reference rate, shown beside every converted value.

Prices are stored in the currency their source states and never converted in storage; only a
comparison (the ladder's blended price) converts, with the rate of the comparison's date. The ECB
publishes euro rates (1 EUR = x USD, 1 EUR = y CNY); a currency's USD rate is x / y on the same
date, rounded to 10 places (far below a cent per 1M tokens), and converted values are exact products
of that shown rate. Without a rate, a foreign price is not converted: it is shown as stated, unranked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

PLACES = Decimal("1e-10")


@dataclass(frozen=True)
class UsdRate:
    """What one unit of ``currency`` is worth in USD on ``rate_date``, by ``source``'s reference rates."""

    currency: str
    usd_per_unit: Decimal
    rate_date: date
    source: str = "ECB"

    def describe(self) -> str:
        """"1 EUR = 1.165 USD (ECB, 2026-08-28)"."""
        return f"1 {self.currency} = {format(self.usd_per_unit.normalize(), 'f')} USD ({self.source}, {self.rate_date})"


def usd_rate(currency: str, per_euro: dict[str, Decimal], on: date, source: str = "ECB") -> UsdRate | None:
    """The USD rate of ``currency`` from one day's euro rates (1 EUR = per_euro[c]); None without both."""
    if "USD" not in per_euro or (currency != "EUR" and currency not in per_euro):
        return None
    if currency == "EUR":
        return UsdRate("EUR", per_euro["USD"], on, source)
    return UsdRate(currency, (per_euro["USD"] / per_euro[currency]).quantize(PLACES), on, source)


def to_usd(amount: Decimal, rate: UsdRate) -> Decimal:
    """``amount`` of the rate's currency in USD, exactly at the shown rate."""
    return amount * rate.usd_per_unit


def no_rate_reason(currency: str, as_of: date) -> str:
    """Why a price in ``currency`` is listed unconverted and unranked."""
    return (f"prices in {currency}: no reference rate to USD on or before {as_of} "
            "(python -m jobs.rates reads the ECB's)")
