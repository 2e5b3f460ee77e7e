"""jobs.status and provider_freshness agree on the latest run's error, and a killed run counts once its lease expired."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

import scrapers.openrouter as openrouter
from jobs.health import provider_health
from storage.db import open_database, writing
from storage.runs import end_run, start_run
from storage.tables import LockRow
from tests.conftest import query

NOW = datetime(2026, 12, 8, 12, tzinfo=UTC)


def facts(engine):
    (health,) = provider_health(engine, ["openrouter"], NOW)
    return health.facts


def test_a_success_after_a_failure_leaves_no_last_error_in_status_or_the_view(db_path):
    engine = open_database(f"sqlite:///{db_path}")
    end_run(engine, start_run(engine, openrouter.PROVIDER, "live", NOW - timedelta(hours=2)), "failed", "boom",
            NOW - timedelta(hours=2))
    assert facts(engine).last_error == "boom"
    end_run(engine, start_run(engine, openrouter.PROVIDER, "live", NOW - timedelta(hours=1)), "cancelled", "stop",
            NOW - timedelta(hours=1))
    assert facts(engine).last_error == "stop"
    (row,) = query(db_path, "SELECT last_status, last_error FROM provider_freshness WHERE provider = 'openrouter'")
    assert (row["last_status"], row["last_error"]) == ("cancelled", facts(engine).last_error)


def test_a_run_left_running_counts_as_failed_once_no_live_lease_holds_its_provider(db_path):
    engine = open_database(f"sqlite:///{db_path}")
    start_run(engine, openrouter.PROVIDER, "live", NOW - timedelta(hours=1))  # its process was killed
    with Session(writing(engine)) as session:
        session.add(LockRow(name="refresh:openrouter", owner="x", pid=1, host="h", acquired_at=NOW - timedelta(hours=1),
                            expires_at=NOW + timedelta(minutes=5)))
        session.commit()
    assert facts(engine).consecutive_failures == 0 and facts(engine).last_error is None  # still running, maybe
    with Session(writing(engine)) as session:
        session.get(LockRow, "refresh:openrouter").expires_at = NOW - timedelta(minutes=1)
        session.commit()
    found = facts(engine)
    assert found.consecutive_failures == 1 and found.last_error.startswith("abandoned: the process running it ended")
