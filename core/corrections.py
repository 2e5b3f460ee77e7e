"""Corrections: where a rebuilt history differs from the stored one. Pure: no I/O.

A re-parse (jobs/reparse.py) rebuilds an offering's intervals from the archived bodies.
Where, over some stretch of time, a field's value differs between the stored intervals
and the rebuilt ones, that stretch is a correction: our parser had read it wrong. It is
not a change by the provider, and is never recorded as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.values import Value


@dataclass(frozen=True)
class Interval:
    """An offering's values from valid_from (inclusive) to valid_to (exclusive; None: still current)."""

    valid_from: datetime
    valid_to: datetime | None
    values: dict[str, Value]


@dataclass(frozen=True)
class Correction:
    """From valid_from to valid_to, history said ``old`` and the re-parse says ``new``
    (None: the offering was not listed then)."""

    field: str
    valid_from: datetime
    valid_to: datetime | None
    old: Value | None
    new: Value | None


def corrections(old: list[Interval], new: list[Interval]) -> list[Correction]:
    """Every stretch where a field differs between two timelines of one offering, merged per field."""
    bounds = sorted({i.valid_from for i in old + new} | {i.valid_to for i in old + new if i.valid_to})
    found: list[Correction] = []
    for start, end in zip(bounds, [*bounds[1:], None][:len(bounds)], strict=True):
        before, after = _values_at(old, start), _values_at(new, start)
        if before is None and after is None:
            continue
        for name in sorted(set(before or {}) | set(after or {})):
            was, now = _get(before, name), _get(after, name)
            if was != now:
                _extend(found, Correction(name, start, end, was, now))
    return found


def _values_at(timeline: list[Interval], moment: datetime) -> dict[str, Value] | None:
    for interval in timeline:
        if interval.valid_from <= moment and (interval.valid_to is None or moment < interval.valid_to):
            return interval.values
    return None


def _get(values: dict[str, Value] | None, name: str) -> Value | None:
    return None if values is None else values.get(name)


def _extend(found: list[Correction], correction: Correction) -> None:
    """Append, or lengthen the same field's previous stretch when it ends where this one starts."""
    for i in range(len(found) - 1, -1, -1):
        last = found[i]
        if last.field == correction.field and last.valid_to == correction.valid_from \
                and (last.old, last.new) == (correction.old, correction.new):
            found[i] = Correction(last.field, last.valid_from, correction.valid_to, last.old, last.new)
            return
    found.append(correction)
