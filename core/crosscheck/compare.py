"""Comparing a list with our offerings: each entry against the offerings it names, field by field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from core.crosscheck.findings import DIFFERS, LISTED, REMOVED, SAME, Finding, ListReport
from core.crosscheck.hints import basis_hints, value_hints
from core.crosscheck.lists import ListEntry, PublicList, Quote
from core.crosscheck.matching import index_ours, named_offerings
from core.crosscheck.ours import OurOffering, OurVersion, as_of
from core.values import Status, Value

COMPARED_FIELDS = ("input", "cached_input", "output", "context_window", "max_output_tokens")


def compare_list(plist: PublicList, ours: Iterable[OurOffering]) -> ListReport:
    """Every entry of a list against the offerings of ours it names."""
    ours = list(ours)
    index = index_ours(ours)
    named = [(entry, named_offerings(entry, index)) for entry in plist.entries]
    findings = [f for entry, offerings in named for f in _entry_findings(plist, entry, offerings, ours)]
    unmatched = [entry.key for entry, offerings in named if not offerings]
    matched = sum(1 for _, offerings in named if offerings)
    return ListReport(plist, tuple(findings), tuple(dict.fromkeys(unmatched)), matched)


def _entry_findings(plist: PublicList, entry: ListEntry, offerings: list[tuple[OurOffering, str]],
                    ours: list[OurOffering]) -> list[Finding]:
    return [replace(f, via=via) for offering, via in offerings for f in compare_entry(plist, entry, offering, ours)]


def compare_entry(plist: PublicList, entry: ListEntry, offering: OurOffering,
                  ours: list[OurOffering]) -> list[Finding]:
    """The findings of one entry against one offering: a removal, or each field the entry states."""
    version, our_day, basis = as_of(offering, entry.day)
    base = Finding(plist.name, plist.file, SAME, offering.key, entry.key, LISTED, None, our_day, basis,
                   None, entry.day, entry.checked)
    if entry.removed:
        return [_removal(base, offering)]
    return [_field_finding(base, version, name, entry.quotes[name], offering, ours)
            for name in COMPARED_FIELDS if name in entry.quotes]


def _field_finding(base: Finding, version: OurVersion, name: str, theirs: Quote, offering: OurOffering,
                   ours: list[OurOffering]) -> Finding:
    ours_value = version.values.get(name, Value(Status.UNKNOWN, None))
    finding = replace(base, kind=field_kind(ours_value, theirs), field=name, ours=ours_value, theirs=theirs)
    return replace(finding, hints=value_hints(finding, offering, ours))


def _removal(base: Finding, offering: OurOffering) -> Finding:
    gone = offering.delisted is not None and offering.delisted.date() <= base.their_day
    hints = () if gone else tuple(basis_hints(base.basis))
    return replace(base, kind=SAME if gone else REMOVED, hints=hints)


def field_kind(ours: Value, theirs: Quote) -> str:
    """same / differs when we hold an amount; otherwise "ours_" and our state (ours_unknown...)."""
    if ours.has_amount:
        return SAME if ours.amount == theirs.amount else DIFFERS
    return f"ours_{ours.status.value}"
