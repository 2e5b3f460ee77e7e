"""python -m jobs.review [PROVIDER...] [--accept RUN | --reject RUN | --accept-offering ID | --reject-offering ID]:
decide on what the guard held.

Without a decision, lists the held runs, oldest first (why each was held and what applying it would
change now, its archived bodies re-parsed), then the offerings held alone (each with its reasons,
the values held and how many runs stated them). --accept RUN applies a held run as if it had passed
the guard, at the time it observed its sources; --reject RUN discards it. --accept-offering ID
applies a held offering's values from the first run that stated them; --reject-offering ID keeps
its last applied values (the held values are then never confirmed by persistence).

Exit codes: 0 done, or nothing held; 1 the run could not be applied (bodies missing from the
archive, newer data applied since, a parse error); 2 a bad argument (no such run, not held);
3 a refresh of the provider is running (nothing was done).
"""

from __future__ import annotations

import argparse
import json
import sys

import structlog
from sqlmodel import Session

import scrapers
from core.errors import ConfigError, ScrapeError
from jobs.cli import add_log_option, add_store_options, command_parser, guarded, stores
from jobs.config import DaemonConfig
from core.offering import OfferingKey
from jobs.held import Locked, accept, accept_offering, pending_diff, reject, reject_offering
from jobs.logs import configure_logging
from jobs.runner import HELD_PREFIX, Lease, RunReport, one_line, utc_now
from jobs.summary import show, summarize
from storage.archive import Archive
from storage.db import open_existing, stale_after_days
from storage.locks import lock_ttl
from storage.codec import values_from_json
from storage.holds import lasting_rows_of
from storage.runs import held_runs
from storage.tables import HeldRow, RunRow

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    parser = command_parser("python -m jobs.review", __doc__)
    parser.add_argument("providers", nargs="*", metavar="PROVIDER", help="only these providers' held runs")
    decision = parser.add_mutually_exclusive_group()
    decision.add_argument("--accept", type=int, metavar="RUN", help="apply held run RUN")
    decision.add_argument("--reject", type=int, metavar="RUN", help="discard held run RUN")
    decision.add_argument("--accept-offering", type=int, metavar="ID", help="apply the values of held offering ID")
    decision.add_argument("--reject-offering", type=int, metavar="ID",
                          help="keep the last values of held offering ID; never confirm its held values")
    add_store_options(parser, "config file for daemon.db and daemon.archive (default: $PRICES_CONFIG)")
    add_log_option(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every offering accepting would add")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; every outcome is an exit code and at most one line of error on stderr."""
    return guarded(_main, argv, "review command")


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.log_format)
    try:
        for name in args.providers:
            scrapers.get(name)
        config, url, root = stores(args)
        engine = open_existing(url)
        archive = Archive(root) if root is not None else None
        if args.reject is not None:
            run = reject(engine, args.reject, utc_now())
            print(f"run {run.id} ({run.provider}) rejected: nothing of it was applied")
            return EXIT_OK
        if args.reject_offering is not None:
            row = reject_offering(engine, args.reject_offering, utc_now())
            print(f"held offering {row.id} ({row.provider} {_key(row)}) rejected: its last applied values stay")
            return EXIT_OK
        if args.accept_offering is not None:
            return _accept_offering(engine, args.accept_offering)
        if archive is None:
            raise ConfigError("no raw-response archive: give --archive DIR (an in-memory database has none)")
        if args.accept is not None:
            return _accept(engine, archive, args.accept)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return _list(engine, archive, args, config)


def _accept(engine, archive: Archive, run_id: int) -> int:
    try:
        changes = accept(engine, archive, run_id, utc_now, Lease(lock_ttl()))
    except Locked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except ScrapeError as exc:
        structlog.get_logger().error("accepting a held run failed", run_id=run_id, error=one_line(exc))
        print(f"error: run {run_id} was not applied: {one_line(exc)}", file=sys.stderr)
        return EXIT_FAILED
    print(f"run {run_id} accepted: {changes.seen} offerings, {len(changes.added)} added, "
          f"{len(changes.changed)} changed, {len(changes.delisted)} delisted, {changes.verified} verified")
    return EXIT_OK


def _accept_offering(engine, hold_id: int) -> int:
    try:
        row = accept_offering(engine, hold_id, utc_now, Lease(lock_ttl()))
    except Locked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    print(f"held offering {row.id} ({row.provider} {_key(row)}) accepted: its values apply from "
          f"{row.first_seen_at:%Y-%m-%d %H:%M} UTC")
    return EXIT_OK


def _list(engine, archive: Archive, args: argparse.Namespace, config: DaemonConfig) -> int:
    with Session(engine) as session:
        runs = held_runs(session, args.providers or None)
        holds = lasting_rows_of(session, args.providers or None)
    if not runs:
        print("no run is held for review")
    threshold = stale_after_days(engine)
    for run in runs:
        print(summarize(_report(engine, archive, run, config), utc_now(), threshold, args.verbose))
        print(f"  decide: python -m jobs.review --accept {run.id}   or   --reject {run.id}")
    print(f"{len(holds)} offerings held alone" if holds else "no offering is held alone")
    for row in holds:
        print("\n".join(_hold_lines(row)))
    return EXIT_OK


def _key(row: HeldRow) -> str:
    return str(OfferingKey(row.model, row.tier, row.region))


def _hold_lines(row: HeldRow) -> list[str]:
    """One held offering: since when, how often stated, why, the held values; how to decide."""
    state = "rejected in review: never confirmed" if row.status == "rejected" else "waiting"
    stated = values_from_json(row.stated)
    held = ", ".join(f"{name} {show(stated[name])}" for name in json.loads(row.signature) if name in stated)
    return [f"{row.provider}: held offering {row.id} · {_key(row)} · since {row.first_seen_at:%Y-%m-%d %H:%M} UTC "
            f"· stated by {row.runs} runs · {state}",
            *(f"    {reason}" for reason in json.loads(row.reasons)),
            f"  held values: {held}",
            f"  decide: python -m jobs.review --accept-offering {row.id}   or   --reject-offering {row.id}"]


def _report(engine, archive: Archive, run: RunRow, config: DaemonConfig) -> RunReport:
    """The held run as a refresh reports it, with what applying it would change now and every
    reason the guard finds to hold it now (the run's record keeps the first few)."""
    report = RunReport(run.provider, "held", run.source, run.id, run.observed_at, error=run.error)
    try:
        report.diff, problems = pending_diff(engine, archive, run, config.guard_for(run.provider))
        if problems:
            report.error = HELD_PREFIX + "; ".join(problems)
        else:
            report.warnings = ["against the data stored now, the guard would let this run pass"]
    except ScrapeError as exc:
        report.status, report.error = "held", f"{run.error}; its differences cannot be shown: {one_line(exc)}"
    return report


if __name__ == "__main__":
    sys.exit(main())
