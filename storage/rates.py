"""Stored reference exchange rates (table ``fx_rates``): kept for every date read, never rewritten."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, inspect, text
from sqlmodel import Session, select

from core.fx import UsdRate, usd_rate
from scrapers.ecb import BASE, PublishedRate
from storage.tables import FxRateRow


@dataclass
class StoredRates:
    """What storing one run's rates did: new rates, rates already stored alike, and rates the source
    now states differently from what is stored (kept as stored, and named: a revision is for a person)."""

    new: int = 0
    same: int = 0
    differing: list[str] = field(default_factory=list)


def store_rates(session: Session, source: str, rates: Iterable[PublishedRate], run_id: int) -> StoredRates:
    """Add the rates not stored yet; a stored rate is never changed."""
    stored = {(r.currency, r.rate_date): r for r in session.exec(
        select(FxRateRow).where(FxRateRow.source == source, FxRateRow.base == BASE))}
    outcome = StoredRates()
    for rate in rates:
        known = stored.get((rate.currency, rate.rate_date))
        if known is None:
            session.add(FxRateRow(source=source, base=BASE, currency=rate.currency, rate_date=rate.rate_date,
                                  rate=rate.rate, run_id=run_id))
            stored[(rate.currency, rate.rate_date)] = rate
            outcome.new += 1
        elif known.rate == rate.rate:
            outcome.same += 1
        else:
            outcome.differing.append(f"{rate.rate_date} {rate.currency}: stored {known.rate}, now {rate.rate}")
    return outcome


# the newest date, on or before :as_of, on which the source states both a USD rate and :currency's
_DATE = text("""
SELECT MAX(u.rate_date) FROM fx_rates u JOIN fx_rates c
    ON c.source = u.source AND c.base = u.base AND c.rate_date = u.rate_date
WHERE u.source = :source AND u.base = 'EUR' AND u.currency = 'USD' AND c.currency = :currency
    AND u.rate_date <= :as_of""")
_DAY = text("SELECT currency, rate FROM fx_rates WHERE source = :source AND base = 'EUR' AND rate_date = :day")


def usd_rate_on(connection: Connection, currency: str, as_of: date, source: str = "ecb") -> UsdRate | None:
    """The newest USD rate of ``currency`` on or before ``as_of`` (None before any stored rate)."""
    if not inspect(connection).has_table("fx_rates"):  # a database from before exchange rates
        return None
    params = {"source": source, "currency": "USD" if currency == "EUR" else currency, "as_of": as_of.isoformat()}
    day = connection.execute(_DATE, params).scalar()
    if day is None:
        return None
    per_euro = {c: Decimal(r) for c, r in connection.execute(_DAY, {"source": source, "day": day}).all()}
    return usd_rate(currency, per_euro, date.fromisoformat(str(day)[:10]), source.upper())
