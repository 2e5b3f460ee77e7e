"""The daemon's TOML config: schedules per provider, daemon settings, alert destinations.

Everything is checked when the daemon starts; a bad value is a ConfigError whose
message names the table and key ("providers.fireworks.cron: ..."). Unknown keys are
errors too, so a typo cannot silently fall back to a default. Relative paths
(``replay``, a feed's ``path``) are relative to the config file's folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from apscheduler.triggers.cron import CronTrigger

import scrapers
from core.errors import ConfigError
from core.guard import GuardPolicy
from jobs.policies import fetch_policy, guard_policy, guard_settings
from jobs.toml_values import (
    bounded_int,
    duration,
    nonzero,
    only,
    positive_int,
    table_of,
    typed,
)
from scrapers._http import FetchPolicy

CONFIG_ENV = "PRICES_CONFIG"
EVENTS = ("changed", "added", "delisted", "relisted", "failing", "stale", "recovered", "held", "confirmed",
          "released", "partial")
DEFAULT_INTERVAL = timedelta(hours=6)
DEFAULT_JITTER = timedelta(minutes=5)
MAX_ATTEMPTS = 20


@dataclass(frozen=True)
class Schedule:
    """A cron expression (UTC) or a fixed interval, with random jitter added to each run time."""

    cron: str | None = None
    interval: timedelta | None = DEFAULT_INTERVAL
    jitter: timedelta = DEFAULT_JITTER

    def cron_trigger(self) -> CronTrigger:
        trigger = CronTrigger.from_crontab(self.cron, timezone=UTC)
        trigger.jitter = int(self.jitter.total_seconds()) or None
        return trigger

    def describe(self) -> str:
        when = f"cron '{self.cron}' (UTC)" if self.cron else f"every {_show(self.interval)}"
        return when + (f", jitter up to {_show(self.jitter)}" if self.jitter else "")


@dataclass(frozen=True)
class ProviderConfig:
    id: str
    enabled: bool = True
    schedule: Schedule = Schedule()
    replay: Path | None = None
    guard: dict = field(default_factory=dict)  # [providers.ID.guard] overrides


# The ECB publishes its reference rates around 16:00 CET on working days; 16:00 UTC is after that
# in summer and winter alike.
RATES_SCHEDULE = Schedule(cron="0 16 * * 1-5", interval=None)


@dataclass(frozen=True)
class RatesConfig:
    """The exchange-rate job: ``python -m jobs.rates`` on a schedule, in the daemon."""

    enabled: bool = True
    schedule: Schedule = RATES_SCHEDULE
    replay: Path | None = None


@dataclass(frozen=True)
class Destination:
    """Where notifications go: a webhook (``url``) or an Atom feed file (``path``)."""

    name: str
    kind: str  # webhook | atom
    events: frozenset[str] = frozenset(EVENTS)
    providers: frozenset[str] | None = None  # None: every provider
    url: str | None = None
    path: Path | None = None
    title: str = "LLM price changes"
    max_entries: int = 200
    timeout: timedelta = timedelta(seconds=10)
    max_attempts: int = 5
    retry_delay: timedelta = timedelta(seconds=30)

    def accepts(self, event: str, provider: str) -> bool:
        return event in self.events and (self.providers is None or provider in self.providers)


@dataclass(frozen=True)
class DaemonConfig:
    path: Path | None = None
    db: str | None = None
    stale_after_days: int | None = None
    failing_after: int | None = None
    misfire_grace: timedelta = timedelta(minutes=30)
    shutdown_timeout: timedelta = timedelta(seconds=30)
    health_check_interval: timedelta = timedelta(minutes=15)
    lock_ttl: timedelta | None = None
    archive: Path | None = None
    fetch: FetchPolicy = FetchPolicy()
    guard: dict = field(default_factory=dict)  # [guard] overrides for every provider
    providers: dict[str, ProviderConfig] = field(default_factory=dict)
    destinations: list[Destination] = field(default_factory=list)
    rates: RatesConfig = RatesConfig()
    site_out: Path | None = None  # [site] out: the static site's folder, rewritten after each applied run

    def enabled(self) -> list[ProviderConfig]:
        return [p for p in self.providers.values() if p.enabled]

    def guard_for(self, provider_id: str) -> GuardPolicy:
        """The provider module's GUARD with [guard] and [providers.ID.guard] over it."""
        provider = self.providers.get(provider_id)
        base = getattr(scrapers.get(provider_id), "GUARD", GuardPolicy())
        return guard_policy(base, self.guard, provider.guard if provider else {})


