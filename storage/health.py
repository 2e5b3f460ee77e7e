"""Reading a provider's run record for its health, and the last health state the daemon announced."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from core.health import RunFacts
from storage.tables import APPLIED, HealthStateRow, OfferingRow, RunRow

FAILING = ("failed", "held")  # a held run applied nothing either: both count towards "failing"


def run_facts(session: Session, provider: str) -> RunFacts:
    """Last attempt, last success, failed or held runs since it, the newest error, and listed offerings."""
    runs = select(RunRow).where(RunRow.provider == provider)
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
        last_error=failed and failed.error, last_error_at=failed and failed.finished_at, offerings=offerings)


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
