"""One provider's refresh: lock -> fetch -> archive -> parse -> validate -> diff -> guard -> store.

A refresh that writes holds the provider's database lock for its whole run (see
storage/locks.py); a second refresh of the same provider does not start. A run can
be cancelled (the daemon is stopping) until its data transaction begins; after
that it completes. Either way nothing is half-written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import ModuleType

import structlog
from sqlalchemy import Engine
from sqlmodel import Session

from core.diff import Diff, diff, without
from core.errors import ParseError, ReplayOrderError, ScrapeError, Unreachable
from core.guard import Assessment, GuardPolicy, assess
from core.holds import Hold, Plan
from core.holds import plan as plan_holds
from core.offering import ScrapeResult
from core.validate import validate
from jobs.archived import known_pages
from jobs.mapping import MAPPING_NOT_APPLIED, apply_repository_mapping
from scrapers._base import Fetched, Page, Source
from scrapers._fetch import Transport, fetch_all
from storage.announcements import confirm_again, record_announcements
from storage.archive import Archive
from storage.blends import refresh_blends
from storage.db import writing
from storage.history import ProviderHistory
from storage.holds import held_values, lasting_holds, record_plan
from storage.locks import DEFAULT_TTL, LockLost, acquire, confirm, new_owner, release, renew
from storage.responses import body_fingerprint, last_success_responses, record_responses
from storage.runs import abandon_running, end_run, finish_run, run_unread, run_warnings, start_run
from storage.tables import RunRow

Clock = Callable[[], datetime]
CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of our clock a source's time may be
HELD_PREFIX = "held for review: "  # the error of a held run, before the guard's reasons
ACCEPTED = "accepted in review"  # the note a held run gets when it is applied after all


def utc_now() -> datetime:
    return datetime.now(UTC)


class Cancelled(Exception):
    """The run was asked to stop (the daemon is shutting down) before it wrote anything."""


@dataclass
class Lease:
    """The provider lock a writing run holds, and how it stops early."""

    ttl: timedelta = DEFAULT_TTL
    cancel: threading.Event = field(default_factory=threading.Event)
    owner: str = field(default_factory=new_owner)
    run_id: int | None = None  # set once the run is on record

    def checkpoint(self) -> None:
        if self.cancel.is_set():
            raise Cancelled("stopped before completion: the daemon is shutting down")


def lock_name(provider_id: str) -> str:
    return f"refresh:{provider_id}"


@dataclass
class RunReport:
    """What one provider's run did, for the summary and the exit code."""

    provider: str
    status: str  # success | partial | held | failed | cancelled | locked | dry-run
    source: str
    run_id: int | None = None
    observed_at: datetime | None = None
    diff: Diff | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    unread: list[str] = field(default_factory=list)  # the parts of its sources the run could not read
    holds: Plan | None = None  # what the run did with offerings held alone
    unreachable: bool = False  # it failed because a host could not be reached at all (no network?)


def refresh(module: ModuleType, transport: Transport, engine: Engine, source: str,
            dry_run: bool = False, clock: Clock = utc_now, lease: Lease | None = None,
            archive: Archive | None = None, guard: GuardPolicy | None = None) -> RunReport:
    """Refresh one provider; any failure leaves stored prices untouched and is recorded on the run.
    A writing run first takes the provider's lock; when another process holds it, the report's
    status is "locked" and nothing runs. With an ``archive``, every body read is kept there.
    A run that fails the guard (the module's GUARD, or ``guard``) is held, not applied."""
    guard = guard or getattr(module, "GUARD", GuardPolicy())
    if dry_run:
        return _Refresh(module, transport, engine, source, clock, None, None, guard).attempt()
    lease = lease or Lease()
    with provider_lock(engine, module.PROVIDER.id, lease, clock) as holder:
        if holder is not None:
            return _locked(module.PROVIDER.id, source, holder)
        abandon_running(engine, module.PROVIDER.id, clock())  # runs of killed processes: they never finished
        return _Refresh(module, _Cancellable(transport, lease), engine, source, clock, lease, archive, guard).attempt()


