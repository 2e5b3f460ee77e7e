"""Corroboration: which other lists agree with us, or with them, on a disagreement."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from core.crosscheck.findings import Finding, ListReport


def corroborate(reports: list[ListReport]) -> list[ListReport]:
    """Each disagreement told which other lists agree with us or with them on the same field."""
    everything = [f for report in reports for f in report.findings if f.theirs is not None]
    return [replace(report, findings=tuple(_with_others(f, everything) for f in report.findings))
            for report in reports]


def _with_others(finding: Finding, everything: list[Finding]) -> Finding:
    if finding.agrees or finding.theirs is None:
        return finding
    others = [f for f in everything if f.file != finding.file and f.offering == finding.offering
              and f.field == finding.field]
    ours = finding.ours.amount if finding.ours is not None and finding.ours.has_amount else None
    with_us = _names(f for f in others if ours is not None and f.theirs.amount == ours)
    with_them = _names(f for f in others if f.theirs.amount == finding.theirs.amount)
    hints = ([f"agrees with us: {with_us}"] if with_us else []) + ([f"agrees with them: {with_them}"]
                                                                   if with_them else [])
    return replace(finding, hints=finding.hints + tuple(hints))


def _names(findings: Iterable[Finding]) -> str:
    return ", ".join(dict.fromkeys(f"{f.list_name} {f.their_day.isoformat()}" for f in findings))
