"""The daemon and the one-off command as real processes: schedules, no overlap, clean stops, racing
processes, a killed lock holder, webhooks. A capture whose body is a named pipe (FIFO) holds a run
in the middle of its fetch for exactly as long as a test needs."""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

import scrapers
import scrapers.openrouter as openrouter
from tests.conftest import HANDMADE, ROOT, SMALL_CONFIG, capture_dir, query, run_refresh
from tests.webhook_server import WebhookServer, closed_port_url

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes (POSIX)")
LISTING = (HANDMADE / "openrouter/models.json").read_bytes()


def env(**extra: str) -> dict[str, str]:
    full = {k: v for k, v in os.environ.items() if k not in ("PRICES_DB_URL", "PRICES_CONFIG")}
    return {**full, "PRICES_CONFIG": str(SMALL_CONFIG), **extra}


STARTED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _no_process_left_behind():
    """A failing test must not leave a daemon or a blocked refresh running."""
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=30)


def spawn(args: list[str], **kwargs) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, *args], cwd=ROOT, **kwargs)
    STARTED.append(process)
    return process


def start_daemon(config: Path, *args: str, **extra_env: str) -> subprocess.Popen:
    return spawn(["-m", "jobs.daemon", "--config", str(config), "--log-format", "json", *args],
                 env=env(**extra_env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop(process: subprocess.Popen, signum: int = signal.SIGTERM, timeout: float = 30) -> tuple[int, list[dict]]:
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=timeout)
    return process.returncode, [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def wait_for(condition, timeout: float = 30.0):
    """Poll until the condition holds (processes take their time to start); fail after the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def runs(db: Path, provider: str | None = None) -> list:
    if not db.exists():
        return []
    try:
        return query(db, "SELECT * FROM runs" + (" WHERE provider = ?" if provider else "") + " ORDER BY id",
                     (provider,) if provider else ())
    except Exception:  # the daemon is still creating the tables
        return []


def pipe_capture(directory: Path) -> Path:
    """An OpenRouter capture whose body is a FIFO: a reader blocks until the test writes the body."""
    directory.mkdir(parents=True)
    os.mkfifo(directory / "models.json")
    manifest = {"responses": {openrouter.MODELS_URL: {"file": "models.json", "status": 200,
                                                       "content_type": "application/json",
                                                       "fetched_at": "2026-11-01T00:00:00Z"}}}
    (directory / "manifest.json").write_text(json.dumps(manifest))
    return directory


def blocked_on_fifo(pid: int) -> bool:
    """Some thread of the process waits in the kernel for a FIFO's writer (Linux /proc)."""
    try:
        return "wait_for_partner" in [Path(t, "wchan").read_text() for t in Path(f"/proc/{pid}/task").iterdir()]
    except OSError:  # a thread ended while we looked: look again
        return False


def release_pipe(capture: Path) -> None:
    with open(capture / "models.json", "wb") as pipe:  # opens once the blocked reader is there
        pipe.write(LISTING)


def config_file(tmp_path: Path, db: Path, body: str) -> Path:
    path = tmp_path / "daemon.toml"
    others = "".join(f"[providers.{p}]\nenabled = false\n" for p in scrapers.REGISTRY  # no live fetches here
                     if p not in ("openrouter", "fireworks") and f"[providers.{p}]" not in body)
    path.write_text(f'[daemon]\ndb = "sqlite:///{db}"\nstale_after_days = 3650\n{body}\n{others}'
                    + SMALL_CONFIG.read_text())
    return path


def test_scheduled_runs_happen_on_time_never_overlap_and_sigterm_stops_cleanly(tmp_path, db_path):
    fireworks = capture_dir("fireworks/2026-08-26")
    config = config_file(tmp_path, db_path, f"""
[defaults]
interval = "1s"
jitter = 0
[providers.fireworks]
replay = "{fireworks}"
[providers.openrouter]
interval = "1.5s"
replay = "{capture_dir("openrouter/2026-02-21T1833Z")}"
""")
    daemon = start_daemon(config)
    wait_for(lambda: len([r for r in runs(db_path, "fireworks") if r["status"] == "success"]) >= 3
             and len([r for r in runs(db_path, "openrouter") if r["status"] == "success"]) >= 2)
    code, logs = stop(daemon)
    assert code == 0
    assert "daemon stopped" in [entry["event"] for entry in logs]
    for provider, interval in (("fireworks", 1.0), ("openrouter", 1.5)):
        done = runs(db_path, provider)
        # none left running, none failed; SIGTERM may have cancelled the last one before it wrote
        assert {r["status"] for r in done[:-1]} == {"success"} and done[-1]["status"] in ("success", "cancelled")
        for earlier, later in zip(done, done[1:], strict=False):
            assert later["started_at"] >= earlier["finished_at"]  # one run of a provider at a time
        starts = [datetime.fromisoformat(r["started_at"]) for r in done]
        gaps = [(b - a).total_seconds() for a, b in zip(starts, starts[1:], strict=False)]
        # on schedule: the first run starts as soon as the daemon is up (a little after the time the
        # interval counts from), every later one an interval after the one before it
        assert all(gap >= interval - 0.1 for gap in gaps[1:]) and gaps[0] > 0, gaps
    assert query(db_path, "SELECT COUNT(*) AS n FROM locks")[0]["n"] == 0
    assert query(db_path, "PRAGMA integrity_check")[0][0] == "ok"


def test_sigint_during_a_run_cancels_it_whole_and_exits_zero(tmp_path, db_path):
    capture = pipe_capture(tmp_path / "pipe")
    config = config_file(tmp_path, db_path, 'shutdown_timeout = "1s"\n'  # still in [daemon]
                         f'[providers.openrouter]\nreplay = "{capture}"\n[providers.fireworks]\nenabled = false\n')
    daemon = start_daemon(config)
    wait_for(lambda: runs(db_path, "openrouter") and blocked_on_fifo(daemon.pid))  # blocked reading its capture
    started = time.monotonic()
    code, logs = stop(daemon, signal.SIGINT)
    assert code == 0 and time.monotonic() - started < 15
    (run,) = runs(db_path, "openrouter")
    assert run["status"] == "cancelled" and "daemon shut down" in run["error"]
    assert query(db_path, "SELECT COUNT(*) AS n FROM offerings")[0]["n"] == 0  # nothing half-written
    assert query(db_path, "SELECT COUNT(*) AS n FROM locks")[0]["n"] == 0
    assert "run abandoned at shutdown" in [entry["event"] for entry in logs]


def test_of_racing_one_off_refreshes_exactly_one_applies(tmp_path, db_path):
    capture = pipe_capture(tmp_path / "pipe")
    args = ["openrouter", "--replay", str(capture), "--db", f"sqlite:///{db_path}", "--log-format", "json"]
    holder = spawn(["-m", "jobs.refresh", *args], env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   text=True)
    wait_for(lambda: runs(db_path))
    rivals = [spawn(["-m", "jobs.refresh", *args], env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    text=True) for _ in range(3)]
    results = [rival.communicate(timeout=60) for rival in rivals]
    assert [rival.returncode for rival in rivals] == [3, 3, 3]
    assert all("another refresh of openrouter is running" in out for out, _ in results)
    release_pipe(capture)
    holder.communicate(timeout=60)
    assert holder.returncode == 0
    assert [r["status"] for r in runs(db_path)] == ["success"]  # the rivals did not even start a run


def test_a_lock_left_by_a_killed_process_expires_and_is_taken_over(tmp_path, db_path):
    capture = pipe_capture(tmp_path / "pipe")
    db = f"sqlite:///{db_path}"
    victim = spawn(["-m", "jobs.refresh", "openrouter", "--replay", str(capture), "--db", db],
                   env=env(PRICES_LOCK_TTL_SECONDS="2"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: runs(db_path))
    victim.kill()  # SIGKILL: no cleanup at all; its lock and its "running" run stay behind
    victim.wait(timeout=30)
    (lock,) = query(db_path, "SELECT expires_at FROM locks")
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "models.json").write_bytes(LISTING)
    manifest = json.loads((capture / "manifest.json").read_text())
    (fresh / "manifest.json").write_text(json.dumps(manifest))
    result = wait_for(lambda: (r := run_refresh("openrouter", "--replay", str(fresh), "--db", db,
                                                "--config", str(SMALL_CONFIG))).returncode != 3
                      and r, timeout=30)
    assert result.returncode == 0, result.stderr
    orphan, taken_over = runs(db_path)
    assert orphan["status"] == "failed" and orphan["error"].startswith("abandoned")
    assert taken_over["status"] == "success" and taken_over["started_at"] >= lock["expires_at"]
    assert query(db_path, "SELECT COUNT(*) AS n FROM locks")[0]["n"] == 0


def test_a_one_off_beside_the_daemon_is_refused_while_the_daemon_runs_that_provider(tmp_path, db_path):
    capture = pipe_capture(tmp_path / "pipe")
    config = config_file(tmp_path, db_path, f'[providers.openrouter]\nreplay = "{capture}"\n'
                         '[providers.fireworks]\nenabled = false\n')
    daemon = start_daemon(config)
    wait_for(lambda: runs(db_path, "openrouter"))
    result = run_refresh("openrouter", "--replay", str(capture), "--db", f"sqlite:///{db_path}",
                         "--config", str(SMALL_CONFIG))
    assert result.returncode == 3 and "another refresh of openrouter is running" in result.stdout
    release_pipe(capture)
    wait_for(lambda: runs(db_path)[0]["status"] == "success")
    code, _ = stop(daemon)
    assert code == 0


def test_the_daemon_posts_changes_to_a_webhook_and_survives_an_unreachable_one(tmp_path, db_path):
    with WebhookServer() as server:
        config = config_file(tmp_path, db_path, f"""
[providers.openrouter]
interval = "1s"
jitter = 0
replay = "{capture_dir("openrouter/2026-02-21T1833Z")}"
[providers.fireworks]
enabled = false
[[alerts.webhook]]
name = "local"
url = "{server.url}"
[[alerts.webhook]]
name = "down"
url = "{closed_port_url()}"
max_attempts = 2
retry_delay = "0.2s"
""")
        started = datetime.now(UTC)
        daemon = start_daemon(config)
        wait_for(lambda: server.bodies and [r["status"] for r in runs(db_path)].count("success") >= 3)
        wait_for(lambda: query(db_path, "SELECT 1 FROM notifications WHERE destination = 'down' "
                                        "AND status = 'failed'"))
        code, logs = stop(daemon)
    assert code == 0
    statuses = [r["status"] for r in runs(db_path)]  # the dead webhook broke no refresh
    assert "failed" not in statuses and statuses.count("success") >= 3
    texts = [body["text"] for body in server.bodies]
    assert any(text.startswith("*OpenRouter: 337 new offering(s)*") for text in texts)
    observed = datetime(2026, 2, 21, 18, 33, 35, tzinfo=UTC)  # the capture's fetched_at; the daemon's clock is real
    days = {(datetime.now(UTC) - observed).days, (started - observed).days}
    assert {f"*OpenRouter recovered*: healthy again (was stale); Researched {d}d ago" for d in days} & set(texts)
    gave_up = [e for e in logs if e["event"] == "notification undelivered; giving up"]
    assert gave_up and gave_up[0]["destination"] == "down" and gave_up[0]["level"] == "error"
