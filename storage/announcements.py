"""Announced future values ("$1.50 starting January 1, 2027"): kept apart from history, never applied early.

Each run that reads an announcement confirms it (``last_seen_at``); the first run that read it
is kept (``first_seen_at``, ``run_id``) beside the date the provider announced. An announcement
whose date is still ahead but that a run no longer reads (its listing read in full) is marked
withdrawn. When the date comes, the provider's page states the new value and the run that reads
it records an ordinary change: the history's interval starts when we saw the price charged.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlmodel import Session, col, select

from core.offering import Announced, Offering
from storage.history import ProviderHistory
from storage.tables import AnnouncementRow, OfferingRow


def record_announcements(session: Session, history: ProviderHistory, offerings: list[Offering],
                         listings_read: set[str], run_id: int, at: datetime) -> None:
    """Store this run's announcements; the caller commits."""
    stored = {_identity(row.offering_id, row.field, row.effective_from, row.status, row.amount, row.unit): row
              for row in session.exec(_of_provider(history.provider))}
    seen = set()
    for offering in offerings:
        offering_id = history.rows[offering.key][0].id
        for announced in offering.announced:
            seen.add(_confirm(session, stored, offering_id, announced, run_id, at))
    _withdraw(session, history.provider, seen, listings_read, at)
    session.flush()


def _identity(offering_id: int, field: str, effective_from: date, status: str, amount: str | None, unit: str):
    return offering_id, field, effective_from, status, amount, unit


def _of_provider(provider: str):
    return (select(AnnouncementRow).join(OfferingRow, col(OfferingRow.id) == AnnouncementRow.offering_id)
            .where(OfferingRow.provider == provider))


def _confirm(session: Session, stored: dict, offering_id: int, announced: Announced, run_id: int,
             at: datetime) -> int:
    value = announced.value
    key = _identity(offering_id, announced.field, announced.effective_from, value.status.value,
                    value.amount_text(), value.unit)
    row = stored.get(key)
    if row is None:
        provenance = json.dumps(value.provenance.as_dict() if value.provenance else {}, sort_keys=True)
        row = stored[key] = AnnouncementRow(
            offering_id=offering_id, field=announced.field, effective_from=announced.effective_from,
            status=value.status.value, amount=value.amount_text(), unit=value.unit, first_seen_at=at,
            last_seen_at=at, run_id=run_id, provenance=provenance)
        session.add(row)
        session.flush()  # its id, to know it was seen
    row.last_seen_at, row.withdrawn_at = at, None
    return row.id


def _withdraw(session: Session, provider: str, seen: set[int], listings_read: set[str], at: datetime) -> None:
    """Announcements still ahead that this run's full listings no longer state."""
    query = _of_provider(provider).where(col(AnnouncementRow.withdrawn_at).is_(None),
                                         col(OfferingRow.listed_by).in_(listings_read))
    for row in session.exec(query):
        if row.id not in seen and row.effective_from > at.date():
            row.withdrawn_at = at


def confirm_again(session: Session, provider: str, confirmed_at: datetime, at: datetime) -> None:
    """A run that read the same bodies as the run observed at ``confirmed_at`` read the same
    announcements: confirm those that run confirmed."""
    query = _of_provider(provider).where(AnnouncementRow.last_seen_at == confirmed_at,
                                         col(AnnouncementRow.withdrawn_at).is_(None))
    for row in session.exec(query):
        row.last_seen_at = at
    session.flush()
