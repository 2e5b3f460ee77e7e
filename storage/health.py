"""Reading a provider's run record for its health, and the last health state the daemon announced."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, inspect
from sqlmodel import Session, select

from core.health import RunFacts
from storage.tables import APPLIED, HealthStateRow, HeldRow, OfferingRow, RunRow

FAILING = ("failed", "held")  # a held run applied nothing either: both count towards "failing"


def run_facts(session: Session, provider: str) -> RunFacts:
    """Last attempt, last success, failed or held runs since it, the newest error, and listed offerings."""
    # named columns, not whole rows: a database of an earlier release, read without upgrading, lacks newer ones
    runs = select(RunRow.id, RunRow.finished_at, RunRow.error).where(RunRow.provider == provider)
    last_attempt = session.exec(select(func.max(RunRow.started_at)).where(RunRow.provider == provider)).one()
    success = session.exec(runs.where(RunRow.status.in_(APPLIED)).order_by(RunRow.id.desc()).limit(1)).first()
    failures = session.exec(select(func.count()).select_from(RunRow).where(
        RunRow.provider == provider, RunRow.status.in_(FAILING), RunRow.id > (success.id if success else 0))).one()
    failed = session.exec(runs.where(RunRow.status.in_(FAILING)).order_by(RunRow.id.desc()).limit(1)).first()
    offerings = session.exec(select(func.count()).select_from(OfferingRow).where(
        OfferingRow.provider == provider, OfferingRow.delisted_at.is_(None))).one()
    return RunFacts(
        last_attempt_at=last_attempt, last_success_at=success and success.finished_at,
        last_refreshed=_last_observed(session, provider), consecutive_failures=failures,
        last_error=failed and failed.error, last_error_at=failed and failed.finished_at, offerings=offerings,
        held_offerings=_held(session, provider), unread_parts=_unread(session, success and success.id))


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
