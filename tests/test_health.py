"""Provider health on an injected clock: states, transitions logged once, and the status command."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from structlog.testing import capture_logs

import scrapers
import scrapers.openrouter as openrouter
from core.health import FAILING, HEALTHY, STALE, RunFacts, assess
from jobs import status
from jobs.health import check_transitions, provider_health
from jobs.runner import refresh
from scrapers._replay import ReplayTransport
from storage.db import open_database, set_setting
from tests.conftest import SMALL_CATALOGUE
from tests.test_history import openrouter_capture

OBSERVED = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
def engine(db_path):
    return open_database(f"sqlite:///{db_path}")


def broken_capture(tmp_path):
    """A capture without the listing: every run on it fails with a FetchError."""
    directory = tmp_path / "broken"
    directory.mkdir(exist_ok=True)
    (directory / "manifest.json").write_text('{"responses": {}}')
    return directory


def run(engine, directory, now):
    return refresh(openrouter, ReplayTransport(directory), engine, "replay", clock=lambda: now,
                   guard=SMALL_CATALOGUE)


def test_failing_wins_over_stale_and_the_threshold_counts_failures_in_a_row():
    old = RunFacts(last_refreshed=OBSERVED, consecutive_failures=0)
    assert assess("p", old, OBSERVED + timedelta(days=7)).state == HEALTHY
    assert assess("p", old, OBSERVED + timedelta(days=7, seconds=1)).state == STALE
    failed = RunFacts(last_refreshed=OBSERVED, consecutive_failures=2)
    assert assess("p", failed, OBSERVED + timedelta(days=30)).state == FAILING
    assert assess("p", failed, OBSERVED, failing_after=3).state == HEALTHY
    assert assess("p", RunFacts(), OBSERVED).state == STALE  # never refreshed


def test_facts_come_from_the_runs(engine, tmp_path):
    good = openrouter_capture(tmp_path, "good", "2026-11-01T00:00:00Z")
    run(engine, good, OBSERVED + timedelta(hours=1))
    run(engine, broken_capture(tmp_path), OBSERVED + timedelta(hours=2))  # fails: no capture there
    run(engine, broken_capture(tmp_path), OBSERVED + timedelta(hours=3))
    (health,) = provider_health(engine, ["openrouter"], OBSERVED + timedelta(hours=4))
    facts = health.facts
    assert health.state == FAILING and facts.consecutive_failures == 2
    assert facts.last_success_at == OBSERVED + timedelta(hours=1) and facts.last_refreshed == OBSERVED
    assert facts.last_attempt_at == OBSERVED + timedelta(hours=3) and "is not in the capture" in facts.last_error
    assert facts.offerings > 0


def test_transitions_are_logged_once_each_not_on_every_check(engine, tmp_path):
    good = openrouter_capture(tmp_path, "good", "2026-11-01T00:00:00Z")
    with capture_logs() as logs:
        assert check_transitions(engine, ["openrouter"], OBSERVED) == []  # first look: recorded silently
        run(engine, good, OBSERVED)
        steps = [check_transitions(engine, ["openrouter"], OBSERVED + timedelta(hours=1)),
                 check_transitions(engine, ["openrouter"], OBSERVED + timedelta(days=8)),
                 check_transitions(engine, ["openrouter"], OBSERVED + timedelta(days=9))]
        run(engine, broken_capture(tmp_path), OBSERVED + timedelta(days=9))
        steps += [check_transitions(engine, ["openrouter"], OBSERVED + timedelta(days=9, hours=1))]
        run(engine, broken_capture(tmp_path), OBSERVED + timedelta(days=10))
        steps += [check_transitions(engine, ["openrouter"], OBSERVED + timedelta(days=10, hours=1))]
    assert [[(t.old, t.new, t.event) for t in step] for step in steps] == [
        [("stale", "healthy", "recovered")], [("healthy", "stale", "stale")], [],
        [("stale", "failing", "failing")], []]
    messages = [e["event"] for e in logs if e["event"].startswith("provider ")]
    assert messages == ["provider recovered", "provider data turned stale", "provider started failing"]


def test_status_json_and_exit_code_follow_health(engine, db_path, tmp_path, capsys):
    good = openrouter_capture(tmp_path, "good", "2026-11-01T00:00:00Z")
    run(engine, good, OBSERVED)
    capsys.readouterr()
    args = ["openrouter", "--db", f"sqlite:///{db_path}", "--json"]
    assert status.main(args, clock=lambda: OBSERVED + timedelta(days=3)) == 0
    report = json.loads(capsys.readouterr().out)
    (row,) = report["providers"]
    assert (row["health"], row["researched"], row["researched_days_ago"]) == ("healthy", "Researched 3d ago", 3)
    assert row["offerings"] == len(json.loads((good / "response-0").read_text())["data"])
    assert status.main(args, clock=lambda: OBSERVED + timedelta(days=8)) == 1  # stale
    assert json.loads(capsys.readouterr().out)["providers"][0]["health"] == "stale"
    set_setting(engine, "stale_after_days", 30)
    assert status.main(args, clock=lambda: OBSERVED + timedelta(days=8)) == 0


def test_status_table_shows_errors_and_ignores_disabled_providers(engine, db_path, tmp_path, capsys):
    run(engine, broken_capture(tmp_path), OBSERVED)
    capsys.readouterr()
    config = tmp_path / "daemon.toml"
    config.write_text(f'[daemon]\ndb = "sqlite:///{db_path}"\n[providers.fireworks]\nenabled = false\n')
    assert status.main(["--config", str(config)], clock=lambda: OBSERVED) == 1  # openrouter failing
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:2] == ["PROVIDER", "HEALTH"]
    fireworks = next(line for line in table if line.startswith("fireworks"))
    failing = next(line for line in table if line.startswith("openrouter"))
    assert "(disabled)" in fireworks and "Never researched" in fireworks
    assert "failing" in failing and "is not in the capture" in failing
    config.write_text(f'[daemon]\ndb = "sqlite:///{db_path}"\n'
                      + "".join(f"[providers.{p}]\nenabled = false\n" for p in scrapers.REGISTRY))
    assert status.main(["--config", str(config)], clock=lambda: OBSERVED) == 0


def test_status_on_a_missing_database_creates_nothing(tmp_path, capsys):
    assert status.main(["--db", f"sqlite:///{tmp_path}/none.db", "--json"], clock=lambda: OBSERVED) == 1
    assert not (tmp_path / "none.db").exists()
    assert {p["researched"] for p in json.loads(capsys.readouterr().out)["providers"]} == {"Never researched"}


def test_status_rejects_an_unknown_provider(capsys):
    assert status.main(["acme"]) == 2
    assert "acme" in capsys.readouterr().err
