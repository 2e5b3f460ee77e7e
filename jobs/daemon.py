"""python -m jobs.daemon [PROVIDER...]: keep every enabled provider fresh on its schedule.

One APScheduler job per provider (job id = provider id), the exchange-rate job
(``rates``: python -m jobs.rates, unless [rates] disables it), a health check that
notices providers (and the rates) turning failing or stale, and a notifier thread that
delivers alerts. SIGTERM or SIGINT stops it: runs in progress stop at their next
checkpoint (nothing is written) or, already writing, complete; then it exits 0.

Exit codes: 0 stopped by SIGTERM/SIGINT (or --check passed); 1 crashed;
2 a bad argument or config value (nothing was started).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

import structlog
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine
from sqlmodel import Session

import scrapers
import scrapers.ecb as ecb
from core.errors import ConfigError
from jobs.alerts import queue_new_runs, start_alerts, transition_rows
from jobs.cli import add_log_option, add_store_options, command_parser, guarded, stores
from jobs.config import DaemonConfig, ProviderConfig, Schedule
from jobs.health import check_transitions
from jobs.logs import configure_logging
from jobs.mapping import repository_mapping
from jobs.notify import Notifier
from jobs.rates import refresh_rates
from jobs.runner import Cancelled, Clock, Lease, lock_name, refresh, utc_now
from jobs.schedule import first_run_at, trigger_for
from jobs.site import write_site
from scrapers._fetch import Transport
from scrapers._http import HttpTransport, make_client
from scrapers._replay import ReplayTransport
from storage.archive import Archive
from storage.db import open_database, open_for_reading, set_setting
from storage.health import run_facts
from storage.locks import lock_ttl, release
from storage.runs import end_run
from storage.tables import APPLIED

EXIT_OK, EXIT_USAGE = 0, 2
HEALTH_JOB = "health-check"
RATES_JOB = "rates"


def build_parser() -> argparse.ArgumentParser:
    parser = command_parser("python -m jobs.daemon", __doc__)
    parser.add_argument("providers", nargs="*", metavar="PROVIDER",
                        help="only these providers (default: every provider the config enables)")
    add_store_options(parser, "TOML config (default: $PRICES_CONFIG; without one, every provider every 6h)")
    parser.add_argument("--replay", metavar="DIR", type=Path,
                        help="read every source from this capture directory instead of the network")
    parser.add_argument("--check", action="store_true",
                        help="check the config, print each provider's schedule and next run, and exit")
    add_log_option(parser)
    return parser


class Daemon:
    """The scheduler, its provider jobs, the health check and the notifier, started and stopped together."""

    def __init__(self, config: DaemonConfig, engine: Engine, providers: list[ProviderConfig],
                 transports: dict[str, tuple[Transport, str]], cancel: threading.Event,
                 clock: Clock = utc_now, archive: Archive | None = None,
                 rates: tuple[Transport, str] | None = None) -> None:
        self.config, self.engine, self.providers, self.transports = config, engine, providers, transports
        self.rates = rates  # the rates job's transport and source; None: not scheduled
        self.archive = archive
        self.clock, self.cancel = clock, cancel
        self.ttl = config.lock_ttl or lock_ttl()
        self.running: dict[str, Lease] = {}
        self._changed = threading.Condition()
        self.notifier = Notifier(engine, config.destinations, make_client(), clock)
        self.scheduler = BackgroundScheduler(
            timezone="UTC", executors={"default": ThreadPoolExecutor(max(2, len(providers) + 2))},
            # never two runs of one provider; a backlog of missed runs collapses into one; a run
            # later than the grace time (the machine slept, the daemon was stopped) is skipped
            job_defaults={"max_instances": 1, "coalesce": True,
                          "misfire_grace_time": int(config.misfire_grace.total_seconds()) or 1})

    def start(self) -> None:
        """Schedule every provider and the health check, then start the threads."""
        log = structlog.get_logger()
        for provider in self.providers:
            first = self._first_run(provider.id, provider.schedule)
            extra = {} if first is None else {"next_run_time": first}
            self.scheduler.add_job(self.run_provider, trigger_for(provider.schedule, first), args=[provider.id],
                                   id=provider.id, name=f"refresh {provider.id}", **extra)
            log.info("provider scheduled", provider=provider.id, schedule=provider.schedule.describe(),
                     source=self.transports[provider.id][1])
        if self.rates is not None:
            self._schedule_rates(log)
        self.scheduler.add_job(self.check_health, "interval", id=HEALTH_JOB, name="health check",
                               seconds=self.config.health_check_interval.total_seconds() or 60,
                               next_run_time=self.clock())
        start_alerts(self.engine)
        self.notifier.start()
        self.scheduler.start()
        log.info("daemon started", providers=[p.id for p in self.providers],
                 alerts=[d.name for d in self.config.destinations])

    def _schedule_rates(self, log) -> None:
        schedule = self.config.rates.schedule
        first = self._first_run(ecb.PROVIDER.id, schedule)
        extra = {} if first is None else {"next_run_time": first}
        self.scheduler.add_job(self.run_rates, trigger_for(schedule, first), id=RATES_JOB,
                               name="exchange rates", **extra)
        log.info("rates scheduled", provider=ecb.PROVIDER.id, schedule=schedule.describe(), source=self.rates[1])

    def _first_run(self, provider_id: str, schedule: Schedule):
        with Session(self.engine) as session:
            last = run_facts(session, provider_id).last_attempt_at
        return first_run_at(schedule, last, self.clock())

    def watched(self) -> list[str]:
        """What the health check watches: the providers, and the rates when they are scheduled."""
        return [p.id for p in self.providers] + ([ecb.PROVIDER.id] if self.rates is not None else [])

    def run_provider(self, provider_id: str) -> None:
        """One scheduled refresh; its outcome is recorded and announced, never raised."""
        def run(lease: Lease) -> None:
            transport, source = self.transports[provider_id]
            report = refresh(scrapers.get(provider_id), transport, self.engine, source, clock=self.clock, lease=lease,
                             archive=self.archive, guard=self.config.guard_for(provider_id))
            self.write_site(report.provider, report.status)
        self._run_job(provider_id, run)

    def write_site(self, provider_id: str, status: str) -> None:
        """After an applied run, rewrite the site pages it touched ([site] out); a failure is logged, never raised."""
        if self.config.site_out is None or status not in APPLIED:
            return
        try:
            write_site(self.engine, self.config.site_out, [provider_id], self.clock)
        except Exception:  # the site is a view of the data: failing to write it must not fail the run
            structlog.get_logger().exception("site pages not rewritten", provider=provider_id,
                                             out=str(self.config.site_out))

    def run_rates(self) -> None:
        """One scheduled read of the exchange rates, recorded as provider ``ecb``; never raised."""
        self._run_job(ecb.PROVIDER.id,
                      lambda lease: refresh_rates(self.engine, *self.rates, self.archive, lease, self.clock))

    def _run_job(self, provider_id: str, run) -> None:
        lease = Lease(self.ttl, cancel=self.cancel)
        with self._changed:
            if self.cancel.is_set():
                return
            self.running[provider_id] = lease
        try:
            run(lease)
            self.check_health()
        except Exception:  # a crash of one run must not end the daemon; the run is recorded as failed
            structlog.get_logger().exception("scheduled refresh crashed", provider=provider_id)
        finally:
            with self._changed:
                del self.running[provider_id]
                self._changed.notify_all()

    def check_health(self) -> None:
        """Announce health transitions and the changes of runs not yet announced."""
        try:
            now = self.clock()
            transitions = check_transitions(
                self.engine, self.watched(), now,
                lambda session, found: session.add_all(transition_rows(self.config.destinations, found, now)))
            queued = queue_new_runs(self.engine, self.config.destinations, now)
            if queued or transitions:
                self.notifier.wake()
        except Exception:  # alerts must never fail a refresh or stop the schedule
            structlog.get_logger().exception("health check or alert queuing failed")

    def stop(self) -> bool:
        """Cancel what can be cancelled, wait up to shutdown_timeout for runs in progress, then stop.
        False when some run was still blocked at the deadline (it was recorded as cancelled)."""
        log = structlog.get_logger()
        log.info("daemon stopping", running=sorted(self.running))
        self.cancel.set()
        self.scheduler.shutdown(wait=False)
        with self._changed:
            finished = self._changed.wait_for(lambda: not self.running,
                                              self.config.shutdown_timeout.total_seconds())
            stuck = dict(self.running)
        self.notifier.stop()
        if not finished:
            self._abandon(stuck)
        log.info("daemon stopped")
        return finished

    def _abandon(self, stuck: dict[str, Lease]) -> None:
        """Runs still blocked (in a network read) when the time is up: none has begun writing, since
        writing is not cancellable and is short; record them as cancelled and free their locks."""
        for provider_id, lease in stuck.items():
            if lease.run_id is not None:
                end_run(self.engine, lease.run_id, "cancelled",
                        "stopped before completion: the daemon shut down", self.clock(), only_if_running=True)
            release(self.engine, lock_name(provider_id), lease.owner)
            structlog.get_logger().warning("run abandoned at shutdown", provider=provider_id, run_id=lease.run_id)


def main(argv: list[str] | None = None) -> int:
    """Run the daemon until SIGTERM or SIGINT."""
    return guarded(_main, argv, "daemon")


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.log_format)
    try:
        config, url, root = stores(args)
        providers = _selected(config, args.providers)
        cancel = threading.Event()
        live = HttpTransport(make_client(config.fetch), sleep=_cancellable_sleep(cancel), policy=config.fetch)
        transports = _transports(providers, args.replay, live)
        rates = _rates_transport(config, args.replay is not None or all(p.replay for p in providers), live)
        engine = open_for_reading(url) if args.check else open_database(url)  # --check writes nothing
        lock_ttl()  # a bad PRICES_LOCK_TTL_SECONDS is a config error now, not at the first run
        repository_mapping()  # so is a broken canonical/models.toml
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    daemon = Daemon(config, engine, providers, transports, cancel, archive=root and Archive(root), rates=rates)
    if args.check:
        return _print_check(daemon)
    _store_thresholds(engine, config)
    return _serve(daemon)


def _selected(config: DaemonConfig, names: list[str]) -> list[ProviderConfig]:
    for name in names:
        scrapers.get(name)
    chosen = [config.providers[n] for n in dict.fromkeys(names)] if names else config.enabled()
    if not chosen:
        raise ConfigError("no provider is enabled: nothing to schedule")
    return chosen


def _transports(providers: list[ProviderConfig], replay: Path | None,
                live: Transport) -> dict[str, tuple[Transport, str]]:
    """Each provider's transport: --replay, else its config replay folder, else the network."""
    transports = {}
    for provider in providers:
        folder = replay or provider.replay
        transports[provider.id] = (_replay(folder, provider.id, replay is None), f"replay of {folder}") \
            if folder else (live, "live")
    return transports


