"""python -m jobs.status [PROVIDER...]: each provider's freshness and health; a health check for machines.

Exit codes: 0 every enabled provider is healthy; 1 at least one enabled provider is
failing or stale (never refreshed counts as stale); 2 a bad argument, config or URL.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from sqlalchemy import Engine, func, inspect
from sqlmodel import Session, select

import scrapers
import scrapers.ecb as ecb
from core.errors import ConfigError
from core.health import HEALTHY, Health
from jobs.alerts import provider_name
from jobs.cli import add_config_options, command_parser, guarded
from jobs.config import config_path, load_config
from jobs.health import provider_health, thresholds
from jobs.logs import configure_logging
from jobs.runner import Clock, utc_now
from storage.db import database_url, open_for_reading
from storage.health import run_facts
from storage.tables import NotificationRow, RunRow

EXIT_OK, EXIT_UNHEALTHY, EXIT_USAGE = 0, 1, 2
COLUMNS = ("PROVIDER", "HEALTH", "LAST REFRESHED", "RESEARCHED", "OFFERINGS", "HELD", "UNREAD", "FAILURES",
           "LAST ERROR")


def build_parser() -> argparse.ArgumentParser:
    parser = command_parser("python -m jobs.status", __doc__)
    parser.add_argument("providers", nargs="*", metavar="PROVIDER",
                        help="only these providers (default: every registered one)")
    add_config_options(parser, "daemon config, to know which providers are enabled (default: $PRICES_CONFIG)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def main(argv: list[str] | None = None, clock: Clock = utc_now) -> int:
    """Print the status; the exit code says whether every enabled provider is healthy."""
    return guarded(lambda args: _main(args, clock), argv, "status command")


def _main(argv: list[str] | None, clock: Clock) -> int:
    args = build_parser().parse_args(argv)
    configure_logging()  # logs (if any) go to stderr: stdout stays the table or the JSON
    try:
        config = load_config(config_path(args.config))
        for name in args.providers:
            scrapers.get(name)
        engine = open_for_reading(database_url(args.db or config.db))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    ids = list(dict.fromkeys(args.providers)) or [*scrapers.REGISTRY, *_rates_if_run(engine)]
    enabled = {p.id for p in config.enabled()} | ({ecb.PROVIDER.id} if config.rates.enabled else set())
    report = status_report(engine, ids, enabled, clock())
    print(json.dumps(report, indent=2) if args.json else render(report))
    unhealthy = [p for p in report["providers"] if p["enabled"] and p["health"] != HEALTHY]
    return EXIT_UNHEALTHY if unhealthy else EXIT_OK


def status_report(engine: Engine, ids: list[str], enabled: set[str], now: datetime) -> dict:
    """Everything the status command shows, as plain JSON-ready data."""
    stale_after, failing_after = thresholds(engine)
    return {"checked_at": now.isoformat(), "stale_after_days": stale_after, "failing_after": failing_after,
            "providers": [_provider(h, h.provider in enabled) for h in provider_health(engine, ids, now)],
            "notifications": _undelivered(engine)}


def _provider(health: Health, enabled: bool) -> dict:
    facts, fresh = health.facts, health.freshness
    return {"provider": health.provider, "name": provider_name(health.provider), "enabled": enabled,
            "health": health.state, "last_refreshed": _iso(facts.last_refreshed),
            "researched_days_ago": fresh.days_ago, "researched": fresh.status_text, "stale": fresh.stale,
            "offerings": facts.offerings, "held_offerings": facts.held_offerings, "unread_parts": facts.unread_parts,
            "last_attempt_at": _iso(facts.last_attempt_at),
            "last_success_at": _iso(facts.last_success_at), "consecutive_failures": facts.consecutive_failures,
            "last_error": facts.last_error, "last_error_at": _iso(facts.last_error_at)}


def _rates_if_run(engine: Engine) -> list[str]:
    """The exchange rates' row (provider ``ecb``), once a rates run is on record."""
    if not inspect(engine).has_table(RunRow.__tablename__):
        return []
    with Session(engine) as session:
        ran = run_facts(session, ecb.PROVIDER.id).last_attempt_at is not None
    return [ecb.PROVIDER.id] if ran else []


def _undelivered(engine: Engine) -> dict[str, int]:
    """Notifications still waiting for delivery, and those given up on."""
    if not inspect(engine).has_table(NotificationRow.__tablename__):
        return {"pending": 0, "failed": 0}
    with Session(engine) as session:
        counts = dict(session.exec(select(NotificationRow.status, func.count())
                                   .group_by(NotificationRow.status)).all())
    return {"pending": counts.get("pending", 0), "failed": counts.get("failed", 0)}


def render(report: dict) -> str:
    """A fixed-width table, one provider per line, then the alert backlog."""
    rows = [COLUMNS] + [_cells(p) for p in report["providers"]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
             for row in rows]
    notes = report["notifications"]
    if notes["pending"] or notes["failed"]:
        lines.append(f"alerts: {notes['pending']} waiting for delivery, {notes['failed']} undelivered "
                     "(see the notifications table)")
    return "\n".join(line.rstrip() for line in lines)


def _cells(p: dict) -> tuple[str, ...]:
    health = p["health"] if p["enabled"] else f"{p['health']} (disabled)"
    refreshed = p["last_refreshed"][:16].replace("T", " ") if p["last_refreshed"] else "never"
    return (p["provider"], health, refreshed, p["researched"], str(p["offerings"]), str(p["held_offerings"]),
            str(p["unread_parts"]), str(p["consecutive_failures"]), p["last_error"] or "-")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


if __name__ == "__main__":
    sys.exit(main())
