"""Holding single offerings: what a run does with each suspicious value. Pure: no I/O, no clock.

A value-level reason of the guard (a move of more than 10x, a fall to a bare 0, a price no longer
stated, a shrinking limit) holds only the offering it concerns: the offering keeps its last applied
values and the rest of the run is applied. Each later run decides again, against those values:

- the same suspicious values again: the hold goes on (counted, not announced again); once every
  run over the policy's span (default: at least 3 runs and 24 hours) has stated them, they are
  **confirmed**: applied as from the first run that stated them;
- other suspicious values: the hold is **replaced** by a new one;
- nothing suspicious any more (the old value is stated again, or a value that needs no review):
  the hold is **released** and the offering applied as usual.

A hold rejected in review is never confirmed; it ends, released, when the source stops stating it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from core.offering import Offering, OfferingKey
from core.values import Value


@dataclass(frozen=True)
class ConfirmAfter:
    """How long a held value must persist before it is applied: ``runs`` runs over ``span``; never when runs is None."""

    runs: int | None = 3
    span: timedelta = timedelta(hours=24)

    def met(self, runs: int, first_seen: datetime, last_seen: datetime) -> bool:
        return self.runs is not None and runs >= self.runs and last_seen - first_seen >= self.span

    def __str__(self) -> str:
        return "never" if self.runs is None else f"{self.runs} runs over {self.span}"


@dataclass
class Hold:
    """An offering held across runs, as stored."""

    key: OfferingKey
    signature: str  # the suspicious fields and the values stated for them
    first_seen_at: datetime
    runs: int
    rejected: bool = False
    id: int | None = None


@dataclass
class Plan:
    """What a run does with holds: start, go on with, confirm, replace or release them."""

    started: list[tuple[Offering, list[str], list[str]]] = field(default_factory=list)  # offering, fields, reasons
    continued: list[tuple[Hold, Offering, list[str]]] = field(default_factory=list)
    confirmed: list[tuple[Hold, Offering]] = field(default_factory=list)
    replaced: list[Hold] = field(default_factory=list)
    released: list[Hold] = field(default_factory=list)

    @property
    def held(self) -> set[OfferingKey]:
        """The offerings this run does not apply."""
        return {o.key for o, _, _ in self.started} | {o.key for _, o, _ in self.continued}


def signature(offering: Offering, fields: list[str]) -> str:
    """The suspicious fields of an offering and the values stated for them, comparable across runs."""
    return json.dumps({name: _state(offering.values.get(name)) for name in sorted(set(fields))}, sort_keys=True)


def _state(value: Value | None) -> list[str | None]:
    return [None, None, None] if value is None else [value.status.value, value.amount_text(), value.unit]


def plan(problems: dict[OfferingKey, tuple[Offering, list[str], list[str]]], holds: dict[OfferingKey, Hold],
         seen: set[OfferingKey], at: datetime, runs_confirm: ConfirmAfter) -> Plan:
    """Decide every hold for a run observed at ``at``. ``problems`` maps each suspicious offering to
    (offering, suspicious fields, reasons); ``seen`` are the offerings the run read."""
    result = Plan()
    for key, (offering, fields, reasons) in problems.items():
        hold = holds.get(key)
        if hold is None:
            result.started.append((offering, fields, reasons))
        elif hold.signature != signature(offering, fields):
            result.replaced.append(hold)
            result.started.append((offering, fields, reasons))
        elif not hold.rejected and runs_confirm.met(hold.runs + 1, hold.first_seen_at, at):
            result.confirmed.append((hold, offering))
        else:
            result.continued.append((hold, offering, reasons))
    result.released = [hold for key, hold in holds.items() if key in seen and key not in problems]
    return result
