"""Deciding on held runs: what applying one would change now, accepting it, rejecting it.

A held run's bodies are in the raw-response archive; accepting re-parses them with the
current parser and applies the result as that run, at the time it observed its sources,
under the provider's lock, exactly as a refresh would have without the guard.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

import scrapers
from core.diff import Diff, diff
from core.errors import ConfigError, ReplayOrderError
from core.guard import GuardPolicy
from core.guard import check as guard_check
from core.offering import ScrapeResult
from core.validate import validate
from jobs.archived import archived_fetch
from jobs.runner import ACCEPTED, Clock, Lease, apply_run, commit_holding, provider_lock
from storage.archive import Archive
from storage.db import writing
from storage.history import ProviderHistory
from storage.runs import finish_run, reject_run, supersede_held
from storage.holds import end_holds, held_offering
from storage.tables import HeldRow, RunRow


class Locked(Exception):
    """Another process holds the provider's lock; nothing was done."""


def held_run(engine: Engine, run_id: int) -> RunRow:
    """The run, if it is held; a ConfigError says why not otherwise."""
    with Session(engine) as session:
        run = session.get(RunRow, run_id)
    if run is None:
        raise ConfigError(f"there is no run {run_id}")
    if run.status != "held":
        raise ConfigError(f"run {run_id} ({run.provider}) is not held for review: its status is {run.status}")
    return run


def reparsed(engine: Engine, archive: Archive, run: RunRow) -> ScrapeResult:
    """The held run's archived bodies, parsed and checked by the current parser."""
    module = scrapers.get(run.provider)
    result = module.parse(archived_fetch(engine, archive, run.id, module.SOURCES))
    return validate(run.provider, result)


def pending_diff(engine: Engine, archive: Archive, run: RunRow, policy: GuardPolicy) -> tuple[Diff, list[str]]:
    """What accepting the run would change in the current state, and every guard problem with it."""
    result = reparsed(engine, archive, run)
    with Session(engine) as session:
        state = ProviderHistory(session, run.provider).state
    changes = diff(state, result)
    return changes, guard_check(policy, state, changes, limit=None)


def accept(engine: Engine, archive: Archive, run_id: int, clock: Clock, lease: Lease | None = None) -> Diff:
    """Apply a held run as if it had passed the guard; held runs observed before it are superseded."""
    run, lease = held_run(engine, run_id), lease or Lease()
    with provider_lock(engine, run.provider, lease, clock) as holder:
        if holder is not None:
            raise Locked(f"a refresh of {run.provider} is running ({holder}); try again when it has finished")
        result = reparsed(engine, archive, run)
        with Session(writing(engine)) as session:
            if session.get(RunRow, run.id).status != "held":  # rejected meanwhile by another review
                raise ConfigError(f"run {run.id} is no longer held")
            history = ProviderHistory(session, run.provider)
            _check_newest(run, history.last_observed_at())
            changes = diff(history.state, result)
            warnings = apply_run(session, history, result, changes, run.id, run.observed_at)
            note = f"{ACCEPTED} at {clock():%Y-%m-%d %H:%M} UTC; it had been {run.error}"
            finish_run(session, run.id, changes, run.observed_at, [*result.warnings, *warnings, note],
                       run.finished_at)
            supersede_held(session, run.provider, run, clock())
            applied = {o.key for o in [*changes.added, *(o for o, _ in changes.changed), *changes.relisted]}
            end_holds(session, run.provider, applied, "accepted", clock(), f"{ACCEPTED}: run {run.id} applied")
            commit_holding(session, run.provider, lease, clock)
    return changes


def reject(engine: Engine, run_id: int, now: datetime) -> RunRow:
    """Discard a held run for good; the stored data stays as it is."""
    held_run(engine, run_id)
    with Session(writing(engine), expire_on_commit=False) as session:
        run = session.get(RunRow, run_id)
        if run.status != "held":  # decided meanwhile by another review
            raise ConfigError(f"run {run_id} is no longer held: its status is {run.status}")
        reject_run(session, run, f"rejected in review at {now:%Y-%m-%d %H:%M} UTC")
        session.commit()
    return run


def _check_newest(run: RunRow, newest: datetime | None) -> None:
    if newest is not None and run.observed_at < newest:
        raise ReplayOrderError(f"run {run.id} observed its sources at {run.observed_at:%Y-%m-%d %H:%M:%S} UTC, "
                               f"before data already applied ({newest:%Y-%m-%d %H:%M:%S} UTC); accepting it would "
                               "rewrite newer history, so reject it instead")


def lasting_hold(engine: Engine, hold_id: int) -> HeldRow:
    """The hold, if it lasts; a ConfigError says why not otherwise."""
    with Session(engine) as session:
        row = session.get(HeldRow, hold_id)
    if row is None:
        raise ConfigError(f"there is no held offering {hold_id}")
    if row.ended_at is not None:
        raise ConfigError(f"held offering {hold_id} ({row.provider} {row.model}) is no longer held: it was {row.status}")
    return row


def accept_offering(engine: Engine, hold_id: int, clock: Clock, lease: Lease | None = None) -> HeldRow:
    """Apply a held offering's values as from the first run that stated them, under the provider's lock."""
    held, lease = lasting_hold(engine, hold_id), lease or Lease()
    with provider_lock(engine, held.provider, lease, clock) as holder:
        if holder is not None:
            raise Locked(f"a refresh of {held.provider} is running ({holder}); try again when it has finished")
        with Session(writing(engine), expire_on_commit=False) as session:
            row = session.get(HeldRow, hold_id)
            if row.ended_at is not None:  # decided meanwhile
                raise ConfigError(f"held offering {hold_id} is no longer held: it was {row.status}")
            note = f"{ACCEPTED} at {clock():%Y-%m-%d %H:%M} UTC; held since {row.first_seen_at:%Y-%m-%d %H:%M} UTC"
            history = ProviderHistory(session, row.provider)
            history.apply_held(held_offering(session, row), row.last_run_id, row.first_seen_at, note)
            row.status, row.ended_at, row.note = "accepted", clock(), note
            commit_holding(session, row.provider, lease, clock)
    return row


def reject_offering(engine: Engine, hold_id: int, now: datetime) -> HeldRow:
    """Keep a held offering's last applied values: its held values are never confirmed; the hold ends
    by itself when the source stops stating them."""
    lasting_hold(engine, hold_id)
    with Session(writing(engine), expire_on_commit=False) as session:
        row = session.get(HeldRow, hold_id)
        if row.status != "held" or row.ended_at is not None:
            raise ConfigError(f"held offering {hold_id} is not waiting for review: it is {row.status}")
        row.status, row.note = "rejected", f"rejected in review at {now:%Y-%m-%d %H:%M} UTC"
        session.commit()
    return row