@contextmanager
def provider_lock(engine: Engine, provider_id: str, lease: Lease, clock: Clock) -> Iterator[str | None]:
    """Hold the provider's lock for the block, renewed by a heartbeat; yields None, or, when another
    process holds it, a description of that holder (and the block must not write)."""
    name = lock_name(provider_id)
    holder = acquire(engine, name, lease.owner, clock(), lease.ttl)
    if holder is not None:
        yield holder.describe()
        return
    try:
        with _Heartbeat(engine, name, lease, clock):
            yield None
    finally:
        release(engine, name, lease.owner)


def _locked(provider_id: str, source: str, holder: str) -> RunReport:
    error = f"another refresh of {provider_id} is running ({holder}); this one did not start"
    structlog.get_logger().warning("refresh skipped: provider locked", provider=provider_id, holder=holder)
    return RunReport(provider_id, "locked", source, error=error)


class _Refresh:
    """One run: fetch -> archive -> (skip if unchanged) -> parse -> validate -> diff -> guard -> store.
    Without a lease it is a dry run: nothing is written, not even the run's record."""

    def __init__(self, module: ModuleType, transport: Transport, engine: Engine, source: str, clock: Clock,
                 lease: Lease | None, archive: Archive | None, guard: GuardPolicy) -> None:
        self.module, self.transport, self.engine, self.clock = module, transport, engine, clock
        self.lease, self.archive, self.guard = lease, archive, guard
        provider = module.PROVIDER
        run_id = None if lease is None else start_run(engine, provider, source, clock())
        if lease is not None:
            lease.run_id = run_id
        self.report = RunReport(provider.id, "dry-run" if lease is None else "success", source, run_id)
        self.log = structlog.get_logger().bind(provider=provider.id, run_id=run_id)

    def attempt(self) -> RunReport:
        report, log = self.report, self.log
        log.info("refresh started", source=report.source)
        try:
            self._run()
        except Cancelled as exc:
            report.status, report.error = "cancelled", str(exc)
            log.warning("refresh cancelled")
            end_run(self.engine, report.run_id, "cancelled", report.error, self.clock())
        except Exception as exc:  # a failed run is recorded, never half-applied
            report.status, report.error = "failed", _named(report.provider, exc)
            report.unreachable = isinstance(exc, Unreachable)
            (log.error if isinstance(exc, ScrapeError) else log.exception)("refresh failed", error=report.error)
            if report.run_id is not None:
                end_run(self.engine, report.run_id, "failed", report.error, self.clock())
        return report

    def _run(self) -> None:
        fetched = self._fetch()
        self.report.observed_at = fetched.observed_at
        if self.lease is not None and self.archive is not None and self._archive(fetched):
            return  # the same bodies as last time: verified without parsing
        result = self.module.parse(fetched)
        result = validate(self.report.provider, result)
        check_read_any(self.report.provider, result)
        self.report.warnings, self.report.unread = result.warnings, [str(part) for part in result.unread]
        for warning in result.warnings:
            self.log.warning("scrape warning", detail=warning)
        for part in self.report.unread:
            self.log.warning("part not read", detail=part)
        self._checkpoint()
        self._store(result)

    def _fetch(self) -> Fetched:
        writes = self.lease is not None and self.archive is not None
        known = known_pages(self.engine, self.archive, self.report.provider) if writes else {}
        return fetch_all(self.transport, self.module.SOURCES, known)

    def _checkpoint(self) -> None:
        if self.lease is not None:
            self.lease.checkpoint()  # the last moment to stop: from here the run completes or rolls back whole

    def _archive(self, fetched: Fetched) -> bool:
        """Archive the bodies; True when they are the very bodies the last successful run parsed
        (same sha256, same parser version): then the run verifies everything without parsing."""
        provider, version = self.report.provider, self.module.PARSER_VERSION
        rows = record_responses(self.engine, self.archive, self.report.run_id, provider, fetched, version)
        if fetched.failures:  # a source that could not be read is this run's news: parse, and say so
            return False
        with Session(self.engine) as session:
            previous_run, previous = last_success_responses(session, provider)
            holding = bool(lasting_holds(session, provider))  # each run counts towards confirming a held value
        if holding or not previous or body_fingerprint(previous) != body_fingerprint(rows):
            return False
        self._checkpoint()
        self._store_unchanged(previous_run)
        return True

    def _store_unchanged(self, previous_run: int) -> None:
        """The same bodies as run ``previous_run``: confirm what it confirmed, nothing else."""
        report = self.report
        with Session(writing(self.engine)) as session:
            history = ProviderHistory(session, report.provider)
            check_order(report.provider, history.last_observed_at(), report.observed_at, self.clock())
            verified = history.verify_again(previous_run, report.run_id, report.observed_at)
            confirm_again(session, report.provider, session.get(RunRow, previous_run).observed_at, report.observed_at)
            mapping_warnings = apply_repository_mapping(session)  # the mapping may have been edited since
            report.diff = Diff(bodies_unchanged=verified)
            # the same bodies say the same things: what the parser warned of, or could not read, still holds
            parser_warnings = [w for w in run_warnings(session, previous_run)
                               if not w.startswith((ACCEPTED, MAPPING_NOT_APPLIED))]
            report.warnings, report.unread = parser_warnings + mapping_warnings, run_unread(session, previous_run)
            report.status = "partial" if report.unread else report.status
            for warning in report.warnings:
                self.log.warning("scrape warning", detail=warning)
            finish_run(session, report.run_id, report.diff, report.observed_at, report.warnings, self.clock(),
                       unread=report.unread)
            self._commit(session)
        self.log.info("refresh finished: bodies unchanged, not parsed", verified=verified)

    def _store(self, result: ScrapeResult) -> None:
        report = self.report
        with Session(self.engine if self.lease is None else writing(self.engine)) as session:
            history = ProviderHistory(session, report.provider)
            check_order(report.provider, history.last_observed_at(), report.observed_at, self.clock())
            state = history.state
            report.diff = diff(state, result)
            held = set(lasting_holds(session, report.provider))  # held values stated again say the same
            check_same_moment(report.provider, history.last_observed_at(), report.observed_at,
                              without(report.diff, held))
            found = assess(self.guard, state, report.diff)
            if self.lease is None:
                report.warnings = [*report.warnings, *(f"would be held: {p}" for p in found.all())]
                return
            if found.catalogue or (found.offerings and not self.guard.hold_alone):
                return self._hold(session, found.all())
            self._apply(session, history, result, found)
            self._commit(session)
        self.log.info("refresh finished", offerings=report.diff.seen, added=len(report.diff.added),
                      changed=len(report.diff.changed), delisted=len(report.diff.delisted),
                      unobserved=len(report.diff.unobserved), held=len(report.diff.held), unread=len(report.unread))

    def _apply(self, session: Session, history: ProviderHistory, result: ScrapeResult, found: Assessment) -> None:
        """Apply the run but the offerings held alone; confirm the held values that persisted."""
        report, at = self.report, self.report.observed_at
        read = {o.key for o in result.offerings if o.unread is None}
        plan = plan_holds(found.offerings, lasting_holds(session, report.provider), read, at,
                          self.guard.confirm_after)
        for hold, offering in plan.confirmed:  # in force since the first run that stated it
            stated = replace(offering, values=held_values(session, hold))
            history.apply_held(stated, report.run_id, hold.first_seen_at, confirmed_note(hold, at))
        if plan.confirmed:
            report.diff = diff(history.state, result)
        report.diff = without(report.diff, plan.held)
        report.holds = plan
        report.warnings = [*report.warnings, *unread_rows_added(report.diff),
                           *apply_run(session, history, result, report.diff, report.run_id, at)]
        record_plan(session, report.provider, plan, report.run_id, at)
        report.status = "partial" if report.unread else report.status
        finish_run(session, report.run_id, report.diff, at, report.warnings, self.clock(), unread=report.unread)

    def _hold(self, session: Session, problems: list[str]) -> None:
        """Keep the run for review: nothing of it is applied; the last good data stays (and ages)."""
        report = self.report
        report.status, report.error = "held", HELD_PREFIX + "; ".join(problems)
        finish_run(session, report.run_id, report.diff, report.observed_at, report.warnings, self.clock(),
                   status="held", error=report.error, unread=report.unread)
        self._commit(session)
        self.log.warning("refresh held for review", problems=problems)

    def _commit(self, session: Session) -> None:
        commit_holding(session, self.report.provider, self.lease, self.clock)


