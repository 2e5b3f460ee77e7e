"""python -m jobs.refresh PROVIDER... | all: refresh providers once and print what changed.

Providers are refreshed concurrently, --jobs at a time (default 4); each one's summary is printed
as it finishes. Per-host pacing, robots.txt and retries are the same as when they run one by one.

Exit codes: 0 every run succeeded; 1 at least one run failed (each says why);
2 a bad argument, URL, config or capture directory (nothing was run); 3 no run failed,
but at least one provider was skipped because another refresh of it was running;
4 no run failed, but at least one was held for review (python -m jobs.review).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import structlog
from sqlalchemy import Engine

import scrapers
from core.errors import ConfigError
from core.freshness import MAX_STALE_AFTER_DAYS
from jobs.cli import add_log_option, add_store_options, command_parser, guarded, stores
from jobs.config import DaemonConfig
from jobs.logs import configure_logging
from jobs.mapping import repository_mapping
from jobs.replays import Replays, replays
from jobs.runner import Lease, RunReport, refresh, utc_now
from jobs.summary import summarize
from scrapers._fetch import Transport
from scrapers._http import HttpTransport, make_client
from storage.archive import Archive
from storage.db import open_database, open_for_reading, set_stale_after_days, stale_after_days
from storage.locks import lock_ttl

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_HELD = 0, 1, 2, 3, 4
DEFAULT_JOBS, MAX_JOBS = 4, 32


def build_parser() -> argparse.ArgumentParser:
    parser = command_parser("python -m jobs.refresh", __doc__)
    parser.add_argument("providers", nargs="+", metavar="PROVIDER",
                        help=f"provider ids ({', '.join(scrapers.REGISTRY)}) or 'all'")
    add_store_options(parser, "config file: its [fetch] policy, [guard] thresholds, daemon.db and "
                      "daemon.archive apply (default: $PRICES_CONFIG, else built-in defaults)")
    parser.add_argument("--replay", metavar="DIR", type=Path,
                        help="read every source from this capture directory (manifest.json) instead of the network")
    parser.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    parser.add_argument("--stale-after-days", type=int, metavar="N",
                        help="store N as the staleness threshold (default 7) used by the freshness views")
    add_log_option(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every added offering")
    parser.add_argument("--jobs", type=_jobs, default=DEFAULT_JOBS, metavar="N",
                        help=f"refresh up to N providers at once ({MAX_JOBS} at most; default {DEFAULT_JOBS})")
    return parser


def _jobs(written: str) -> int:
    try:
        jobs = int(written)
    except ValueError:
        jobs = 0
    if not 1 <= jobs <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"{written!r} is not a number of providers at once from 1 to {MAX_JOBS}")
    return jobs


def provider_ids(names: list[str]) -> list[str]:
    """The provider ids asked for; 'all' means every registered one. Unknown ids raise ConfigError."""
    ids = list(scrapers.REGISTRY) if "all" in names else list(dict.fromkeys(names))
    for name in ids:
        scrapers.get(name)
    return ids


def main(argv: list[str] | None = None) -> int:
    """Run the command; every outcome is an exit code and at most one line of error on stderr."""
    return guarded(_main, argv, "refresh command")


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.log_format)
    try:
        ids = provider_ids(args.providers)
        if args.stale_after_days is not None and not 1 <= args.stale_after_days <= MAX_STALE_AFTER_DAYS:
            raise ConfigError(f"--stale-after-days must be from 1 to {MAX_STALE_AFTER_DAYS}")
        ttl = lock_ttl()
        repository_mapping()  # a broken canonical/models.toml stops here, before anything is fetched
        config, url, root = stores(args)
        engine = _engine(args, url)
        archive = Archive(root) if root is not None and not args.dry_run else None
        plan = _plan(args, config, ids)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if plan.without:
        print(f"note: no captures under {args.replay} for {', '.join(plan.without)}: not refreshed", file=sys.stderr)

    def run_one(pid: str) -> list[RunReport]:  # a provider's captures one after another, oldest first
        return [refresh(scrapers.get(pid), transport, engine, source, args.dry_run, lease=Lease(ttl),
                        archive=archive, guard=config.guard_for(pid)) for transport, source in plan.plan[pid]]

    threshold = args.stale_after_days or stale_after_days(engine)
    reports = run_concurrently(list(plan.plan), run_one, args.jobs,
                               lambda r: print(summarize(r, utc_now(), threshold, args.verbose), flush=True))
    _print_hints(reports, args.replay is None)
    return exit_code(reports)


def run_concurrently(ids: list[str], run_one: Callable[[str], list[RunReport]], jobs: int,
                     finished: Callable[[RunReport], object]) -> list[RunReport]:
    """Each provider's runs, ``jobs`` providers at a time, ``finished`` told of each provider's reports as its
    runs end; the reports in ``ids`` order. Each run has its own transaction and lock, as when run one by one."""
    if jobs == 1 or len(ids) == 1:
        return [report for pid in ids for report in _told(run_one(pid), finished)]
    with ThreadPoolExecutor(max_workers=min(jobs, len(ids)), thread_name_prefix="refresh") as pool:
        futures = {pool.submit(run_one, pid): pid for pid in ids}
        done = {futures[future]: _told(future.result(), finished) for future in as_completed(futures)}
    return [report for pid in ids for report in done[pid]]


def _told(reports: list[RunReport], finished: Callable[[RunReport], object]) -> list[RunReport]:
    for report in reports:
        finished(report)
    return reports


def exit_code(reports: list[RunReport]) -> int:
    """1 if any run failed, else 4 if any was held for review, else 3 if any was skipped because
    its provider was locked, else 0."""
    statuses = {r.status for r in reports}
    if "failed" in statuses or "cancelled" in statuses:
        return EXIT_FAILED
    if "held" in statuses:
        return EXIT_HELD
    return EXIT_LOCKED if "locked" in statuses else EXIT_OK


def _engine(args: argparse.Namespace, url: str) -> Engine:
    if not args.dry_run:
        engine = open_database(url)
        if args.stale_after_days is not None:
            set_stale_after_days(engine, args.stale_after_days)
        return engine
    return open_for_reading(url)  # a dry run before the first run compares with nothing


def _plan(args: argparse.Namespace, config: DaemonConfig, ids: list[str]) -> Replays:
    """What each provider reads: the network, or the captures --replay names (see jobs/replays.py)."""
    if args.replay is not None:
        return replays(args.replay, ids, config.fetch.max_body_bytes)
    live: Transport = HttpTransport(make_client(config.fetch), policy=config.fetch)
    return Replays({pid: [(live, "live")] for pid in ids})


def _print_hints(reports: list[RunReport], live: bool) -> None:
    if live and any(r.unreachable for r in reports) and all(r.status == "failed" for r in reports):
        print("error: no provider could be reached (no network?); --replay DIR reads saved captures instead, "
              "e.g. python -m jobs.refresh fireworks --replay ../shared/fixtures/fireworks/2026-08-26",
              file=sys.stderr)
    if any(r.status == "held" for r in reports):
        print("held runs: python -m jobs.review shows them; --accept RUN applies one, --reject RUN discards it")
    if any(r.holds and r.holds.started for r in reports):
        print("held offerings: python -m jobs.review shows them; --accept-offering ID applies one, "
              "--reject-offering ID keeps its last values")
    failed = [r.provider for r in reports if r.status == "failed"]
    if failed:
        structlog.get_logger().error("some refreshes failed", providers=failed)


if __name__ == "__main__":
    sys.exit(main())
