"""The guard: does a run look like a broken scraper rather than a real change? Pure: no I/O.

A run that trips a check is held for review instead of applied (see jobs/review.py).
The checks follow the lessons of public price lists (LiteLLM's sync guard,
changedetection.io): never apply on one odd run a catalogue that is empty or too small,
half of a catalogue or more vanishing at once, many of its prices moving at once (swapped
columns), a stated price or limit that the source stops stating, a price that falls to zero
where the source does not say "free", a move of more than ``max_factor`` either way, a price
whose unit or currency changes (the amounts are then not comparable), or a context limit
that shrinks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from core.diff import Diff, FieldChange, StoredOffering, field_changes
from core.holds import ConfirmAfter
from core.offering import LIMIT_FIELDS, Offering, OfferingKey
from core.values import Status, Value, unknown

SHOWN = 5  # offerings named per problem; the rest are counted
MOVED_FIELDS = ("input", "output")
FREE_WORDS = ("free", "免费")  # a 0 written as one of these is stated free (Volcengine writes 免费)


@dataclass(frozen=True)
class GuardPolicy:
    """Thresholds of the guard; a provider module sets its own, the config file overrides them."""

    min_offerings: int = 1
    max_vanished_share: float = 0.5  # of the offerings listed before; this share or more is held
    max_moved_share: float = 0.3  # of the priced offerings moving input or output from one price to another
    max_factor: Decimal = Decimal(10)
    hold_shrinking_limits: bool = True
    required_fields: tuple[str, ...] = ("input", "output")
    zero_means_free: bool = False  # a new offering's bare 0 is the source's documented "free" (OpenRouter's API)
    hold_alone: bool = True  # a value-level reason holds its offering alone; False: it holds the whole run
    confirm_after: ConfirmAfter = ConfirmAfter()  # when a value held alone is applied for persisting (core/holds.py)


@dataclass
class Assessment:
    """The guard's findings on a run: reasons that hold it whole, and reasons that hold single offerings
    (per offering: the offering as stated, its suspicious fields, one reason per field)."""

    catalogue: list[str] = field(default_factory=list)
    offerings: dict[OfferingKey, tuple[Offering, list[str], list[str]]] = field(default_factory=dict)

    def all(self, limit: int | None = SHOWN) -> list[str]:
        """Every problem as a readable sentence (at most ``limit`` spelled out, the rest counted)."""
        reasons = [f"{key} {reason}" for key, (_, _, found) in self.offerings.items() for reason in found]
        return _summarised([*self.catalogue, *reasons], limit)


def assess(policy: GuardPolicy, stored: dict[OfferingKey, StoredOffering], diff: Diff) -> Assessment:
    """What makes this run, or single offerings of it, suspect. New and relisted offerings are checked
    too: a relisted one against the values it had when it was delisted."""
    found = Assessment(_catalogue_problems(policy, stored, diff))
    relisted = [(o, field_changes(stored[o.key].values, o.values), False) for o in diff.relisted]  # vs its last
    added = [(o, [FieldChange(name, unknown(unit=value.unit), value) for name, value in o.values.items()], True)
             for o in diff.added]
    for offering, changes, new in [*((o, cs, False) for o, cs in diff.changed), *relisted, *added]:
        problems = [(c.field, problem) for c in changes if (problem := _problem(policy, c, new))]
        if problems:
            found.offerings[offering.key] = (offering, [f for f, _ in problems], [f"{f}: {p}" for f, p in problems])
    return found


def check(policy: GuardPolicy, stored: dict[OfferingKey, StoredOffering], diff: Diff,
          limit: int | None = SHOWN) -> list[str]:
    """Every problem of the run, catalogue-level and per offering, as readable sentences; empty when
    all of it may be applied."""
    return assess(policy, stored, diff).all(limit)


def _problem(policy: GuardPolicy, change: FieldChange, new: bool) -> str | None:
    if new:
        return ("is 0, and the source does not say free"
                if _unexplained_zero(change.new) and not policy.zero_means_free else None)
    return _change_problem(policy, change)


def _catalogue_problems(policy: GuardPolicy, stored: dict[OfferingKey, StoredOffering], diff: Diff) -> list[str]:
    if diff.seen == 0:
        return ["no offerings at all"]
    problems = []
    if diff.seen < policy.min_offerings:
        problems.append(f"only {diff.seen} offerings, fewer than the minimum of {policy.min_offerings}")
    listed = sum(1 for s in stored.values() if s.listed)
    if listed and len(diff.delisted) / listed >= policy.max_vanished_share:
        problems.append(f"{len(diff.delisted)} of {listed} listed offerings vanished at once "
                        f"({policy.max_vanished_share:.0%} or more)")
    return problems + _moved_problems(policy, stored, diff)


def _moved_problems(policy: GuardPolicy, stored: dict[OfferingKey, StoredOffering], diff: Diff) -> list[str]:
    """Many offerings moving their input or output price at once, from one stated price to another,
    is more likely a page whose columns moved than a repricing (a price appearing or ceasing to be
    stated does not count)."""
    priced = sum(1 for s in stored.values() if s.listed and any(_is_priced(s.values.get(f)) for f in MOVED_FIELDS))
    moved = sum(1 for _, changes in diff.changed
                if any(c.field in MOVED_FIELDS and _is_priced(c.old) and _is_priced(c.new) for c in changes))
    if moved < 2 or not priced or moved / priced <= policy.max_moved_share:
        return []
    return [f"{moved} of {priced} priced offerings moved their input or output price at once "
            f"(more than {policy.max_moved_share:.0%}): a layout change (swapped columns) rather than a repricing?"]


def _is_priced(value: Value | None) -> bool:
    return value is not None and value.status is Status.PRICED


def _change_problem(policy: GuardPolicy, change: FieldChange) -> str | None:
    old, new = change.old, change.new
    if not old.has_amount:
        return None
    if new.status is Status.UNKNOWN and change.field in policy.required_fields:
        return f"was {_show(old)}, the source no longer states it"
    if change.field in LIMIT_FIELDS:
        shrinks = new.has_amount and new.amount < old.amount and policy.hold_shrinking_limits
        return f"shrinks from {old.amount} to {new.amount} tokens" if shrinks else None
    if old.status is Status.PRICED and _unexplained_zero(new):  # crossing zero: held whatever 0 means
        return f"falls from {_show(old)} to 0, and the source does not say free"
    if old.status is Status.PRICED and new.status is Status.PRICED and old.unit != new.unit:
        return f"changes unit from {_show(old)} to {_show(new)}: not comparable, so not applied unreviewed"
    if old.status is Status.PRICED and new.status is Status.PRICED:
        ratio = new.amount / old.amount
        if ratio > policy.max_factor or ratio < 1 / policy.max_factor:
            return f"moves from {_show(old)} to {_show(new)}, more than {policy.max_factor}x"
    return None


def _unexplained_zero(value: Value) -> bool:
    """A free price the source did not call free: a bare 0, which a broken parse can also give."""
    if value.status is not Status.FREE:
        return False
    raw = value.provenance.raw if value.provenance else None
    return raw is None or not any(word in raw.lower() for word in FREE_WORDS)


def _show(value: Value) -> str:
    return f"{value.amount_text()} {value.unit}" if value.has_amount else value.status.value


def _summarised(problems: list[str], limit: int | None) -> list[str]:
    """At most ``limit`` problems spelled out; the rest counted in one line."""
    if limit is None or len(problems) <= limit:
        return problems
    return [*problems[:limit], f"and {len(problems) - limit} more"]