def _rates_transport(config: DaemonConfig, offline: bool, live: Transport) -> tuple[Transport, str] | None:
    """The rates job's transport: [rates].replay, else the network; None when [rates] disables it, or
    when every provider is replayed and [rates] names no replay (a replayed daemon stays off the network)."""
    rates = config.rates
    if not rates.enabled:
        return None
    if rates.replay is not None:
        try:
            return ReplayTransport(rates.replay), f"replay of {rates.replay}"
        except ConfigError as exc:
            raise ConfigError(f"rates.replay: {exc}") from exc
    if offline:
        structlog.get_logger().info("rates not scheduled: every provider is replayed and [rates] names no replay")
        return None
    return live, "live"


def _replay(folder: Path, provider_id: str, from_config: bool) -> ReplayTransport:
    try:
        return ReplayTransport(folder)
    except ConfigError as exc:
        if from_config:  # say where the bad folder was named
            raise ConfigError(f"providers.{provider_id}.replay: {exc}") from exc
        raise


def _cancellable_sleep(cancel: threading.Event):
    """The wait between retries of a request, cut short when the daemon stops."""
    def sleep(seconds: float) -> None:
        if cancel.wait(seconds):
            raise Cancelled("stopped while waiting to retry a request: the daemon is shutting down")
    return sleep


