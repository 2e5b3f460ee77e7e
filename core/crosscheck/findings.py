"""What a cross-check finds: one field of one entry against one offering, and a whole list's report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.crosscheck.lists import PublicList, Quote
from core.offering import OfferingKey
from core.values import Value

LISTED = "listed"  # the pseudo-field of an entry that records a removal
SAME, DIFFERS, REMOVED = "same", "differs", "removed"  # and "ours_<status>": ours_unknown, ours_not_offered


@dataclass(frozen=True)
class Finding:
    """One field of one entry against one offering of ours."""

    list_name: str
    file: str
    kind: str
    offering: OfferingKey
    their_key: str
    field: str
    ours: Value | None
    our_day: date
    basis: str
    theirs: Quote | None
    their_day: date
    checked: tuple[str, date] | None = None
    hints: tuple[str, ...] = ()
    via: str = ""

    @property
    def agrees(self) -> bool:
        return self.kind == SAME


@dataclass(frozen=True)
class ListReport:
    """A list compared with our data: every finding, and the entries that match nothing of ours."""

    plist: PublicList
    findings: tuple[Finding, ...]
    unmatched: tuple[str, ...]
    matched: int
