"""How fresh a value is: whole days since a successful run last confirmed it. Pure: the clock is passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_STALE_AFTER_DAYS = 7
MAX_STALE_AFTER_DAYS = 3650  # ten years: a larger threshold is a typo, and overflows date arithmetic


@dataclass(frozen=True)
class Freshness:
    last_refreshed: datetime | None
    days_ago: int | None
    status_text: str
    stale: bool


def days_since(moment: datetime, now: datetime) -> int:
    """Whole days elapsed (24-hour periods), never negative."""
    return max(0, (now - moment) // timedelta(days=1))


def status_text(days_ago: int | None) -> str:
    """"Researched today", "Researched 1d ago", "Researched 16d ago", or "Never researched"."""
    if days_ago is None:
        return "Never researched"
    return "Researched today" if days_ago == 0 else f"Researched {days_ago}d ago"


def freshness(last_refreshed: datetime | None, now: datetime,
              stale_after_days: int = DEFAULT_STALE_AFTER_DAYS) -> Freshness:
    """Freshness of a value last confirmed at ``last_refreshed``; stale once more than N days have passed."""
    if last_refreshed is None:
        return Freshness(None, None, status_text(None), True)
    days = days_since(last_refreshed, now)
    return Freshness(last_refreshed, days, status_text(days), now - last_refreshed > timedelta(days=stale_after_days))
