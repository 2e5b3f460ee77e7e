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
    unobserved: list[StoredOffering] = field(default_factory=list)  # listed, but their part was not read
    held: list[Offering] = field(default_factory=list)  # read, but held alone for review: not applied
    bodies_unchanged: int = 0  # offerings verified without parsing: the source bodies were the same as last time

    @property
    def seen(self) -> int:
        return len(self.added) + len(self.changed) + len(self.relisted) + self.verified + len(self.held)

    @property
    def verified(self) -> int:
        """Offerings confirmed unchanged."""
        return len(self.unchanged) + self.bodies_unchanged

    @property
    def field_changes(self) -> int:
        return sum(len(changes) for _, changes in self.changed)


def diff(stored: dict[OfferingKey, StoredOffering], scraped: ScrapeResult) -> Diff:
    """Added, changed, relisted, unchanged, unobserved and delisted offerings of one run.

    An offering is delisted only when the source that listed it was read in full this run (it is in
    ``scraped.listings_read``), no longer lists it, and no part of that source left unread could
    hold it; such an offering is unobserved instead, like one whose own row could not be read.
    """
    result = Diff()
    offerings = _without_needless_placeholders(stored, scraped.offerings)
    for offering in offerings:
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
    seen = {o.key for o in offerings}
    for key, s in stored.items():
        if not s.listed or key in seen:
            continue
        read_in_full = s.listed_by in scraped.listings_read and not _maybe_unread(s, scraped)
        (result.delisted if read_in_full else result.unobserved).append(s)
    return result


def _without_needless_placeholders(stored: dict[OfferingKey, StoredOffering],
                                   offerings: list[Offering]) -> list[Offering]:
    """Placeholders of rows that could not be read stand only for models neither read this run
    nor listed already (those are left unobserved)."""
    read = {o.model.id for o in offerings if o.unread is None}
    listed = {s.key.model for s in stored.values() if s.listed}
    return [o for o in offerings if o.unread is None or (o.model.id not in read and o.model.id not in listed)]


def _maybe_unread(offering: StoredOffering, scraped: ScrapeResult) -> bool:
    """Whether a part of the run's sources that could not be read may have held the offering."""
    return any(offering.key.model in part.models if part.models is not None else part.url == offering.listed_by
               for part in scraped.unread)


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


def without(found: Diff, held: set[OfferingKey]) -> Diff:
    """The diff with the ``held`` offerings taken out of what is applied (into ``held``)."""
    if not held:
        return found
    out = [o for o in [*found.added, *(o for o, _ in found.changed), *found.relisted] if o.key in held]
    return replace(found, added=[o for o in found.added if o.key not in held],
                   changed=[(o, cs) for o, cs in found.changed if o.key not in held],
                   relisted=[o for o in found.relisted if o.key not in held], held=[*found.held, *out])
