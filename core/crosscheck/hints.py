"""What can be told mechanically about a disagreement: dates, our other values, rounding."""

from __future__ import annotations

from decimal import Decimal

from core.crosscheck.findings import DIFFERS, SAME, Finding
from core.crosscheck.ours import AFTER, BEFORE, NOT_LISTED, OurOffering, OurVersion, as_of
from core.offering import OfferingKey

_BASIS_HINT = {BEFORE: "their date precedes our first observation",
               AFTER: "their date follows our last observation",
               NOT_LISTED: "we saw the offering delisted before their date (our value is its last)"}


def value_hints(finding: Finding, offering: OurOffering, ours: list[OurOffering]) -> tuple[str, ...]:
    """What can be told mechanically about a disagreement: dates, our other values, rounding."""
    if finding.kind == SAME:
        return ()
    hints = basis_hints(finding.basis)
    if finding.kind == DIFFERS:
        hints += _history_hints(finding, offering) + _tier_hints(finding, offering, ours)
    if finding.kind == "ours_not_offered" and finding.theirs.amount == 0:
        hints.append("they write 0 where the source says there is no such price")
    if finding.theirs.rounded:
        hints.append(f"rounded from {finding.theirs.raw}")
    return tuple(hints)


def basis_hints(basis: str) -> list[str]:
    """Where their date falls outside our history, a hint that says so; else none."""
    return [_BASIS_HINT[basis]] if basis in _BASIS_HINT else []


def _history_hints(finding: Finding, offering: OurOffering) -> list[str]:
    return [f"equals our value from {_span(v)}" for v in offering.versions
            if _amount(v, finding.field) == finding.theirs.amount]


def _tier_hints(finding: Finding, offering: OurOffering, ours: list[OurOffering]) -> list[str]:
    return [f"same value as our {_where(o.key)}" for o in ours
            if o.key.model == offering.key.model and o.key != offering.key
            and _amount(as_of(o, finding.their_day)[0], finding.field) == finding.theirs.amount]


def _amount(version: OurVersion, name: str) -> Decimal | int | None:
    value = version.values.get(name)
    return value.amount if value is not None and value.has_amount else None


def _span(version: OurVersion) -> str:
    end = version.valid_to.date().isoformat() if version.valid_to else "now"
    return f"{version.valid_from.date().isoformat()} to {end}"


def _where(key: OfferingKey) -> str:
    return key.tier if key.region == "global" else f"{key.tier}, {key.region}"