def config_path(cli_path: Path | None) -> Path | None:
    """--config, else $PRICES_CONFIG, else none (defaults for every registered provider)."""
    if cli_path is not None:
        return cli_path
    return Path(os.environ[CONFIG_ENV]) if os.environ.get(CONFIG_ENV) else None


def load_config(path: Path | None) -> DaemonConfig:
    """Read and check the config file; with no file, every registered provider on the default schedule."""
    if path is None:
        return DaemonConfig(providers={pid: ProviderConfig(pid) for pid in scrapers.REGISTRY})
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"config {path}: cannot read it ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {path}: not valid TOML ({exc})") from exc
    return _daemon_config(data, path)


def _daemon_config(data: dict, path: Path) -> DaemonConfig:
    only(data, "", {"daemon", "defaults", "providers", "alerts", "fetch", "guard", "rates", "site"})
    daemon = table_of(data, "daemon")
    only(daemon, "daemon", {"db", "stale_after_days", "failing_after", "misfire_grace_time",
                            "shutdown_timeout", "health_check_interval", "lock_ttl", "archive"})
    only(table_of(data, "defaults"), "defaults", {"cron", "interval", "jitter"})
    defaults = _schedule(table_of(data, "defaults"), "defaults", Schedule())
    return DaemonConfig(
        path=path, db=typed(daemon, "daemon", "db", str),
        stale_after_days=positive_int(daemon, "daemon", "stale_after_days"),
        failing_after=positive_int(daemon, "daemon", "failing_after"),
        misfire_grace=duration(daemon, "daemon", "misfire_grace_time", timedelta(minutes=30)),
        shutdown_timeout=duration(daemon, "daemon", "shutdown_timeout", timedelta(seconds=30)),
        health_check_interval=duration(daemon, "daemon", "health_check_interval", timedelta(minutes=15)),
        lock_ttl=nonzero(duration(daemon, "daemon", "lock_ttl", None), "daemon.lock_ttl"),
        archive=path.parent / archive if (archive := typed(daemon, "daemon", "archive", str)) else None,
        fetch=fetch_policy(table_of(data, "fetch")), guard=guard_settings(table_of(data, "guard"), "guard"),
        providers=_providers(table_of(data, "providers"), defaults, path.parent),
        destinations=_destinations(table_of(data, "alerts"), path.parent),
        rates=_rates(table_of(data, "rates"), path.parent),
        site_out=_site_out(table_of(data, "site"), path.parent),
    )


def _site_out(table: dict, base: Path) -> Path | None:
    """The [site] table: ``out``, the folder of the static site (python -m jobs.site), or None."""
    only(table, "site", {"out"})
    out = typed(table, "site", "out", str)
    if out is not None and not out.strip():
        raise ConfigError("site.out: the site's folder must not be empty")
    return base / out if out is not None else None


def _rates(table: dict, base: Path) -> RatesConfig:
    """The [rates] table: enabled, its own schedule (not [defaults]: the rates are daily), replay."""
    only(table, "rates", {"enabled", "cron", "interval", "jitter", "replay"})
    replay = typed(table, "rates", "replay", str)
    return RatesConfig(typed(table, "rates", "enabled", bool, True), _schedule(table, "rates", RATES_SCHEDULE),
                       base / replay if replay else None)


def _providers(table: dict, defaults: Schedule, base: Path) -> dict[str, ProviderConfig]:
    unknown = sorted(set(table) - set(scrapers.REGISTRY))
    if unknown:
        raise ConfigError(f"providers.{unknown[0]}: unknown provider (known: {', '.join(scrapers.REGISTRY)})")
    providers = {}
    for pid in scrapers.REGISTRY:  # a provider the file does not name runs on the defaults
        entry = table_of(table, pid, f"providers.{pid}")
        where = f"providers.{pid}"
        only(entry, where, {"enabled", "cron", "interval", "jitter", "replay", "guard"})
        replay = typed(entry, where, "replay", str)
        providers[pid] = ProviderConfig(pid, typed(entry, where, "enabled", bool, True),
                                        _schedule(entry, where, defaults),
                                        base / replay if replay else None,
                                        guard_settings(table_of(entry, "guard", f"{where}.guard"),
                                                       f"{where}.guard"))
    return providers


