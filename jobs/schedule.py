"""From a provider's schedule to APScheduler triggers, and when its first run after a start is due.

Pure: the clock is passed in. A provider whose last attempt is older than its
schedule says (or that never ran) runs right after the daemon starts, so a
restart neither skips a due refresh nor repeats one that just happened.
"""

from __future__ import annotations

from datetime import UTC, datetime

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

from jobs.config import Schedule


def first_run_at(schedule: Schedule, last_attempt: datetime | None, now: datetime) -> datetime | None:
    """When the first run is due: ``now`` if overdue or never run; for intervals, last attempt + interval;
    for cron, None (the cron expression decides)."""
    if last_attempt is None:
        return now
    if schedule.cron is None:
        return max(now, last_attempt + schedule.interval)
    due = schedule.cron_trigger().get_next_fire_time(None, last_attempt)
    return now if due is not None and due <= now else None


def trigger_for(schedule: Schedule, first_run: datetime | None) -> BaseTrigger:
    """The APScheduler trigger; an interval counts from the first run."""
    if schedule.cron is not None:
        return schedule.cron_trigger()
    return IntervalTrigger(seconds=schedule.interval.total_seconds(), start_date=first_run, timezone=UTC,
                           jitter=int(schedule.jitter.total_seconds()) or None)
