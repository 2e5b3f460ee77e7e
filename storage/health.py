"""Reading a provider's run record for its health, and the last health state the daemon announced."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, inspect
from sqlmodel import Session, select

from core.health import RunFacts
from storage.tables import APPLIED, HealthStateRow, HeldRow, LockRow, OfferingRow, RunRow

FAILING = ("failed", "held")  # a held run applied nothing either: both count towards "failing"
ENDED = (*APPLIED, *FAILING, "cancelled")  # the runs provider_freshness's last_status and last_error are of
ABANDONED = "abandoned: the process running it ended before it finished (its lock expired); nothing was written"


def run_facts(session: Session, provider: str, now: datetime | None = None) -> RunFacts:
    """Last attempt, last success, failed or held runs since it, the latest run's error, and listed offerings.
    With ``now``, a run still "running" whose process no longer holds the provider's lock (its lease
    expired) counts as the failed run it is: abandoned (the next refresh records it so)."""
    # named columns, not whole rows: a database of an earlier release, read without upgrading, lacks newer ones
    runs = select(RunRow.id, RunRow.finished_at, RunRow.error, RunRow.status).where(RunRow.provider == provider)
    last_attempt = session.exec(select(func.max(RunRow.started_at)).where(RunRow.provider == provider)).one()
    success = session.exec(runs.where(RunRow.status.in_(APPLIED)).order_by(RunRow.id.desc()).limit(1)).first()
    abandoned = _abandoned(session, provider, now)
    failures = session.exec(select(func.count()).select_from(RunRow).where(
        RunRow.provider == provider, RunRow.status.in_(FAILING), RunRow.id > (success.id if success else 0))).one()
    failures += sum(1 for run_id in abandoned if run_id > (success.id if success else 0))
    latest = session.exec(runs.where(RunRow.status.in_(ENDED) | RunRow.id.in_(abandoned))
                          .order_by(RunRow.id.desc()).limit(1)).first()
    error, error_at = _latest_error(latest, abandoned, now)
    offerings = session.exec(select(func.count()).select_from(OfferingRow).where(
        OfferingRow.provider == provider, OfferingRow.delisted_at.is_(None))).one()
    return RunFacts(
        last_attempt_at=last_attempt, last_success_at=success and success.finished_at,
        last_refreshed=_last_observed(session, provider), consecutive_failures=failures,
        last_error=error, last_error_at=error_at, offerings=offerings,
        held_offerings=_held(session, provider), unread_parts=_unread(session, success and success.id))


def _abandoned(session: Session, provider: str, now: datetime | None) -> set[int]:
    """Runs still marked "running" though no live lease holds the provider: their process died."""
    if now is None or not inspect(session.connection()).has_table(LockRow.__tablename__):
        return set()
    lock = session.get(LockRow, f"refresh:{provider}")
    if lock is not None and lock.expires_at > now:
        return set()
    return set(session.exec(select(RunRow.id).where(RunRow.provider == provider, RunRow.status == "running")))


def _latest_error(latest, abandoned: set[int], now: datetime | None) -> tuple[str | None, datetime | None]:
    """The error of the latest run (None when it succeeded), as provider_freshness shows it."""
    if latest is None:
        return None, None
    if latest.id in abandoned:
        return ABANDONED, now
    return (latest.error, latest.finished_at) if latest.status in (*FAILING, "cancelled") else (None, None)


def _held(session: Session, provider: str) -> int:
    if not inspect(session.connection()).has_table(HeldRow.__tablename__):
        return 0  # a database of an earlier release, not upgraded yet: nothing was ever held alone
    return session.exec(select(func.count()).select_from(HeldRow).where(
        HeldRow.provider == provider, HeldRow.ended_at.is_(None))).one()


def _unread(session: Session, run_id: int | None) -> int:
    columns = {c["name"] for c in inspect(session.connection()).get_columns(RunRow.__tablename__)}
    if run_id is None or "unread" not in columns:
        return 0
    return len(json.loads(session.exec(select(RunRow.unread).where(RunRow.id == run_id)).one() or "[]"))


def _last_observed(session: Session, provider: str) -> datetime | None:
    return session.exec(select(func.max(RunRow.observed_at)).where(
        RunRow.provider == provider, RunRow.status.in_(APPLIED))).one()


def announced_state(session: Session, provider: str) -> HealthStateRow | None:
    """The state last recorded for the provider, or None before the first check."""
    return session.get(HealthStateRow, provider)


def record_state(session: Session, provider: str, state: str, now: datetime) -> None:
    """Record the provider's current state (``since`` moves only when the state changes)."""
    row = session.get(HealthStateRow, provider)
    if row is None:
        session.add(HealthStateRow(provider=provider, state=state, since=now, checked_at=now))
    elif row.state != state:
        row.state, row.since, row.checked_at = state, now, now
    else:
        row.checked_at = now
