"""A finding for people: values as money, token counts or our state, each with its date."""

from __future__ import annotations

from decimal import Decimal

from core.crosscheck.findings import LISTED, Finding
from core.crosscheck.lists import Quote
from core.crosscheck.ours import AFTER, BEFORE, COVERED, NOT_LISTED
from core.money import format_usd
from core.values import Value

LIMITS = ("context_window", "max_output_tokens")
_BASIS_TEXT = {COVERED: "since", BEFORE: "first seen", AFTER: "last verified", NOT_LISTED: "delisted"}


def show(value: Value | Quote | None, field_name: str) -> str:
    """A value for people: $0.30 for money, 262,144 for limits, or our state (unknown...)."""
    if value is None:
        return "listed"
    if isinstance(value, Value) and not value.has_amount:
        return value.status.value.replace("_", " ")
    if field_name in LIMITS:
        return f"{value.amount:,}"
    return format_usd(Decimal(value.amount))


def describe_ours(finding: Finding) -> str:
    """Our side of a finding: the value and the date it stands on ("$0.07 (first seen 2026-08-26)")."""
    return f"{show(finding.ours, finding.field)} ({_BASIS_TEXT[finding.basis]} {finding.our_day.isoformat()})"


def describe_theirs(finding: Finding) -> str:
    """Their side: the value and its date, with the list's own per-entry date when it has one."""
    value = "removed" if finding.field == LISTED else show(finding.theirs, finding.field)
    checked = f", {finding.checked[0]} {finding.checked[1].isoformat()}" if finding.checked else ""
    return f"{value} ({finding.their_day.isoformat()}{checked})"