def apply_run(session: Session, history: ProviderHistory, result: ScrapeResult, changes: Diff, run_id: int,
              at: datetime) -> list[str]:
    """Write an accepted run: its history, its announced values, and the canonical identities of its
    models. Returns warnings for the run (a mapping that could not be applied)."""
    history.apply(changes, run_id, at)
    record_announcements(session, history, result.offerings, result.listings_read, run_id, at)
    warnings = apply_repository_mapping(session)
    refresh_blends(session, history.provider)
    return warnings


def commit_holding(session: Session, provider_id: str, lease: Lease, clock: Clock) -> None:
    """Commit only if the provider's lock is still this lease's (checked in the same transaction)."""
    if not confirm(session, lock_name(provider_id), lease.owner, clock(), lease.ttl):
        raise LockLost(f"{provider_id}: this run's lock expired and another process took it over; "
                       "nothing was written")
    session.commit()


class _Cancellable:
    """A transport that stops between requests once the run is cancelled."""

    def __init__(self, inner: Transport, lease: Lease) -> None:
        self.inner, self.lease = inner, lease

    def get(self, source: Source, url: str, known: Page | None = None) -> Page:
        self.lease.checkpoint()
        return self.inner.get(source, url, known)


class _Heartbeat:
    """Renews the lock in the background while the run works, so only a dead holder's lock expires."""

    def __init__(self, engine: Engine, name: str, lease: Lease, clock: Clock) -> None:
        self.engine, self.name, self.lease, self.clock = engine, name, lease, clock
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"lock-{name}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stopped.set()
        self.thread.join()

    def _beat(self) -> None:
        interval = self.lease.ttl.total_seconds() / 3
        while not self.stopped.wait(interval):
            try:
                if not renew(self.engine, self.name, self.lease.owner, self.clock(), self.lease.ttl):
                    structlog.get_logger().error("lock lost", lock=self.name)
                    return
            except Exception:  # a busy database must not kill the heartbeat; the next beat retries
                structlog.get_logger().warning("lock renewal failed", lock=self.name, exc_info=True)


