"""python -m jobs.rates: read the ECB's euro reference rates and keep every dated rate.

Comparisons across currencies (the ladder's blended price) convert with these rates, the rate of
the comparison's date, shown beside the converted value; stored prices are never converted. The run
is recorded like a provider's (provider "ecb" in scrape_runs), its body archived and replayable.

Exit codes: 0 the rates were read and stored; 1 the run failed (it says why; stored rates are
untouched); 2 a bad argument, config, database URL or capture folder; 3 another rates run was running.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

import structlog
from sqlalchemy import Engine
from sqlmodel import Session

import scrapers.ecb as ecb
from core.errors import ConfigError
from jobs.archived import known_pages
from jobs.cli import add_log_option, add_store_options, command_parser, guarded, stores
from jobs.logs import configure_logging
from jobs.runner import Clock, Lease, commit_holding, one_line, provider_lock, utc_now
from scrapers._fetch import Transport, fetch_all
from scrapers._http import HttpTransport, make_client
from scrapers._replay import ReplayTransport
from storage.archive import Archive
from storage.blends import refresh_blends
from storage.db import open_database, writing
from storage.locks import lock_ttl
from storage.rates import StoredRates, store_rates
from storage.responses import record_responses
from storage.runs import abandon_running, end_run, start_run
from storage.tables import RunRow

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    """The command's arguments (documented in the README's currency section)."""
    parser = command_parser("python -m jobs.rates", __doc__)
    add_store_options(parser, "config file: its [fetch] policy, daemon.db and daemon.archive apply")
    parser.add_argument("--replay", metavar="DIR", type=Path,
                        help="read the rates from this capture directory (manifest.json) instead of the network")
    add_log_option(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; every outcome is an exit code and at most one line of error on stderr."""
    return guarded(_main, argv, "rates command")


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.log_format)
    try:
        config, url, root = stores(args)
        engine = open_database(url)
        transport = ReplayTransport(args.replay) if args.replay else HttpTransport(make_client(config.fetch),
                                                                                   policy=config.fetch)
        lease = Lease(lock_ttl())
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    source = f"replay of {args.replay}" if args.replay else "live"
    status, line = refresh_rates(engine, transport, source, Archive(root) if root else None, lease)
    print(line)
    return {"success": EXIT_OK, "locked": EXIT_LOCKED}.get(status, EXIT_FAILED)


def refresh_rates(engine: Engine, transport: Transport, source: str, archive: Archive | None,
                  lease: Lease, clock: Clock = utc_now) -> tuple[str, str]:
    """One run of the rates source: (status, one summary line). Failures are recorded, rates untouched."""
    with provider_lock(engine, ecb.PROVIDER.id, lease, clock) as holder:
        if holder is not None:
            return "locked", f"ecb: locked · another rates run is running ({holder}); this one did not start"
        abandon_running(engine, ecb.PROVIDER.id, clock())
        run_id = start_run(engine, ecb.PROVIDER, source, clock())
        log = structlog.get_logger().bind(provider=ecb.PROVIDER.id, run_id=run_id)
        try:
            stored, observed = _run(engine, transport, archive, lease, run_id, clock)
        except Exception as exc:  # recorded on the run; nothing of it was stored
            error = one_line(exc)
            log.error("rates run failed", error=error)
            end_run(engine, run_id, "failed", error, clock())
            return "failed", f"ecb: failed · run {run_id} · {source}\n  error: {error}"
        log.info("rates stored", new=stored.new, same=stored.same, differing=len(stored.differing))
        return "success", _summary(run_id, source, observed, stored)


def _run(engine: Engine, transport: Transport, archive: Archive | None, lease: Lease, run_id: int,
         clock: Clock) -> tuple[StoredRates, datetime]:
    known = known_pages(engine, archive, ecb.PROVIDER.id) if archive else {}
    fetched = fetch_all(transport, ecb.SOURCES, known)
    if archive is not None:
        record_responses(engine, archive, run_id, ecb.PROVIDER.id, fetched, ecb.PARSER_VERSION)
    rates = ecb.parse(fetched)
    lease.checkpoint()
    with Session(writing(engine)) as session:
        stored = store_rates(session, ecb.PROVIDER.id, rates, run_id)
        refresh_blends(session, foreign_only=True)  # the exact blends of routes in other currencies
        warnings = [f"the ECB now states {len(stored.differing)} stored rates differently (kept as stored): "
                    + "; ".join(stored.differing[:5])] if stored.differing else []
        _finish(session.get(RunRow, run_id), fetched.observed_at, warnings, len(rates), stored, clock())
        commit_holding(session, ecb.PROVIDER.id, lease, clock)
    return stored, fetched.observed_at


def _finish(run: RunRow, observed: datetime, warnings: list[str], read: int, stored: StoredRates,
            now: datetime) -> None:
    """The run as it shows in scrape_runs: rates read (offerings), new (added), already stored (verified)."""
    run.status, run.finished_at, run.observed_at, run.warnings = "success", now, observed, json.dumps(warnings)
    run.offerings, run.added, run.verified, run.changes = read, stored.new, stored.same, stored.new


def _summary(run_id: int, source: str, observed: datetime, stored: StoredRates) -> str:
    line = (f"ecb: success · run {run_id} · {source} · observed {observed:%Y-%m-%d %H:%M} UTC\n"
            f"  {stored.new + stored.same + len(stored.differing)} rates read: {stored.new} new, "
            f"{stored.same} already stored")
    if stored.differing:
        line += f", {len(stored.differing)} stated differently from what is stored (kept as stored)"
    return line


if __name__ == "__main__":
    sys.exit(main())