def _store_thresholds(engine: Engine, config: DaemonConfig) -> None:
    if config.stale_after_days is not None:
        set_setting(engine, "stale_after_days", config.stale_after_days)
    if config.failing_after is not None:
        set_setting(engine, "failing_after", config.failing_after)


def _print_check(daemon: Daemon) -> int:
    jobs = [(p.id, p.id, p.schedule, daemon.transports[p.id][1]) for p in daemon.providers]
    if daemon.rates is not None:
        jobs.append((RATES_JOB, ecb.PROVIDER.id, daemon.config.rates.schedule, daemon.rates[1]))
    else:
        print("rates: not scheduled ([rates] enabled = false, or every provider replayed without [rates] replay)")
    for name, provider_id, schedule, source in jobs:
        first = daemon._first_run(provider_id, schedule)
        upcoming = first or trigger_for(schedule, first).get_next_fire_time(None, daemon.clock())
        print(f"{name}: {schedule.describe()}; next run {upcoming:%Y-%m-%d %H:%M:%S} UTC; source {source}")
    site = daemon.config.site_out
    print(f"site: {site} rewritten after each applied run" if site else "site: not written ([site] out not set)")
    for destination in daemon.config.destinations:
        target = destination.url if destination.kind == "webhook" else destination.path
        print(f"alerts: {destination.kind} {destination.name} -> {target} ({', '.join(sorted(destination.events))})")
    return EXIT_OK


def _serve(daemon: Daemon) -> int:
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda number, _frame: stop.set())
    daemon.start()
    while not stop.wait(1):
        pass
    if daemon.stop():
        return EXIT_OK
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(EXIT_OK)  # a worker thread still blocked in a network read must not hold the exit up


if __name__ == "__main__":
    sys.exit(main())
