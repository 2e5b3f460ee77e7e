"""Crash consistency: refreshes killed with SIGKILL at random moments leave a sound database in which
every run is either fully applied or not at all."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import scrapers.openrouter as openrouter
from tests.conftest import HANDMADE, ROOT, SMALL_CONFIG, query, write_capture

KILLS = 16
MODELS = 400  # a catalogue large enough that a kill can land inside the write


def catalogue(tmp_path: Path, step: int) -> Path:
    """A hand-made listing grown to MODELS models; even and odd steps differ in every prompt price."""
    base = json.loads((HANDMADE / "openrouter/models.json").read_text())["data"]
    models = []
    for i in range(MODELS):
        model = json.loads(json.dumps(base[i % len(base)]))
        model["id"] = f"{model['id']}-{i}"
        if model["pricing"].get("prompt") not in (None, "0", "-1"):
            model["pricing"]["prompt"] = f"0.00000{1 + step % 2}"
        models.append(model)
    fetched_at = f"2026-01-01T{step // 60:02d}:{step % 60:02d}:00Z"
    return write_capture(tmp_path / f"c{step}", {openrouter.MODELS_URL: (json.dumps({"data": models}).encode(),
                                                                           "application/json", fetched_at)})


def start(capture: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PRICES_LOCK_TTL_SECONDS": "1"}
    config = db.parent / "crash.toml"  # every step moves every prompt price: not a layout change here
    config.write_text(SMALL_CONFIG.read_text() + "max_moved_share = 1\n")
    return subprocess.Popen([sys.executable, "-m", "jobs.refresh", "openrouter", "--replay", str(capture),
                             "--db", f"sqlite:///{db}", "--config", str(config), "--log-format", "json"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def began(process: subprocess.Popen) -> bool:
    """Wait for the run's "refresh started" log line (its run record exists then); False if it ended first."""
    for line in process.stderr:
        if '"refresh started"' in line:
            return True
    return False


def refresh_until_not_locked(capture: Path, db: Path, kill_after: float | None) -> int:
    """Start a refresh (again while a killed one's lock has not expired); once its run has begun, kill it
    after ``kill_after`` more seconds (0: at once). The kill waits for the run's start, not for a guessed
    time, so a slow machine kills runs as a fast one does."""
    while True:
        with start(capture, db) as process:  # closes its stderr pipe whatever happens
            code = None
            if kill_after is not None and began(process):
                try:
                    code = process.wait(timeout=kill_after) if kill_after else None
                except subprocess.TimeoutExpired:
                    code = None
                if code is None:
                    process.send_signal(signal.SIGKILL)
                    return process.wait()
            process.communicate()
            code = process.returncode
        if code != 3:  # 3: the lock of a killed run is still held; it expires within a second
            return code
        time.sleep(0.2)


def assert_consistent(db: Path) -> None:
    assert query(db, "PRAGMA integrity_check")[0][0] == "ok"
    for run in query(db, "SELECT id, status, changes FROM runs"):
        events = query(db, "SELECT COUNT(*) FROM change_events WHERE run_id = ?", (run["id"],))[0][0]
        versions = query(db, "SELECT COUNT(*) FROM offering_versions WHERE run_id = ?", (run["id"],))[0][0]
        if run["status"] == "success":
            assert events == run["changes"] and (versions > 0) == (run["changes"] > 0), dict(run)
        else:  # killed (still "running", or closed as abandoned by the next run): nothing of it stored
            assert events == versions == 0, dict(run)
    open_versions = query(db, "SELECT o.id, COUNT(v.id) FROM offerings o LEFT JOIN offering_versions v "
                              "ON v.offering_id = o.id AND v.valid_to IS NULL GROUP BY o.id")
    assert {n for _, n in open_versions} <= {1}
    for (sha,) in query(db, "SELECT sha256 FROM responses"):
        assert (db.parent / "archive" / "blobs" / sha[:2] / f"{sha}.gz").exists()


def test_refreshes_killed_at_random_moments_are_applied_whole_or_not_at_all(tmp_path):
    db = tmp_path / "prices.db"
    assert refresh_until_not_locked(catalogue(tmp_path, 0), db, None) == 0
    chance = random.Random(20261127)
    outcomes = []
    for step in range(1, KILLS + 1):
        delay = 0.0 if step % 2 else chance.uniform(0.0, 0.5)  # half at once: those kills surely land mid-run
        code = refresh_until_not_locked(catalogue(tmp_path, step), db, delay)
        outcomes.append(code)
        assert_consistent(db)
    assert -signal.SIGKILL in outcomes  # some runs really were killed...
    abandoned = query(db, "SELECT COUNT(*) FROM runs WHERE error LIKE 'abandoned%' OR status = 'running'")[0][0]
    assert abandoned > 0  # ...some after their run had begun (a run record left behind)
    assert refresh_until_not_locked(catalogue(tmp_path, KILLS + 1), db, None) == 0  # ...and the next one works
    assert_consistent(db)
    statuses = {r[0] for r in query(db, "SELECT status FROM runs")}
    assert statuses <= {"success", "failed", "running"}
    last = query(db, "SELECT MAX(observed_at) FROM runs WHERE status = 'success'")[0][0]
    assert last == f"2026-01-01 00:{KILLS + 1:02d}:00.000000"
    prices = {r[0] for r in query(db, "SELECT input_per_mtok FROM current_prices WHERE input_status = 'priced'")}
    assert prices == {1.0 + (KILLS + 1) % 2}  # the last run's price everywhere, none half-updated
