"""The record of every run: started before any data is touched, finished inside the data transaction."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Engine, update
from sqlmodel import Session, select

from core.diff import Diff
from core.offering import Provider
from storage.db import writing
from storage.tables import ProviderRow, RunRow


def start_run(engine: Engine, provider: Provider, source: str, now: datetime) -> int:
    """Record a run as started, in its own transaction, so even a run that dies is on record."""
    with Session(writing(engine)) as session:
        session.merge(ProviderRow(id=provider.id, name=provider.name, homepage=provider.homepage))
        run = RunRow(provider=provider.id, started_at=now, source=source)
        session.add(run)
        session.commit()
        return run.id


def finish_run(session: Session, run_id: int, diff: Diff, observed_at: datetime, warnings: list[str],
               now: datetime, status: str = "success", error: str | None = None,
               unread: list[str] | None = None) -> None:
    """Mark a run successful, partial (parts named in ``unread`` were not read) or held (with why)
    with its counts, in the same transaction as its data."""
    run = session.get(RunRow, run_id)
    if unread and status == "success":
        status = "partial"
    run.status, run.finished_at, run.observed_at, run.error = status, now, observed_at, error
    run.offerings = diff.seen
    run.added, run.changed = len(diff.added), len(diff.changed)
    run.relisted, run.delisted, run.verified = len(diff.relisted), len(diff.delisted), diff.verified
    run.changes = len(diff.added) + diff.field_changes + len(diff.relisted) + len(diff.delisted)
    run.warnings = json.dumps(warnings)
    run.unread, run.unobserved, run.held = json.dumps(unread or []), len(diff.unobserved), len(diff.held)


def end_run(engine: Engine, run_id: int, status: str, error: str, now: datetime,
            only_if_running: bool = False) -> None:
    """Mark a run failed or cancelled with its one-line reason; its data was rolled back.
    With ``only_if_running``, a run that has meanwhile finished is left as it is."""
    with Session(writing(engine)) as session:
        run = session.get(RunRow, run_id)
        if not only_if_running or run.status == "running":
            run.status, run.finished_at, run.error = status, now, error
        session.commit()


def abandon_running(engine: Engine, provider: str, now: datetime) -> int:
    """Mark runs still "running" as failed: called by the lock holder, so no one else is running them;
    they belong to a process that was killed before it finished (their data was never committed)."""
    statement = (update(RunRow).where(RunRow.provider == provider, RunRow.status == "running")
                 .values(status="failed", finished_at=now,
                         error="abandoned: the process running it ended before it finished; nothing was written"))
    with Session(writing(engine)) as session:
        count = session.exec(statement).rowcount
        session.commit()
    return count


def held_runs(session: Session, providers: list[str] | None = None) -> list[RunRow]:
    """Runs waiting for review, oldest observation first."""
    query = select(RunRow).where(RunRow.status == "held")
    if providers:
        query = query.where(RunRow.provider.in_(providers))
    return list(session.exec(query.order_by(RunRow.observed_at, RunRow.id)))


def reject_run(session: Session, run: RunRow, reason: str) -> None:
    """Discard a held run: nothing of it is applied, ever; the reason is added to its error."""
    run.status, run.error = "rejected", f"{run.error}; {reason}"


def supersede_held(session: Session, provider: str, accepted: RunRow, now: datetime) -> int:
    """Reject the provider's held runs observed before an accepted one: they can no longer apply."""
    older = [run for run in held_runs(session, [provider])
             if run.id != accepted.id and run.observed_at <= accepted.observed_at]
    for run in older:
        reject_run(session, run, f"superseded: run {accepted.id} was accepted at {now:%Y-%m-%d %H:%M} UTC")
    return len(older)


def run_warnings(session: Session, run_id: int) -> list[str]:
    """The warnings a run recorded."""
    return json.loads(session.get(RunRow, run_id).warnings)


def run_unread(session: Session, run_id: int) -> list[str]:
    """The parts of its sources a run could not read."""
    return json.loads(session.get(RunRow, run_id).unread or "[]")
