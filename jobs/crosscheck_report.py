"""The cross-check report as JSON-ready data: our side in brief, then each list's counts and findings."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from core.crosscheck import LISTED, SAME, Finding, ListReport, OurOffering, describe_ours, describe_theirs

OURS_UNKNOWN = "ours_unknown"


def as_json(context: dict, ours: list[OurOffering], reports: list[ListReport]) -> dict:
    """The whole report as JSON-ready data."""
    first = min(v.valid_from for o in ours for v in o.versions)
    last = max(o.last_verified for o in ours)
    return context | {"ours": {"offerings": len(ours), "first_observed": first.date().isoformat(),
                               "last_verified": last.date().isoformat()},
                      "lists": [_list_json(r) for r in reports]}


def _list_json(report: ListReport) -> dict:
    plist, findings = report.plist, report.findings
    return {"name": plist.name, "file": plist.file, "date": plist.day.isoformat() if plist.day else None,
            "entries": len(plist.entries), "matched": report.matched,
            "not_in_our_data": {"count": len(report.unmatched), "names": list(report.unmatched)},
            "counts": dict(sorted(Counter(f.kind for f in findings).items())), "notes": list(plist.notes),
            "disagreements": [_finding_json(f) for f in findings if f.kind not in (SAME, OURS_UNKNOWN)],
            "ours_unknown": [_finding_json(f) for f in findings if f.kind == OURS_UNKNOWN]}


def _finding_json(finding: Finding) -> dict:
    key = finding.offering
    return {"model": key.model, "tier": key.tier, "region": key.region, "their_id": finding.their_key,
            "matched_by": finding.via or finding.their_key, "field": finding.field, "kind": finding.kind,
            "ours": _ours_json(finding), "theirs": _theirs_json(finding), "hints": list(finding.hints)}


def _ours_json(finding: Finding) -> dict:
    ours = finding.ours
    return {"value": ours.amount_text() if ours else None, "status": ours.status.value if ours else "listed",
            "date": finding.our_day.isoformat(), "basis": finding.basis, "text": describe_ours(finding)}


def _theirs_json(finding: Finding) -> dict:
    theirs, checked = finding.theirs, finding.checked
    return {"value": _plain(theirs.amount) if theirs else None, "raw": theirs.raw if theirs else None,
            "removed": finding.field == LISTED, "date": finding.their_day.isoformat(),
            "checked": {"label": checked[0], "date": checked[1].isoformat()} if checked else None,
            "text": describe_theirs(finding)}


def _plain(amount: Decimal | int) -> str:
    """An exact amount as plain decimal text ("0.00000013", never "1.3E-7")."""
    return str(amount) if isinstance(amount, int) else format(amount, "f")
