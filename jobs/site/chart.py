"""A route's price history as an inline SVG chart: step lines of input and output over time. Pure.

Coordinates are computed with Decimal (they are positions, not money) and written with one decimal.
An interval whose value has no amount (unknown, not offered, variable) leaves a gap in its line; free is 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from core.money import format_money
from jobs.site.show import STATUS_WORDS, moment

WIDTH, HEIGHT = 560, 160
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 10, 26
SERIES = ("input", "output")


@dataclass(frozen=True)
class Interval:
    """One stretch of an offering's history: values in force from ``start`` (inclusive) to ``end``."""

    start: datetime
    end: datetime | None  # None: still in force
    amounts: dict[str, Decimal | None]  # input / output: the amount, 0 for free, None without one
    statuses: dict[str, str]


@dataclass(frozen=True)
class Segment:
    """A horizontal piece of a step line, with the exact value it stands for."""

    x1: str
    x2: str
    y: str
    title: str


@dataclass(frozen=True)
class Line:
    name: str  # input | output
    segments: list[Segment]
    risers: list[tuple[str, str, str]]  # x, y1, y2: the vertical steps between adjacent segments


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: list[Line]
    y_top_label: str | None  # the highest amount drawn, exactly (None when it is 0: the axis says so)
    y_top: str  # where it is drawn
    x_labels: tuple[str, str]
    plot: tuple[int, int, int, int]  # left, top, right, bottom of the plotting area
    empty: bool  # no amount to draw at all


def chart(intervals: list[Interval], now: datetime, currency: str) -> Chart:
    """The chart of these intervals (oldest first), from the first start to ``now``."""
    start = min(i.start for i in intervals)
    end = max([now, *(i.end for i in intervals if i.end)])
    end = end if end > start else start + timedelta(days=1)
    amounts = [a for i in intervals for a in (i.amounts[s] for s in SERIES) if a is not None]
    highest = max(amounts, default=Decimal(0))
    scale = _Scale(start, end, highest * Decimal("1.1") or Decimal(1))
    lines = [_line(name, intervals, scale, currency) for name in SERIES]
    return Chart(WIDTH, HEIGHT, lines, format_money(highest, currency) if highest else None, scale.y(highest),
                 (f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"), (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM),
                 not amounts)


class _Scale:
    def __init__(self, start: datetime, end: datetime, top: Decimal) -> None:
        self.start, self.span, self.top = start, Decimal((end - start).total_seconds()), top

    def x(self, when: datetime) -> str:
        share = Decimal((when - self.start).total_seconds()) / self.span
        return _coordinate(LEFT + share * (WIDTH - LEFT - RIGHT))

    def y(self, amount: Decimal) -> str:
        return _coordinate(HEIGHT - BOTTOM - amount / self.top * (HEIGHT - TOP - BOTTOM))

    def end_x(self, when: datetime | None) -> str:
        return self.x(when) if when is not None else _coordinate(Decimal(WIDTH - RIGHT))


def _coordinate(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1")))


def _line(name: str, intervals: list[Interval], scale: _Scale, currency: str) -> Line:
    segments, risers, previous = [], [], None
    for interval in intervals:
        amount = interval.amounts[name]
        if amount is None:
            previous = None
            continue
        segment = Segment(scale.x(interval.start), scale.end_x(interval.end), scale.y(amount),
                          _title(name, interval, amount, currency))
        if previous is not None and previous.x2 == segment.x1 and previous.y != segment.y:
            risers.append((segment.x1, previous.y, segment.y))
        segments.append(segment)
        previous = segment
    return Line(name, segments, risers)


def _title(name: str, interval: Interval, amount: Decimal, currency: str) -> str:
    status = interval.statuses[name]
    shown = format_money(amount, currency) if status == "priced" else STATUS_WORDS.get(status, status)
    until = f"until {moment(interval.end)}" if interval.end else "until now"
    return f"{name} {shown} per 1M tokens, from {moment(interval.start)} {until}"
