"""The short human summary a refresh prints: counts, then what was added, changed and delisted."""

from __future__ import annotations

from datetime import datetime

from core.diff import FieldChange
from core.freshness import freshness
from core.offering import Offering
from core.money import format_money
from core.values import USD_PER_MTOK, Status, Value, currency_of
from jobs.runner import HELD_PREFIX, RunReport

ADDED_SHOWN = 10  # lines of each kind (added, relisted, changed, delisted) a summary shows without --verbose
_STATES = {Status.FREE: "free", Status.UNKNOWN: "unknown", Status.NOT_OFFERED: "not offered",
           Status.VARIABLE: "variable"}


def show(value: Value) -> str:
    """$0.30, free, unknown, not offered, variable, 8,192 tokens, $0.01 USD per request."""
    if value.status in _STATES:
        return _STATES[value.status]
    if value.status is Status.KNOWN:
        return f"{value.amount:,} tokens"
    money = format_money(value.amount, currency_of(value.unit) or "USD")
    return money if value.unit == USD_PER_MTOK else f"{money} ({value.unit})"


def summarize(report: RunReport, now: datetime, stale_after_days: int, verbose: bool = False) -> str:
    """Several lines describing one provider's run."""
    head = f"{report.provider}: {report.status}"
    if report.run_id is not None:
        head += f" · run {report.run_id}"
    if report.error and report.status != "held":
        return f"{head} · {report.source}\n  error: {report.error}"
    head += f" · {report.source} · observed {report.observed_at:%Y-%m-%d %H:%M} UTC"
    if report.status != "held":  # a held run confirmed nothing: the stored data's age is unchanged
        fresh = freshness(report.observed_at, now, stale_after_days)
        head += f" · {fresh.status_text}" + (" (stale)" if fresh.stale else "")
    return "\n".join([head, *_held(report), *(_body(report, verbose) if report.diff else [])])


def _held(report: RunReport) -> list[str]:
    """Why the guard held the run, one reason a line."""
    if report.status != "held" or not report.error:
        return []
    reasons = report.error.removeprefix(HELD_PREFIX).split("; ")
    return ["  held for review (nothing applied):", *(f"    {reason}" for reason in reasons)]


def _body(report: RunReport, verbose: bool) -> list[str]:
    d = report.diff
    lines = [f"  {d.seen} offerings seen: {len(d.added)} added, {len(d.changed)} changed, "
             f"{len(d.relisted)} relisted, {len(d.delisted)} delisted, {d.verified} verified unchanged"
             + (f", {len(d.unobserved)} unobserved (not read this run: they keep their values and age)"
                if d.unobserved else "")
             + (f", {len(d.held)} held alone (not applied: they keep their last values)" if d.held else "")]
    lines += _first("added", [f"  added    {o.key}  {_prices(o)}" for o in d.added], verbose)
    lines += _first("relisted", [f"  relisted {o.key}  {_prices(o)}" for o in d.relisted], verbose)
    lines += _first("changed", [f"  changed  {o.key}  {'; '.join(_change(c) for c in cs)}" for o, cs in d.changed],
                    verbose)
    lines += _first("delisted", [f"  delisted {s.key}" for s in d.delisted], verbose)
    lines += _holds(report)
    lines += _announced([*d.added, *(o for o, _ in d.changed), *d.relisted, *d.unchanged])
    lines += [f"  warning: {w}" for w in report.warnings]
    lines += [f"  not read: {part}" for part in report.unread]
    return lines


def _first(kind: str, lines: list[str], verbose: bool) -> list[str]:
    """The first ADDED_SHOWN lines of a kind and how many more there are; all of them with --verbose."""
    if verbose or len(lines) <= ADDED_SHOWN:
        return lines
    return [*lines[:ADDED_SHOWN], f"  ... and {len(lines) - ADDED_SHOWN} more {kind} (--verbose lists them all)"]


def _holds(report: RunReport) -> list[str]:
    """The offerings held alone, and the holds that ended this run."""
    plan = report.holds
    if plan is None:
        return []
    lines = [f"  held     {o.key}  {'; '.join(reasons)}" for o, _, reasons in plan.started]
    lines += [f"  held     {o.key}  {'; '.join(reasons)} (stated again: run {hold.runs + 1} of the hold)"
              for hold, o, reasons in plan.continued]
    lines += [f"  confirmed {o.key}  held since {hold.first_seen_at:%Y-%m-%d %H:%M} UTC, stated by every run "
              "since: applied from then" for hold, o in plan.confirmed]
    return lines + [f"  released {hold.key}  the held values are no longer stated" for hold in plan.released]


def _announced(offerings: list[Offering]) -> list[str]:
    """One line counting the future prices the source announces (kept in price_announcements)."""
    dates = sorted(a.effective_from for o in offerings for a in o.announced)
    if not dates:
        return []
    return [f"  announced {len(dates)} future prices of {sum(1 for o in offerings if o.announced)} offerings, "
            f"from {dates[0]} (not applied before their date; see price_announcements)"]


def _prices(offering: Offering) -> str:
    v = offering.values
    return (f"in {show(v['input'])} / cached {show(v['cached_input'])} / out {show(v['output'])}"
            f" · context {show(v['context_window'])}")


def _change(change: FieldChange) -> str:
    return f"{change.field} {show(change.old)} -> {show(change.new)}"
