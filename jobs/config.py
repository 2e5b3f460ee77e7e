"""The daemon's TOML config: schedules per provider, daemon settings, alert destinations.

Everything is checked when the daemon starts; a bad value is a ConfigError whose
message names the table and key ("providers.fireworks.cron: ..."). Unknown keys are
errors too, so a typo cannot silently fall back to a default. Relative paths
(``replay``, a feed's ``path``) are relative to the config file's folder.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from apscheduler.triggers.cron import CronTrigger

import scrapers
from core.errors import ConfigError

CONFIG_ENV = "PRICES_CONFIG"
EVENTS = ("changed", "added", "delisted", "relisted", "failing", "stale", "recovered")
DEFAULT_INTERVAL = timedelta(hours=6)
DEFAULT_JITTER = timedelta(minutes=5)
_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
MAX_DURATION = timedelta(days=366)
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
    providers: dict[str, ProviderConfig] = field(default_factory=dict)
    destinations: list[Destination] = field(default_factory=list)

    def enabled(self) -> list[ProviderConfig]:
        return [p for p in self.providers.values() if p.enabled]


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
    _only(data, "", {"daemon", "defaults", "providers", "alerts"})
    daemon = _table(data, "daemon")
    _only(daemon, "daemon", {"db", "stale_after_days", "failing_after", "misfire_grace_time",
                             "shutdown_timeout", "health_check_interval", "lock_ttl"})
    _only(_table(data, "defaults"), "defaults", {"cron", "interval", "jitter"})
    defaults = _schedule(_table(data, "defaults"), "defaults", Schedule())
    return DaemonConfig(
        path=path, db=_get(daemon, "daemon", "db", str),
        stale_after_days=_positive_int(daemon, "daemon", "stale_after_days"),
        failing_after=_positive_int(daemon, "daemon", "failing_after"),
        misfire_grace=_duration(daemon, "daemon", "misfire_grace_time", timedelta(minutes=30)),
        shutdown_timeout=_duration(daemon, "daemon", "shutdown_timeout", timedelta(seconds=30)),
        health_check_interval=_duration(daemon, "daemon", "health_check_interval", timedelta(minutes=15)),
        lock_ttl=_nonzero(_duration(daemon, "daemon", "lock_ttl", None), "daemon.lock_ttl"),
        providers=_providers(_table(data, "providers"), defaults, path.parent),
        destinations=_destinations(_table(data, "alerts"), path.parent),
    )


def _providers(table: dict, defaults: Schedule, base: Path) -> dict[str, ProviderConfig]:
    unknown = sorted(set(table) - set(scrapers.REGISTRY))
    if unknown:
        raise ConfigError(f"providers.{unknown[0]}: unknown provider (known: {', '.join(scrapers.REGISTRY)})")
    providers = {}
    for pid in scrapers.REGISTRY:  # a provider the file does not name runs on the defaults
        entry = _table(table, pid, f"providers.{pid}")
        where = f"providers.{pid}"
        _only(entry, where, {"enabled", "cron", "interval", "jitter", "replay"})
        replay = _get(entry, where, "replay", str)
        providers[pid] = ProviderConfig(pid, _get(entry, where, "enabled", bool, True),
                                        _schedule(entry, where, defaults),
                                        base / replay if replay else None)
    return providers


def _schedule(table: dict, where: str, inherited: Schedule) -> Schedule:
    """A table's cron/interval/jitter over the inherited schedule; cron and interval exclude each other."""
    if "cron" in table and "interval" in table:
        raise ConfigError(f"{where}: give either cron or interval, not both")
    cron = _get(table, where, "cron", str)
    interval = _duration(table, where, "interval", None)
    if cron is not None:
        schedule = Schedule(cron=cron, interval=None, jitter=inherited.jitter)
    elif interval is not None:
        schedule = Schedule(cron=None, interval=interval, jitter=inherited.jitter)
    else:
        schedule = inherited
    schedule = Schedule(schedule.cron, schedule.interval, _duration(table, where, "jitter", schedule.jitter))
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
    _only(alerts, "alerts", {"webhook", "atom"})
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
    _only(entry, where, common | ({"url", "url_env", "timeout"} if kind == "webhook"
                                  else {"path", "title", "max_entries"}))
    name = _get(entry, where, "name", str, where)
    where = f"{where} ({name})" if name != where else where
    target = _webhook_target(entry, where) if kind == "webhook" else {"path": _feed_path(entry, where, base)}
    return Destination(
        name=name, kind=kind, events=_events(entry, where), providers=_provider_filter(entry, where),
        max_attempts=_bounded_int(entry, where, "max_attempts", MAX_ATTEMPTS) or 5,
        retry_delay=_duration(entry, where, "retry_delay", timedelta(seconds=30)),
        timeout=_duration(entry, where, "timeout", timedelta(seconds=10)),
        title=_get(entry, where, "title", str, "LLM price changes"),
        max_entries=_positive_int(entry, where, "max_entries") or 200, **target)