def _schedule(table: dict, where: str, inherited: Schedule) -> Schedule:
    """A table's cron/interval/jitter over the inherited schedule; cron and interval exclude each other."""
    if "cron" in table and "interval" in table:
        raise ConfigError(f"{where}: give either cron or interval, not both")
    cron = typed(table, where, "cron", str)
    interval = duration(table, where, "interval", None)
    if cron is not None:
        schedule = Schedule(cron=cron, interval=None, jitter=inherited.jitter)
    elif interval is not None:
        schedule = Schedule(cron=None, interval=interval, jitter=inherited.jitter)
    else:
        schedule = inherited
    schedule = Schedule(schedule.cron, schedule.interval, duration(table, where, "jitter", schedule.jitter))
    _check_trigger(schedule, where)
    return schedule


def _check_trigger(schedule: Schedule, where: str) -> None:
    """An interval above 0, or a cron expression that parses and fires at least once more."""
    if schedule.cron is None:
        if schedule.interval <= timedelta(0):
            raise ConfigError(f"{where}.interval: must be longer than 0")
        return
    try:
        trigger = schedule.cron_trigger()
    except ValueError as exc:
        raise ConfigError(f"{where}.cron: {schedule.cron!r} is not a valid cron expression ({exc})") from exc
    if trigger.get_next_fire_time(None, datetime.now(UTC)) is None:
        raise ConfigError(f"{where}.cron: {schedule.cron!r} never fires")


def _destinations(alerts: dict, base: Path) -> list[Destination]:
    only(alerts, "alerts", {"webhook", "atom"})
    found = []
    for kind in ("webhook", "atom"):
        entries = alerts.get(kind, [])
        if not isinstance(entries, list):
            raise ConfigError(f"alerts.{kind}: write each destination as [[alerts.{kind}]]")
        found += [_destination(kind, entry, f"alerts.{kind}[{i}]", base) for i, entry in enumerate(entries)]
    names = [d.name for d in found]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ConfigError(f"alerts: destination name {duplicates[0]!r} is used twice")
    return found


def _destination(kind: str, entry: dict, where: str, base: Path) -> Destination:
    common = {"name", "events", "providers", "max_attempts", "retry_delay"}
    only(entry, where, common | ({"url", "url_env", "timeout"} if kind == "webhook"
                                  else {"path", "title", "max_entries"}))
    name = typed(entry, where, "name", str, where)
    where = f"{where} ({name})" if name != where else where
    target = _webhook_target(entry, where) if kind == "webhook" else {"path": _feed_path(entry, where, base)}
    return Destination(
        name=name, kind=kind, events=_events(entry, where), providers=_provider_filter(entry, where),
        max_attempts=bounded_int(entry, where, "max_attempts", MAX_ATTEMPTS) or 5,
        retry_delay=duration(entry, where, "retry_delay", timedelta(seconds=30)),
        timeout=duration(entry, where, "timeout", timedelta(seconds=10)),
        title=typed(entry, where, "title", str, "LLM price changes"),
        max_entries=positive_int(entry, where, "max_entries") or 200, **target)


def _webhook_target(entry: dict, where: str) -> dict:
    url, env = typed(entry, where, "url", str), typed(entry, where, "url_env", str)
    if (url is None) == (env is None):
        raise ConfigError(f"{where}: give the webhook's url, or url_env naming the variable that holds it")
    if env is not None:
        url = os.environ.get(env, "").strip()
        if not url:
            raise ConfigError(f"{where}.url_env: the environment variable {env} is not set")
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise ConfigError(f"{where}.url: {url!r} is not a valid URL ({exc})") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ConfigError(f"{where}.url: {url!r} is not an http(s) URL")
    return {"url": url}


def _feed_path(entry: dict, where: str, base: Path) -> Path:
    path = typed(entry, where, "path", str)
    if not path:
        raise ConfigError(f"{where}.path: the feed file's path is required")
    return base / path


def _events(entry: dict, where: str) -> frozenset[str]:
    events = typed(entry, where, "events", list, list(EVENTS))
    unknown = [e for e in events if e not in EVENTS]
    if unknown or not events:
        raise ConfigError(f"{where}.events: {unknown[0] if unknown else 'an empty list'!r} is not an event "
                          f"(choose from {', '.join(EVENTS)})")
    return frozenset(events)


def _provider_filter(entry: dict, where: str) -> frozenset[str] | None:
    providers = typed(entry, where, "providers", list)
    if providers is None:
        return None
    unknown = [p for p in providers if p not in scrapers.REGISTRY]
    if unknown:
        raise ConfigError(f"{where}.providers: {unknown[0]!r} is not a provider ({', '.join(scrapers.REGISTRY)})")
    return frozenset(providers)


def _show(duration: timedelta) -> str:
    seconds = int(duration.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{duration.total_seconds():g}s"
