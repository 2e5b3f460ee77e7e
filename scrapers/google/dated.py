"""Time-bounded prices ("$0.75 through December 31, 2026." / "$1.50 starting January 1, 2027.").

The value is the price in force at the page's fetch time; a later one is ``Offering.announced``.
"""

from __future__ import annotations

from datetime import date, datetime

from core.errors import ParseError
from core.offering import Announced
from core.values import Provenance, Value
from scrapers.google.fields import Cell, key

Item = tuple[str, Value, str | None, str | None]  # (key, value, "through"/"starting", date)


def dated(items: list[Item], source: Provenance, today: date) -> Cell:
    """The prices in force on ``today``; those starting later are announced, those ended are dropped."""
    values: dict[str, Value] = {}
    announced = []
    for name, value, when, day in items:
        start = _date(day, source) if day else None
        if when == "starting" and start > today:
            announced.append(Announced(key(name), value, start))
        elif when != "through" or today <= start:
            if key(name) in values:
                raise ParseError(f"{source.source}: {source.label}: two prices for {name!r}")
            values[key(name)] = value
    return values, announced


def _date(day: str, source: Provenance) -> date:
    try:
        return datetime.strptime(day, "%B %d, %Y").date()
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {day!r} is not a date") from exc
