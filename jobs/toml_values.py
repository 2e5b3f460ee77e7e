"""Reading checked values out of a TOML table: every error names the table and key ("daemon.lock_ttl: ...")."""

from __future__ import annotations

import math
import re
from datetime import timedelta

from core.errors import ConfigError

_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
MAX_DURATION = timedelta(days=366)


def parse_duration(text: str | int | float, where: str) -> timedelta:
    """A duration: seconds as a number, or "90s", "15m", "6h", "1d", "1h30m"."""
    try:
        if isinstance(text, int | float) and not isinstance(text, bool) and math.isfinite(text):
            return bounded(timedelta(seconds=text), where)
        if isinstance(text, str) and text and _DURATION.sub("", text.replace(" ", "")) == "":
            return bounded(sum((timedelta(**{_UNITS[u]: float(n)}) for n, u in _DURATION.findall(text)),
                                timedelta()), where)
    except OverflowError:
        pass
    raise ConfigError(f"{where}: {text!r} is not a duration (examples: 90, \"90s\", \"15m\", \"6h\", \"1d\")")


def nonzero(duration: timedelta | None, where: str) -> timedelta | None:
    if duration is not None and duration <= timedelta(0):
        raise ConfigError(f"{where}: must be longer than 0")
    return duration


def bounded(duration: timedelta, where: str) -> timedelta:
    if duration > MAX_DURATION:
        raise ConfigError(f"{where}: longer than {MAX_DURATION.days} days")
    return duration


def duration(table: dict, where: str, key: str, default: timedelta | None) -> timedelta | None:
    if key not in table:
        return default
    value = parse_duration(table[key], f"{where}.{key}")
    if value < timedelta(0):
        raise ConfigError(f"{where}.{key}: must not be negative")
    return value


def bounded_int(table: dict, where: str, key: str, most: int) -> int | None:
    value = positive_int(table, where, key)
    if value is not None and value > most:
        raise ConfigError(f"{where}.{key}: at most {most}, not {value}")
    return value


def positive_int(table: dict, where: str, key: str) -> int | None:
    value = typed(table, where, key, int)
    if value is not None and value < 1:
        raise ConfigError(f"{where}.{key}: must be at least 1, not {value}")
    return value


def typed(table: dict, where: str, key: str, kind: type, default=None):
    value = table.get(key, default)
    if value is not None and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
        raise ConfigError(f"{where}.{key}: expected {kind.__name__}, got {value!r}")
    return value


def table_of(data: dict, key: str, where: str | None = None) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where or key}: expected a table ([{where or key}])")
    return value


def only(table: dict, where: str, allowed: set[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        prefix = f"{where}." if where else ""
        raise ConfigError(f"{prefix}{unknown[0]}: unknown setting (allowed: {', '.join(sorted(allowed))})")
