"""One provider's refresh: fetch -> parse -> validate -> diff -> store, in one transaction."""

from __future__ import annotations

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
from scrapers._fetch import Transport, fetch_all
from storage.history import ProviderHistory
from storage.runs import fail_run, finish_run, start_run

Clock = Callable[[], datetime]
CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of our clock a source's time may be


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class RunReport:
    """What one provider's run did, for the summary and the exit code."""

    provider: str
    status: str  # success | failed | dry-run
    source: str
    run_id: int | None = None
    observed_at: datetime | None = None
    diff: Diff | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def refresh(module: ModuleType, transport: Transport, engine: Engine, source: str,
            dry_run: bool = False, clock: Clock = utc_now) -> RunReport:
    """Refresh one provider; any failure leaves stored prices untouched and is recorded on the run."""
    provider = module.PROVIDER
    run_id = None if dry_run else start_run(engine, provider, source, clock())
    log = structlog.get_logger().bind(provider=provider.id, run_id=run_id)
    report = RunReport(provider.id, "dry-run" if dry_run else "success", source, run_id)
    log.info("refresh started", source=source)
    try:
        _run(module, transport, engine, report, dry_run, clock, log)
    except Exception as exc:  # a failed run is recorded, never half-applied
        report.status, report.error = "failed", _one_line(exc)
        (log.error if isinstance(exc, ScrapeError) else log.exception)("refresh failed", error=report.error)
        if run_id is not None:
            fail_run(engine, run_id, report.error, clock())
    return report


def _run(module: ModuleType, transport: Transport, engine: Engine, report: RunReport,
         dry_run: bool, clock: Clock, log) -> None:
    fetched = fetch_all(transport, module.SOURCES)
    result = module.parse(fetched)
    validate(report.provider, result)
    report.observed_at, report.warnings = fetched.observed_at, result.warnings
    for warning in result.warnings:
        log.warning("scrape warning", detail=warning)
    with Session(engine) as session:
        history = ProviderHistory(session, report.provider)
        _check_order(report.provider, history.last_observed_at(), report.observed_at, clock())
        report.diff = diff(history.state, result)
        if dry_run:
            return
        history.apply(report.diff, report.run_id, report.observed_at)
        finish_run(session, report.run_id, report.diff, report.observed_at, result.warnings, clock())
        session.commit()
    log.info("refresh finished", offerings=report.diff.seen, added=len(report.diff.added),
             changed=len(report.diff.changed), delisted=len(report.diff.delisted))


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
