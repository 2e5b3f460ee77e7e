"""A provider's health, from the record of its runs. Pure: the clock is passed in.

    failing  its last N finished runs failed or were held for review (N = failing_after, 1 by default)
    stale    not failing, but its data was last confirmed more than stale_after_days ago (or never)
    healthy  neither

Failing wins over stale: a provider that fails for a week is reported as failing,
the cause to fix. Cancelled runs (the daemon stopped) count neither way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.freshness import DEFAULT_STALE_AFTER_DAYS, Freshness, freshness

HEALTHY, FAILING, STALE = "healthy", "failing", "stale"
DEFAULT_FAILING_AFTER = 1


@dataclass(frozen=True)
class RunFacts:
    """What the runs table says about one provider."""

    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    last_refreshed: datetime | None = None  # when the data of the newest successful run was observed
    consecutive_failures: int = 0
    last_error: str | None = None
    last_error_at: datetime | None = None
    offerings: int = 0
    held_offerings: int = 0  # offerings held alone for review now
    unread_parts: int = 0  # parts of its sources the newest applied run could not read


@dataclass(frozen=True)
class Health:
    provider: str
    state: str
    facts: RunFacts
    freshness: Freshness


def assess(provider: str, facts: RunFacts, now: datetime, stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
           failing_after: int = DEFAULT_FAILING_AFTER) -> Health:
    """The provider's state at ``now``."""
    fresh = freshness(facts.last_refreshed, now, stale_after_days)
    if facts.consecutive_failures >= failing_after:
        state = FAILING
    else:
        state = STALE if fresh.stale else HEALTHY
    return Health(provider, state, facts, fresh)
