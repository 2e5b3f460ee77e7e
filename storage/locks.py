"""Locks held in the database, so one provider is refreshed by one process at a time.

A lock is a lease: a row in ``locks`` naming its owner and when it expires. The
holder renews it while it works; a lock whose holder was killed stops being
renewed, expires, and the next taker replaces it. Taking and replacing are single
conditional statements (INSERT, or UPDATE ... WHERE expires_at < now), so of two
processes racing for a lock exactly one wins, on SQLite as on a server database.
Before a run commits its data it confirms, in the same transaction, that it still
holds the lock: a holder that lost its lease (it stalled past the expiry and was
replaced) rolls back instead of writing beside the new holder.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from core.errors import ConfigError, ScrapeError
from storage.db import writing
from storage.tables import LockRow

DEFAULT_TTL = timedelta(minutes=5)
TTL_ENV = "PRICES_LOCK_TTL_SECONDS"


class LockLost(ScrapeError):
    """The lock expired and another process took it before this run could commit."""


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, for the message that says why a run did not start."""

    owner: str
    pid: int
    host: str
    acquired_at: datetime
    expires_at: datetime

    def describe(self) -> str:
        return (f"pid {self.pid} on {self.host} holds it since {self.acquired_at:%Y-%m-%d %H:%M:%S} UTC "
                f"(expires {self.expires_at:%H:%M:%S} UTC unless renewed)")


def lock_ttl(env: dict[str, str] | None = None) -> timedelta:
    """The lease length: PRICES_LOCK_TTL_SECONDS, else 5 minutes."""
    text = (os.environ if env is None else env).get(TTL_ENV, "").strip()
    if not text:
        return DEFAULT_TTL
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0
    if seconds <= 0:
        raise ConfigError(f"{TTL_ENV}={text!r}: expected a number of seconds above 0")
    return timedelta(seconds=seconds)


def new_owner() -> str:
    """A token unique to one holding of a lock."""
    return uuid.uuid4().hex


def acquire(engine: Engine, name: str, owner: str, now: datetime, ttl: timedelta) -> Holder | None:
    """Take the lock, or take over an expired one. Returns None on success, else the current holder."""
    lease = dict(owner=owner, pid=os.getpid(), host=socket.gethostname(), acquired_at=now, expires_at=now + ttl)
    with Session(writing(engine)) as session:
        try:
            session.exec(insert(LockRow).values(name=name, **lease))
            session.commit()
            return None
        except IntegrityError:
            session.rollback()
    return _take_over_expired(engine, name, lease, now)


def _take_over_expired(engine: Engine, name: str, lease: dict, now: datetime) -> Holder | None:
    with Session(writing(engine)) as session:
        taken = session.exec(update(LockRow).where(LockRow.name == name, LockRow.expires_at < now)
                             .values(**lease)).rowcount
        row = None if taken else session.get(LockRow, name)
        holder = row and Holder(row.owner, row.pid, row.host, row.acquired_at, row.expires_at)
        session.commit()
    if taken:
        return None
    if holder is None:  # released between our INSERT and UPDATE: try again from the start
        return acquire(engine, name, lease["owner"], now, lease["expires_at"] - now)
    return holder


def renew(engine: Engine, name: str, owner: str, now: datetime, ttl: timedelta) -> bool:
    """Extend the lease; False when it is no longer ours."""
    with Session(writing(engine)) as session:
        ok = confirm(session, name, owner, now, ttl)
        session.commit()
    return ok


def confirm(session: Session, name: str, owner: str, now: datetime, ttl: timedelta) -> bool:
    """Inside the caller's transaction: extend the lease if it is still ours, and say whether it was."""
    statement = (update(LockRow).where(LockRow.name == name, LockRow.owner == owner)
                 .values(expires_at=now + ttl))
    return session.exec(statement).rowcount == 1


def release(engine: Engine, name: str, owner: str) -> None:
    """Give the lock up (nothing happens if it was already taken over)."""
    with Session(writing(engine)) as session:
        session.exec(delete(LockRow).where(LockRow.name == name, LockRow.owner == owner))
        session.commit()