def _webhook_target(entry: dict, where: str) -> dict:
    url, env = _get(entry, where, "url", str), _get(entry, where, "url_env", str)
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
    path = _get(entry, where, "path", str)
    if not path:
        raise ConfigError(f"{where}.path: the feed file's path is required")
    return base / path


def _events(entry: dict, where: str) -> frozenset[str]:
    events = _get(entry, where, "events", list, list(EVENTS))
    unknown = [e for e in events if e not in EVENTS]
    if unknown or not events:
        raise ConfigError(f"{where}.events: {unknown[0] if unknown else 'an empty list'!r} is not an event "
                          f"(choose from {', '.join(EVENTS)})")
    return frozenset(events)


def _provider_filter(entry: dict, where: str) -> frozenset[str] | None:
    providers = _get(entry, where, "providers", list)
    if providers is None:
        return None
    unknown = [p for p in providers if p not in scrapers.REGISTRY]
    if unknown:
        raise ConfigError(f"{where}.providers: {unknown[0]!r} is not a provider ({', '.join(scrapers.REGISTRY)})")
    return frozenset(providers)


def parse_duration(text: str | int | float, where: str) -> timedelta:
    """A duration: seconds as a number, or "90s", "15m", "6h", "1d", "1h30m"."""
    try:
        if isinstance(text, int | float) and not isinstance(text, bool) and math.isfinite(text):
            return _bounded(timedelta(seconds=text), where)
        if isinstance(text, str) and text and _DURATION.sub("", text.replace(" ", "")) == "":
            return _bounded(sum((timedelta(**{_UNITS[u]: float(n)}) for n, u in _DURATION.findall(text)),
                                timedelta()), where)
    except OverflowError:
        pass
    raise ConfigError(f"{where}: {text!r} is not a duration (examples: 90, \"90s\", \"15m\", \"6h\", \"1d\")")


def _nonzero(duration: timedelta | None, where: str) -> timedelta | None:
    if duration is not None and duration <= timedelta(0):
        raise ConfigError(f"{where}: must be longer than 0")
    return duration


def _bounded(duration: timedelta, where: str) -> timedelta:
    if duration > MAX_DURATION:
        raise ConfigError(f"{where}: longer than {MAX_DURATION.days} days")
    return duration


def _duration(table: dict, where: str, key: str, default: timedelta | None) -> timedelta | None:
    if key not in table:
        return default
    value = parse_duration(table[key], f"{where}.{key}")
    if value < timedelta(0):
        raise ConfigError(f"{where}.{key}: must not be negative")
    return value


def _bounded_int(table: dict, where: str, key: str, most: int) -> int | None:
    value = _positive_int(table, where, key)
    if value is not None and value > most:
        raise ConfigError(f"{where}.{key}: at most {most}, not {value}")
    return value


def _positive_int(table: dict, where: str, key: str) -> int | None:
    value = _get(table, where, key, int)
    if value is not None and value < 1:
        raise ConfigError(f"{where}.{key}: must be at least 1, not {value}")
    return value


def _get(table: dict, where: str, key: str, kind: type, default=None):
    value = table.get(key, default)
    if value is not None and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
        raise ConfigError(f"{where}.{key}: expected {kind.__name__}, got {value!r}")
    return value


def _table(data: dict, key: str, where: str | None = None) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where or key}: expected a table ([{where or key}])")
    return value


def _only(table: dict, where: str, allowed: set[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        prefix = f"{where}." if where else ""
        raise ConfigError(f"{prefix}{unknown[0]}: unknown setting (allowed: {', '.join(sorted(allowed))})")


def _show(duration: timedelta) -> str:
    seconds = int(duration.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{duration.total_seconds():g}s"
