"""The provider lock: one holder at a time, expiry and takeover on an injected clock, fencing before commit."""

import threading
from datetime import UTC, datetime, timedelta

import pytest

import scrapers.openrouter as openrouter
from jobs.runner import Lease, lock_name, refresh
from scrapers._replay import ReplayTransport
from storage.db import open_database
from storage.locks import acquire, lock_ttl, release, renew
from storage.runs import start_run
from tests.conftest import SMALL_CATALOGUE, dump, query
from tests.test_history import openrouter_capture

T0 = datetime(2026, 11, 27, 12, tzinfo=UTC)
TTL = timedelta(minutes=5)


@pytest.fixture
def engine(db_path):
    return open_database(f"sqlite:///{db_path}")


def test_a_held_lock_is_refused_until_it_expires_then_taken_over(engine):
    assert acquire(engine, "refresh:x", "a", T0, TTL) is None
    holder = acquire(engine, "refresh:x", "b", T0 + TTL - timedelta(seconds=1), TTL)
    assert holder is not None and holder.owner == "a" and holder.expires_at == T0 + TTL
    assert acquire(engine, "refresh:x", "b", T0 + TTL + timedelta(seconds=1), TTL) is None
    assert not renew(engine, "refresh:x", "a", T0 + TTL + timedelta(seconds=2), TTL)  # a lost it


def test_renewal_keeps_a_live_holder_from_being_taken_over(engine):
    acquire(engine, "refresh:x", "a", T0, TTL)
    assert renew(engine, "refresh:x", "a", T0 + timedelta(minutes=4), TTL)
    assert acquire(engine, "refresh:x", "b", T0 + timedelta(minutes=8), TTL) is not None
    assert acquire(engine, "refresh:x", "b", T0 + timedelta(minutes=9, seconds=1), TTL) is None


def test_release_frees_the_lock_only_for_its_owner(engine):
    acquire(engine, "refresh:x", "a", T0, TTL)
    release(engine, "refresh:x", "intruder")
    assert acquire(engine, "refresh:x", "b", T0, TTL) is not None
    release(engine, "refresh:x", "a")
    assert acquire(engine, "refresh:x", "b", T0, TTL) is None


def test_of_many_threads_racing_for_a_lock_exactly_one_wins(db_path):
    engine = open_database(f"sqlite:///{db_path}")
    results, start = [], threading.Barrier(8)

    def contend(owner):
        start.wait()
        results.append(acquire(engine, "refresh:x", owner, T0, TTL) is None)

    threads = [threading.Thread(target=contend, args=(f"o{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


def test_a_refresh_of_a_locked_provider_does_not_run(engine, db_path, tmp_path):
    capture = openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z")
    acquire(engine, lock_name("openrouter"), "other-process", T0, TTL)
    before = dump(db_path)
    report = refresh(openrouter, ReplayTransport(capture), engine, "replay", clock=lambda: T0, guard=SMALL_CATALOGUE)
    assert report.status == "locked" and "another refresh of openrouter is running" in report.error
    assert dump(db_path) == before  # no run row, no data


def test_runs_left_running_by_a_killed_process_are_closed_by_the_next_holder(engine, db_path, tmp_path):
    orphan = start_run(engine, openrouter.PROVIDER, "live", T0 - timedelta(hours=1))
    capture = openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z")
    report = refresh(openrouter, ReplayTransport(capture), engine, "replay", clock=lambda: T0, guard=SMALL_CATALOGUE)
    assert report.status == "success"
    (row,) = query(db_path, "SELECT status, error FROM runs WHERE id = ?", (orphan,))
    assert row["status"] == "failed" and row["error"].startswith("abandoned")
    assert query(db_path, "SELECT COUNT(*) AS n FROM locks")[0]["n"] == 0  # released after the run


def test_a_run_whose_lock_was_taken_over_writes_nothing(engine, db_path, tmp_path):
    capture = openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z")
    inner = ReplayTransport(capture)

    class StallingTransport:  # while "stalled", the lease expires and another process takes it
        def get(self, source, url, known=None):
            acquire(engine, lock_name("openrouter"), "newcomer", T0 + 2 * TTL, TTL)
            return inner.get(source, url)

    report = refresh(openrouter, StallingTransport(), engine, "replay", clock=lambda: T0, guard=SMALL_CATALOGUE,
                     lease=Lease(ttl=TTL))
    assert report.status == "failed" and "lock expired" in report.error
    assert query(db_path, "SELECT COUNT(*) AS n FROM offerings")[0]["n"] == 0
    assert query(db_path, "SELECT owner FROM locks")[0]["owner"] == "newcomer"  # not released by the loser


def test_a_cancelled_run_stops_before_writing(engine, db_path, tmp_path):
    capture = openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z")
    lease = Lease()
    lease.cancel.set()
    report = refresh(openrouter, ReplayTransport(capture), engine, "replay", clock=lambda: T0, guard=SMALL_CATALOGUE, lease=lease)
    assert report.status == "cancelled"
    assert query(db_path, "SELECT status FROM runs")[0]["status"] == "cancelled"
    assert query(db_path, "SELECT COUNT(*) AS n FROM offerings")[0]["n"] == 0


def test_lock_ttl_comes_from_the_environment_and_rejects_nonsense():
    assert lock_ttl({}) == timedelta(minutes=5)
    assert lock_ttl({"PRICES_LOCK_TTL_SECONDS": "2.5"}) == timedelta(seconds=2.5)
    with pytest.raises(Exception, match="PRICES_LOCK_TTL_SECONDS"):
        lock_ttl({"PRICES_LOCK_TTL_SECONDS": "soon"})
