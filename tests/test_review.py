"""Held runs: listed with their differences, accepted (applied as that run) or rejected (discarded)."""

import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

import scrapers
import scrapers.openrouter as openrouter
from jobs.review import main
from jobs.runner import refresh
from jobs.status import main as status_main
from scrapers._replay import ReplayTransport
from storage.archive import Archive
from storage.db import open_database
from tests.conftest import SMALL_CATALOGUE, dump, query
from tests.test_history import openrouter_capture, set_price

CLOCK = lambda: datetime(2026, 11, 27, 12, tzinfo=UTC)  # noqa: E731
R1 = "deepseek/deepseek-r1"
WHOLE_RUNS = replace(SMALL_CATALOGUE, hold_alone=False)  # any reason holds the whole run, for review


@pytest.fixture
def held(db_path, tmp_path):
    """A good run, then one whose deepseek-r1 input jumped 100x (held), then the same again (held)."""
    engine, archive = open_database(f"sqlite:///{db_path}"), Archive(tmp_path / "archive")
    jumped = set_price(R1, "prompt", "0.00003")
    captures = [openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"),
                openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z", jumped),
                openrouter_capture(tmp_path, "c", "2026-01-03T00:00:00Z", jumped)]
    statuses = [refresh(openrouter, ReplayTransport(c), engine, "replay", clock=CLOCK, archive=archive,
                        guard=WHOLE_RUNS).status for c in captures]
    assert statuses == ["success", "held", "held"]
    return ["--db", f"sqlite:///{db_path}", "--archive", str(tmp_path / "archive"), "--log-format", "json"]


def test_held_runs_are_listed_with_why_and_what_they_would_change(held, capsys):
    assert main(held) == 0
    out = capsys.readouterr().out
    assert out.count("openrouter: held") == 2 and "run 2" in out and "run 3" in out
    assert f"{R1} [standard] input: moves from 0.3 USD per 1M tokens to 30 USD per 1M tokens, more than 10x" in out
    assert f"changed  {R1} [standard]  input $0.30 -> $30.00" in out
    assert "python -m jobs.review --accept 3" in out
    assert "Researched" not in out  # a held run confirmed nothing: it says nothing about freshness


def test_held_runs_make_the_provider_fail_its_health_check(held, capsys):
    assert status_main(held[:2]) == 1
    out = capsys.readouterr().out
    assert re.search(r"openrouter +failing", out) and "held for review" in out


def test_accepting_applies_the_run_at_its_time_and_supersedes_older_held_runs(held, db_path, capsys):
    assert main([*held, "--accept", "3"]) == 0
    assert "run 3 accepted: 4 offerings, 0 added, 1 changed" in capsys.readouterr().out
    runs = {r["id"]: r for r in query(db_path, "SELECT id, status, error, warnings, observed_at FROM runs")}
    assert runs[3]["status"] == "success" and "accepted in review" in runs[3]["warnings"]
    assert runs[2]["status"] == "rejected" and "superseded: run 3 was accepted" in runs[2]["error"]
    change = query(db_path, "SELECT new_value, detected_at, run_id FROM price_changes WHERE model = ? "
                            "AND field = 'input'", (R1,))
    assert [tuple(r) for r in change] == [(30.0, "2026-01-03 00:00:00.000000", 3)]
    assert main(held) == 0 and "no run is held" in capsys.readouterr().out


def test_rejecting_discards_the_run_and_keeps_the_data(held, db_path, capsys):
    before = dump(db_path, skip=("runs", "locks"))
    assert main([*held, "--reject", "2"]) == 0
    assert "run 2 (openrouter) rejected" in capsys.readouterr().out
    assert dump(db_path, skip=("runs", "locks")) == before
    assert query(db_path, "SELECT status FROM runs WHERE id = 2")[0][0] == "rejected"


def test_a_run_older_than_applied_data_cannot_be_accepted(db_path, tmp_path, capsys):
    """Held run 2, then a normal run 3 applied: accepting 2 would rewrite newer history (exit 1)."""
    engine, archive = open_database(f"sqlite:///{db_path}"), Archive(tmp_path / "archive")
    captures = [openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"),
                openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z", set_price(R1, "prompt", "0.00003")),
                openrouter_capture(tmp_path, "c", "2026-01-03T00:00:00Z", set_price(R1, "prompt", "0.0000004"))]
    statuses = [refresh(openrouter, ReplayTransport(c), engine, "replay", clock=CLOCK, archive=archive,
                        guard=WHOLE_RUNS).status for c in captures]
    assert statuses == ["success", "held", "success"]
    before = dump(db_path, skip=("locks",))
    args = ["--db", f"sqlite:///{db_path}", "--archive", str(tmp_path / "archive"), "--log-format", "json"]
    assert main([*args, "--accept", "2"]) == 1
    assert "before data already applied (2026-01-03 00:00:00 UTC)" in capsys.readouterr().err
    assert dump(db_path, skip=("locks",)) == before


@pytest.mark.parametrize("args, message", [
    (["--accept", "99"], "there is no run 99"),
    (["--reject", "1"], "run 1 (openrouter) is not held for review: its status is success"),
    (["nope"], f"unknown provider 'nope'; known providers: {', '.join(scrapers.REGISTRY)}"),
])
def test_bad_decisions_exit_2_with_one_line(held, capsys, args, message):
    assert main([*held, *args]) == 2
    assert capsys.readouterr().err.strip() == f"error: {message}"


def test_bodies_missing_from_the_archive_are_a_failed_accept(held, tmp_path, db_path, capsys):
    for blob in (tmp_path / "archive" / "blobs").rglob("*.gz"):
        blob.unlink()
    before = dump(db_path, skip=("locks",))
    assert main([*held, "--accept", "3"]) == 1
    err = capsys.readouterr().err
    assert "run 3 was not applied" in err and "missing from the archive" in err
    assert dump(db_path, skip=("locks",)) == before


def test_a_mistyped_database_is_an_error_not_a_new_database(tmp_path, capsys):
    missing = tmp_path / "typo.db"
    assert main(["--db", f"sqlite:///{missing}", "--archive", str(tmp_path / "a")]) == 2
    assert capsys.readouterr().err.startswith(f"error: no database at {missing}") and not missing.exists()


def test_the_acceptance_note_stays_with_the_accepted_run(held, db_path, tmp_path):
    """The next run reads the same bodies and skips parsing: it repeats the parser's warnings, not the
    note that run 3 was accepted."""
    assert main([*held, "--accept", "3"]) == 0
    engine, archive = open_database(f"sqlite:///{db_path}"), Archive(tmp_path / "archive")
    again = openrouter_capture(tmp_path, "d", "2026-01-04T00:00:00Z", set_price(R1, "prompt", "0.00003"))
    report = refresh(openrouter, ReplayTransport(again), engine, "replay", clock=CLOCK, archive=archive,
                     guard=WHOLE_RUNS)
    assert report.status == "success" and report.diff.bodies_unchanged
    assert not [w for w in report.warnings if "accepted" in w]
