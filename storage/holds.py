"""Offerings held alone (table held_offerings): loading the holds that last, recording what a run decided.

Runs inside the caller's session, like storage/history.py: a run's holds land with its data or not at all.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import inspect
from sqlmodel import Session, select

from core.holds import Hold, Plan, signature
from core.offering import ModelInfo, Offering, OfferingKey
from core.values import Value
from storage.codec import values_from_json, values_json
from storage.tables import HeldRow

LASTING = ("held", "rejected")  # statuses of holds that have not ended


def lasting_rows(session: Session, provider: str) -> dict[OfferingKey, HeldRow]:
    if not inspect(session.connection()).has_table(HeldRow.__tablename__):
        return {}  # a database of an earlier release read as it is (a dry run): nothing is held there
    query = select(HeldRow).where(HeldRow.provider == provider, HeldRow.ended_at.is_(None))
    return {OfferingKey(row.model, row.tier, row.region): row for row in session.exec(query)}


def holds_of_run(session: Session, run_id: int) -> tuple[list[HeldRow], list[HeldRow]]:
    """The holds a run started, and those it ended (confirmed, released, replaced)."""
    started = session.exec(select(HeldRow).where(HeldRow.first_run_id == run_id).order_by(HeldRow.id)).all()
    ended = session.exec(select(HeldRow).where(HeldRow.ended_by_run == run_id).order_by(HeldRow.id)).all()
    return list(started), list(ended)


def lasting_rows_of(session: Session, providers: list[str] | None = None) -> list[HeldRow]:
    """Every lasting hold (of these providers), oldest first."""
    query = select(HeldRow).where(HeldRow.ended_at.is_(None))
    if providers:
        query = query.where(HeldRow.provider.in_(providers))
    return list(session.exec(query.order_by(HeldRow.first_seen_at, HeldRow.id)))


def lasting_holds(session: Session, provider: str) -> dict[OfferingKey, Hold]:
    """The provider's holds that have not ended, by offering."""
    return {key: Hold(key, row.signature, row.first_seen_at, row.runs, row.status == "rejected", row.id)
            for key, row in lasting_rows(session, provider).items()}


def held_values(session: Session, hold: Hold) -> dict[str, Value]:
    """The values of a held offering as the first run that stated them read them."""
    return values_from_json(session.get(HeldRow, hold.id).stated)


def held_offering(session: Session, row: HeldRow) -> Offering:
    """The held offering as the first run that stated it read it."""
    key = OfferingKey(row.model, row.tier, row.region)
    return Offering(key, ModelInfo(row.model, row.model_name, row.model_kind), values_from_json(row.stated),
                    row.listed_by)


def record_plan(session: Session, provider: str, plan: Plan, run_id: int, at: datetime) -> None:
    """Write what the run decided: new holds, holds that go on, and holds that end (and how)."""
    rows = {row.id: row for row in lasting_rows(session, provider).values()}
    for offering, fields, reasons in plan.started:
        key = offering.key
        session.add(HeldRow(provider=provider, model=key.model, tier=key.tier, region=key.region,
                            model_name=offering.model.name, model_kind=offering.model.kind,
                            listed_by=offering.listed_by, reasons=json.dumps(reasons), signature=signature(offering, fields),
                            stated=values_json(offering.values), first_run_id=run_id, first_seen_at=at,
                            last_run_id=run_id, last_seen_at=at))
    for hold, _, reasons in plan.continued:
        _seen_again(rows[hold.id], run_id, at).reasons = json.dumps(reasons)
    for hold, _ in plan.confirmed:
        _end(_seen_again(rows[hold.id], run_id, at), "confirmed", at, "confirmed by persistence: applied from "
             f"{hold.first_seen_at:%Y-%m-%d %H:%M} UTC, the first run that stated it", run_id)
    for hold in plan.replaced:
        _end(rows[hold.id], "replaced", at, "replaced: the source now states other suspicious values", run_id)
    for hold in plan.released:
        _end(rows[hold.id], "rejected" if hold.rejected else "released", at,
             "released: the source no longer states the held values", run_id)
    session.flush()


def end_holds(session: Session, provider: str, keys: set[OfferingKey], status: str, at: datetime, note: str) -> int:
    """End the lasting holds of these offerings (their values were applied another way); returns how many."""
    ended = [row for key, row in lasting_rows(session, provider).items() if key in keys]
    for row in ended:
        _end(row, status, at, note)
    return len(ended)


def _seen_again(row: HeldRow, run_id: int, at: datetime) -> HeldRow:
    """One more run stated the held values (the same observation replayed again is not one more)."""
    if at != row.last_seen_at:
        row.runs, row.last_run_id, row.last_seen_at = row.runs + 1, run_id, at
    return row


def _end(row: HeldRow, status: str, at: datetime, note: str, run_id: int | None = None) -> None:
    row.status, row.ended_at, row.note, row.ended_by_run = status, at, note, run_id
