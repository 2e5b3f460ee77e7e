"""Comparing a run's offerings with the stored current state. Pure: no I/O, no clock."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from core.offering import LIMIT_FIELDS, MAIN_FIELDS, PRICE_FIELDS, Offering, OfferingKey, ScrapeResult
from core.values import TOKENS, USD_PER_MTOK, Value, unknown


@dataclass(frozen=True)
class StoredOffering:
    """An offering as history has it now: its current values (while delisted, those it had last)."""

    key: OfferingKey
    values: dict[str, Value]
    listed: bool
    listed_by: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Value
    new: Value


@dataclass
class Diff:
    added: list[Offering] = field(default_factory=list)
    changed: list[tuple[Offering, list[FieldChange]]] = field(default_factory=list)
    relisted: list[Offering] = field(default_factory=list)
    delisted: list[StoredOffering] = field(default_factory=list)
    unchanged: list[Offering] = field(default_factory=list)
    bodies_unchanged: int = 0  # offerings verified without parsing: the source bodies were the same as last time

    @property
    def seen(self) -> int:
        return len(self.added) + len(self.changed) + len(self.relisted) + self.verified

    @property
    def verified(self) -> int:
        """Offerings confirmed unchanged."""
        return len(self.unchanged) + self.bodies_unchanged

    @property
    def field_changes(self) -> int:
        return sum(len(changes) for _, changes in self.changed)


def diff(stored: dict[OfferingKey, StoredOffering], scraped: ScrapeResult) -> Diff:
    """Added, changed, relisted, unchanged and delisted offerings of one run.

    An offering is delisted only when the source that listed it was read in full
    this run (it is in ``scraped.listings_read``) and no longer lists it.
    """
    result = Diff()
    for offering in scraped.offerings:
        before = stored.get(offering.key)
        complete = completed(offering, before)
        if before is None:
            result.added.append(complete)
        elif not before.listed:
            result.relisted.append(complete)
        elif changes := field_changes(before.values, complete.values):
            result.changed.append((complete, changes))
        else:
            result.unchanged.append(complete)
    seen = {o.key for o in scraped.offerings}
    result.delisted = [s for key, s in stored.items()
                       if s.listed and key not in seen and s.listed_by in scraped.listings_read]
    return result


def completed(offering: Offering, before: StoredOffering | None) -> Offering:
    """The offering with every field filled: unobserved fields keep their stored value,
    fields the source is silent on (or stopped stating) become unknown."""
    old = before.values if before is not None and before.listed else {}
    names = [*MAIN_FIELDS, *sorted((set(offering.values) | set(old)) - set(MAIN_FIELDS))]
    values = {name: _current(name, offering, old) for name in names}
    return replace(offering, values=values, unobserved=frozenset())


def _current(name: str, offering: Offering, old: dict[str, Value]) -> Value:
    if name in offering.values:
        return offering.values[name]
    if name in offering.unobserved and name in old:
        return old[name]
    if name in old:
        return unknown(unit=old[name].unit)
    return unknown(unit=TOKENS if name in LIMIT_FIELDS else _token_unit(offering))


def _token_unit(offering: Offering) -> str:
    """The unit of the offering's token prices (their currency), for a token price it does not state."""
    return next((offering.values[f].unit for f in PRICE_FIELDS if f in offering.values), USD_PER_MTOK)


def field_changes(old: dict[str, Value], new: dict[str, Value]) -> list[FieldChange]:
    """The fields whose state, exact amount or unit differ (0.30 and 0.3 are equal)."""
    return [FieldChange(name, old.get(name, unknown(unit=value.unit)), value)
            for name, value in new.items() if old.get(name, unknown(unit=value.unit)) != value]
