"""A database made by the release before partial runs and offerings held alone keeps working: read as
it is, and upgraded with its history unchanged."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import pytest

from storage.db import open_database
from tests.conftest import OPENROUTER_CAPTURES, ROOT, capture_dir, query

PREVIOUS_RELEASE = "105542b"  # the last landed commit before partial runs and held offerings
HISTORY = ("offering_versions", "change_events", "offerings", "models", "runs")


@pytest.fixture(scope="module")
def old_database(tmp_path_factory):
    """The four OpenRouter captures replayed by the previous release: the last run is held whole."""
    if shutil.which("git") is None or subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", PREVIOUS_RELEASE],
                                                     capture_output=True).returncode:
        pytest.skip("the previous release's commit is not in this checkout's history")
    tmp = tmp_path_factory.mktemp("old")
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", PREVIOUS_RELEASE], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive.stdout, check=True)
    db = tmp / "p.db"
    codes = [subprocess.run([sys.executable, "-m", "jobs.refresh", "openrouter", "--replay", str(capture_dir(c)),
                             "--db", f"sqlite:///{db}", "--log-format", "json"], cwd=tmp, capture_output=True).returncode
             for c in OPENROUTER_CAPTURES]
    assert codes == [0, 0, 0, 4]
    return db


def rows(db, table: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


def command(module: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def test_read_only_commands_work_on_a_database_of_the_previous_release(old_database, tmp_path):
    db = shutil.copy(old_database, tmp_path / "p.db")
    before = {t: rows(db, t) for t in HISTORY}
    status = command("jobs.status", "--db", f"sqlite:///{db}", "openrouter")
    assert status.returncode == 1 and "internal error" not in status.stderr  # failing: its last run was held
    assert status.stdout.splitlines()[1].split()[:2] == ["openrouter", "failing"]
    ladder = command("jobs.ladder", "deepseek-r1", "--db", f"sqlite:///{db}")
    assert "internal error" not in ladder.stderr and "Traceback" not in ladder.stderr
    assert {t: rows(db, t) for t in HISTORY} == before  # nothing written


def test_upgrading_keeps_every_row_and_the_held_run_stays_reviewable(old_database, tmp_path):
    db = shutil.copy(old_database, tmp_path / "p.db")
    before = {t: rows(db, t) for t in HISTORY}
    old_views = {v: rows(db, v) for v in ("current_prices", "price_changes", "scrape_runs")}
    open_database(f"sqlite:///{db}")
    after = {t: rows(db, t) for t in HISTORY}
    assert [r[:-1] for r in after["change_events"]] == before["change_events"]  # + note, NULL
    assert {r[-1] for r in after["change_events"]} == {None}
    assert [r[:-3] for r in after["runs"]] == before["runs"]  # + unread '[]', unobserved 0, held 0
    assert {r[-3:] for r in after["runs"]} == {("[]", 0, 0)}
    assert all(after[t] == before[t] for t in ("offering_versions", "offerings", "models"))
    for view, old in old_views.items():
        new = rows(db, view)
        width = len(old[0])
        assert [r[:width] for r in new] == old, view  # the old columns say what they said
    assert query(db, "SELECT COUNT(*) FROM held_offerings")[0][0] == 0
    (fresh,) = query(db, "SELECT last_status, held_offerings, unread_parts FROM provider_freshness")
    assert tuple(fresh) == ("held", 0, 0)
    review = command("jobs.review", "--db", f"sqlite:///{db}", "--archive", str(tmp_path / "none"))
    assert review.returncode == 0 and "openrouter: held · run 4" in review.stdout
