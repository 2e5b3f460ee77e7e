"""One provider's refresh: lock -> fetch -> parse -> validate -> diff -> store, in one transaction.

A refresh that writes holds the provider's database lock for its whole run (see
storage/locks.py); a second refresh of the same provider does not start. A run can
be cancelled (the daemon is stopping) until its data transaction begins; after
that it completes. Either way nothing is half-written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import ModuleType

import structlog
from sqlalchemy import Engine
from sqlmodel import Session

from core.diff import Diff, diff
from core.errors import ReplayOrderError, ScrapeError
from core.validate import validate
from scrapers._base import Page, Source
from scrapers._fetch import Transport, fetch_all
from storage.db import writing
from storage.history import ProviderHistory
from storage.locks import DEFAULT_TTL, LockLost, acquire, confirm, new_owner, release, renew
from storage.runs import abandon_running, end_run, finish_run, start_run

Clock = Callable[[], datetime]
CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of our clock a source's time may be


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
    status: str  # success | failed | cancelled | locked | dry-run
    source: str
    run_id: int | None = None
    observed_at: datetime | None = None
    diff: Diff | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def refresh(module: ModuleType, transport: Transport, engine: Engine, source: str,
            dry_run: bool = False, clock: Clock = utc_now, lease: Lease | None = None) -> RunReport:
    """Refresh one provider; any failure leaves stored prices untouched and is recorded on the run.
    A writing run first takes the provider's lock; when another process holds it, the report's
    status is "locked" and nothing runs."""
    if dry_run:
        return _attempt(module, transport, engine, source, clock, None)
    lease = lease or Lease()
    name = lock_name(module.PROVIDER.id)
    holder = acquire(engine, name, lease.owner, clock(), lease.ttl)
    if holder is not None:
        return _locked(module.PROVIDER.id, source, holder.describe())
    try:
        abandon_running(engine, module.PROVIDER.id, clock())  # runs of killed processes: they never finished
        with _Heartbeat(engine, name, lease, clock):
            return _attempt(module, _Cancellable(transport, lease), engine, source, clock, lease)
    finally:
        release(engine, name, lease.owner)


def _locked(provider_id: str, source: str, holder: str) -> RunReport:
    error = f"another refresh of {provider_id} is running ({holder}); this one did not start"
    structlog.get_logger().warning("refresh skipped: provider locked", provider=provider_id, holder=holder)
    return RunReport(provider_id, "locked", source, error=error)


def _attempt(module: ModuleType, transport: Transport, engine: Engine, source: str,
             clock: Clock, lease: Lease | None) -> RunReport:
    provider = module.PROVIDER
    run_id = None if lease is None else start_run(engine, provider, source, clock())
    if lease is not None:
        lease.run_id = run_id
    log = structlog.get_logger().bind(provider=provider.id, run_id=run_id)
    report = RunReport(provider.id, "dry-run" if lease is None else "success", source, run_id)
    log.info("refresh started", source=source)
    try:
        _run(module, transport, engine, report, clock, lease, log)
    except Cancelled as exc:
        report.status, report.error = "cancelled", str(exc)
        log.warning("refresh cancelled")
        end_run(engine, run_id, "cancelled", report.error, clock())
    except Exception as exc:  # a failed run is recorded, never half-applied
        report.status, report.error = "failed", _one_line(exc)
        (log.error if isinstance(exc, ScrapeError) else log.exception)("refresh failed", error=report.error)
        if run_id is not None:
            end_run(engine, run_id, "failed", report.error, clock())
    return report


def _run(module: ModuleType, transport: Transport, engine: Engine, report: RunReport,
         clock: Clock, lease: Lease | None, log) -> None:
    fetched = fetch_all(transport, module.SOURCES)
    result = module.parse(fetched)
    validate(report.provider, result)
    report.observed_at, report.warnings = fetched.observed_at, result.warnings
    for warning in result.warnings:
        log.warning("scrape warning", detail=warning)
    if lease is not None:
        lease.checkpoint()  # the last moment to stop: from here the run completes or rolls back whole
    with Session(engine if lease is None else writing(engine)) as session:
        history = ProviderHistory(session, report.provider)
        _check_order(report.provider, history.last_observed_at(), report.observed_at, clock())
        report.diff = diff(history.state, result)
        if lease is None:
            return
        history.apply(report.diff, report.run_id, report.observed_at)
        finish_run(session, report.run_id, report.diff, report.observed_at, result.warnings, clock())
        if not confirm(session, lock_name(report.provider), lease.owner, clock(), lease.ttl):
            raise LockLost(f"{report.provider}: this run's lock expired and another refresh took it over; "
                           "nothing was written")
        session.commit()
    log.info("refresh finished", offerings=report.diff.seen, added=len(report.diff.added),
             changed=len(report.diff.changed), delisted=len(report.diff.delisted))


class _Cancellable:
    """A transport that stops between requests once the run is cancelled."""

    def __init__(self, inner: Transport, lease: Lease) -> None:
        self.inner, self.lease = inner, lease

    def get(self, source: Source, url: str) -> Page:
        self.lease.checkpoint()
        return self.inner.get(source, url)


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


def _check_order(provider: str, last: datetime | None, observed: datetime, now: datetime) -> None:
    if observed > now + CLOCK_SKEW:
        raise ReplayOrderError(f"{provider}: the data claims to be observed at {observed:%Y-%m-%d %H:%M:%S} UTC, "
                               "in the future; check the capture's fetched_at")
    if last is not None and observed < last:
        raise ReplayOrderError(f"{provider}: the data was observed at {observed:%Y-%m-%d %H:%M:%S} UTC, before "
                               f"the newest stored observation ({last:%Y-%m-%d %H:%M:%S} UTC); "
                               "replay captures oldest first")


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if isinstance(exc, ScrapeError) else f"{type(exc).__name__}: {text}"