def check_read_any(provider: str, result: ScrapeResult) -> None:
    """A run that could read no row of its sources has nothing to apply: it fails, naming what it could not read."""
    if result.unread and not result.read_any:
        parts = "; ".join(str(part) for part in result.unread[:3])
        more = f" (and {len(result.unread) - 3} more)" if len(result.unread) > 3 else ""
        raise ParseError(f"{provider}: nothing could be read: {parts}{more}")


def confirmed_note(hold: Hold, at: datetime) -> str:
    return (f"confirmed by persistence: stated by every run from {hold.first_seen_at:%Y-%m-%d %H:%M} "
            f"to {at:%Y-%m-%d %H:%M} UTC ({hold.runs + 1} runs)")


def unread_rows_added(changes: Diff) -> list[str]:
    """A warning for each new offering whose row could not be read: it is added with unknown values."""
    return [f"{o.key} added with unknown values: its row could not be read ({o.unread})"
            for o in [*changes.added, *changes.relisted] if o.unread]


def check_order(provider: str, last: datetime | None, observed: datetime, now: datetime) -> None:
    if observed > now + CLOCK_SKEW:
        raise ReplayOrderError(f"{provider}: the data claims to be observed at {observed:%Y-%m-%d %H:%M:%S} UTC, "
                               "in the future; check the capture's fetched_at")
    if last is not None and observed < last:
        raise ReplayOrderError(f"{provider}: the data was observed at {observed:%Y-%m-%d %H:%M:%S} UTC, before "
                               f"the newest stored observation ({last:%Y-%m-%d %H:%M:%S} UTC); "
                               "replay captures oldest first")


def check_same_moment(provider: str, last: datetime | None, observed: datetime, found: Diff) -> None:
    """Data observed at the very moment of the newest stored observation must say the same: two
    different captures cannot both be that moment (applied, it would leave intervals of no length)."""
    if last is not None and observed == last and (found.added or found.changed or found.relisted or found.delisted):
        raise ReplayOrderError(f"{provider}: the data was observed at {observed:%Y-%m-%d %H:%M:%S} UTC, the moment of "
                               "the newest stored observation, but says something else; two different captures "
                               "cannot both be that moment: check the capture's fetched_at")


def _named(provider: str, exc: BaseException) -> str:
    """The error in one line; a parse error is prefixed with the provider (its message starts at the URL)."""
    text = one_line(exc)
    return f"{provider}: {text}" if isinstance(exc, ParseError) and not text.startswith(provider) else text


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if isinstance(exc, ScrapeError) else f"{type(exc).__name__}: {text}"
