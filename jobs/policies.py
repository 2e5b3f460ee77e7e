"""The config file's [fetch] and [guard] tables (and [providers.ID.guard]), checked like the rest.

    [fetch]                       the fetch policy (scrapers/_http.py FetchPolicy), for every provider
    [guard]                       guard thresholds over each provider module's own GUARD
    [providers.fireworks.guard]   thresholds for one provider, over [guard]
"""

from __future__ import annotations

import math
from dataclasses import fields, replace
from decimal import Decimal

from core.errors import ConfigError
from core.guard import GuardPolicy
from core.holds import ConfirmAfter
from core.offering import MAIN_FIELDS
from jobs.toml_values import only, parse_duration, typed
from scrapers._http import FetchPolicy

_SECONDS = ("connect_timeout", "read_timeout", "request_timeout", "max_retry_time", "max_retry_after",
            "host_interval")
_COUNTS = {"max_attempts": (1, 20), "max_body_bytes": (1024, 1024**3), "max_redirects": (0, 20),
           "host_concurrency": (1, 16)}


def fetch_policy(table: dict, where: str = "fetch") -> FetchPolicy:
    """The [fetch] table as a FetchPolicy; durations as in the rest of the file ("30s", 30)."""
    only(table, where, {f.name for f in fields(FetchPolicy)})
    settings = {}
    for key, value in table.items():
        if key in _SECONDS:
            seconds = parse_duration(value, f"{where}.{key}").total_seconds()
            if seconds <= 0 and key not in ("host_interval", "max_retry_after"):
                raise ConfigError(f"{where}.{key}: must be longer than 0")
            settings[key] = seconds
        elif key in _COUNTS:
            settings[key] = _count(table, where, key)
        else:
            settings[key] = typed(table, where, key, bool if key == "obey_robots" else str)
    return replace(FetchPolicy(), **settings)


def guard_settings(table: dict, where: str) -> dict:
    """A guard table as overrides of GuardPolicy fields (only those it sets)."""
    only(table, where, {f.name for f in fields(GuardPolicy)})
    checks = {"min_offerings": _min_offerings, "max_vanished_share": _share, "max_moved_share": _share,
              "max_factor": _factor,
              "hold_shrinking_limits": _flag, "required_fields": _required_fields, "zero_means_free": _flag,
              "hold_alone": _flag, "confirm_after": _confirm_after}
    return {key: checks[key](value, f"{where}.{key}") for key, value in table.items()}


def guard_policy(base: GuardPolicy, *overrides: dict) -> GuardPolicy:
    """The module's policy with the config's overrides applied in order."""
    merged = {}
    for override in overrides:
        merged.update(override)
    return replace(base, **merged)


def _count(table: dict, where: str, key: str) -> int:
    least, most = _COUNTS[key]
    value = table[key]
    if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= most:
        raise ConfigError(f"{where}.{key}: expected a whole number from {least} to {most}, got {value!r}")
    return value


def _min_offerings(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{where}: expected a whole number of at least 0, got {value!r}")
    return value


def _share(value: object, where: str) -> float:
    if not _number(value) or not 0 < value <= 1:
        raise ConfigError(f"{where}: expected a share above 0 and at most 1 (0.5 is half), got {value!r}")
    return float(value)


def _factor(value: object, where: str) -> Decimal:
    if not _number(value) or value <= 1:
        raise ConfigError(f"{where}: expected a factor above 1 (10 holds moves over 10x), got {value!r}")
    return Decimal(str(value))


def _confirm_after(value: object, where: str) -> ConfirmAfter:
    """"never", or {runs = 3, span = "24h"}: how long a value held alone must persist to be applied."""
    if value == "never":
        return ConfirmAfter(runs=None)
    if not isinstance(value, dict):
        raise ConfigError(f'{where}: expected "never" or a table such as {{ runs = 3, span = "24h" }}, got {value!r}')
    only(value, where, {"runs", "span"})
    runs = value.get("runs", ConfirmAfter.runs)
    if not isinstance(runs, int) or isinstance(runs, bool) or not 1 <= runs <= 1000:
        raise ConfigError(f"{where}.runs: expected a whole number from 1 to 1000, got {runs!r}")
    span = parse_duration(value["span"], f"{where}.span") if "span" in value else ConfirmAfter().span
    return ConfirmAfter(runs, span)


def _flag(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    return value


def _required_fields(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or any(item not in MAIN_FIELDS for item in value):
        raise ConfigError(f"{where}: expected a list of fields from {', '.join(MAIN_FIELDS)}, got {value!r}")
    return tuple(value)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)

