"""Our side of a cross-check: an offering's history, and which version of it stands for a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.offering import OfferingKey
from core.values import Value

# where their date falls against our history: within a version, before the first, after the last
# confirmation of a current one, or after a version closed (delisted then, relisted later or not)
COVERED, BEFORE, AFTER, NOT_LISTED = "covered", "before", "after", "not listed"


@dataclass(frozen=True)
class OurVersion:
    """One interval of our history: values from ``valid_from`` (inclusive) to ``valid_to``."""

    valid_from: datetime
    valid_to: datetime | None
    values: dict[str, Value]


@dataclass(frozen=True)
class OurOffering:
    """An offering of ours with its whole history (oldest first). ``row`` is the pricing-page row
    whose Standard column it was read from ("Kimi K3 US"), None for other offerings."""

    key: OfferingKey
    row: str | None
    versions: tuple[OurVersion, ...]
    last_verified: datetime
    delisted: datetime | None = None


def as_of(offering: OurOffering, day: date) -> tuple[OurVersion, date, str]:
    """Our version on ``day`` when our history covers it, else the nearest one; with the date
    that describes it (valid from, first seen, last verified, delisted on) and where ``day`` fell."""
    first = offering.versions[0]
    if day < first.valid_from.date():
        return first, first.valid_from.date(), BEFORE
    version = next(v for v in reversed(offering.versions) if v.valid_from.date() <= day)
    ends = version.valid_to.date() if version.valid_to else offering.last_verified.date()
    inside = day < ends if version.valid_to else day <= ends
    if inside:
        return version, version.valid_from.date(), COVERED
    if version.valid_to is not None:  # we saw it gone on valid_to: its values then are the last we had
        return version, version.valid_to.date(), NOT_LISTED
    return version, offering.last_verified.date(), AFTER
