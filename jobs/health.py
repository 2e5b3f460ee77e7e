"""Provider health for the status command and the daemon: assess, and notice changes of state.

Only transitions are logged (started failing, turned stale, recovered), not every
repetition: the state last seen is kept in ``health_states``. The first check of
a provider records its state without announcing it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import structlog
from sqlalchemy import Engine
from sqlmodel import Session

from core.health import DEFAULT_FAILING_AFTER, FAILING, HEALTHY, STALE, Health, assess
from storage.db import int_setting, stale_after_days, writing
from storage.health import announced_state, record_state, run_facts

_EVENTS = {FAILING: "failing", STALE: "stale", HEALTHY: "recovered"}
_LOG_LINES = {FAILING: "provider started failing", STALE: "provider data turned stale",
              HEALTHY: "provider recovered"}


@dataclass(frozen=True)
class Transition:
    """A provider moved from one health state to another."""

    provider: str
    old: str
    new: str
    health: Health

    @property
    def event(self) -> str:
        """The alert event: failing, stale or recovered."""
        return _EVENTS[self.new]


def thresholds(engine: Engine) -> tuple[int, int]:
    """The stored (stale_after_days, failing_after) settings."""
    return stale_after_days(engine), int_setting(engine, "failing_after", DEFAULT_FAILING_AFTER)


def provider_health(engine: Engine, providers: Iterable[str], now: datetime) -> list[Health]:
    """Each provider's health at ``now``, by the stored thresholds."""
    stale_after, failing_after = thresholds(engine)
    with Session(engine) as session:
        return [assess(p, run_facts(session, p, now), now, stale_after, failing_after) for p in providers]


def check_transitions(engine: Engine, providers: Iterable[str], now: datetime,
                      announce: Callable[[Session, list[Transition]], None] | None = None) -> list[Transition]:
    """Compare each provider's health with the state last recorded; record and log what changed.
    ``announce`` queues the alerts in the same transaction, so a state is never recorded unannounced."""
    stale_after, failing_after = thresholds(engine)
    transitions = []
    with Session(writing(engine)) as session:
        for provider in providers:
            health = assess(provider, run_facts(session, provider, now), now, stale_after, failing_after)
            before = announced_state(session, provider)
            if before is not None and before.state != health.state:
                transitions.append(Transition(provider, before.state, health.state, health))
            record_state(session, provider, health.state, now)
        if announce is not None and transitions:
            announce(session, transitions)
        session.commit()
    for t in transitions:
        _log(t)
    return transitions


def _log(transition: Transition) -> None:
    facts = transition.health.facts
    log = structlog.get_logger().bind(provider=transition.provider, previous=transition.old)
    if transition.new == FAILING:
        log.error(_LOG_LINES[FAILING], consecutive_failures=facts.consecutive_failures, error=facts.last_error)
    elif transition.new == STALE:
        log.warning(_LOG_LINES[STALE], status=transition.health.freshness.status_text)
    else:
        log.info(_LOG_LINES[HEALTHY])
