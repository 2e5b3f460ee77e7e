"""The exchange-rate job in the daemon: [rates] in the config, scheduled, recorded as provider ecb and
watched by the health check; a replayed daemon stays off the network."""

import json
from pathlib import Path

import pytest

import scrapers.ecb as ecb
from core.errors import ConfigError
from jobs import daemon as daemon_command
from jobs.config import RATES_SCHEDULE, load_config
from tests.conftest import HANDMADE, capture_dir, query, write_capture
from tests.test_daemon import config_file, runs, start_daemon, stop, wait_for

RATES_FILE = HANDMADE / "ecb" / "eurofxref-hist-90d.xml"  # hand-made: illustrative rates, not the ECB's


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "daemon.toml"
    path.write_text(body)
    return path


def test_the_rates_run_daily_after_the_ecb_publishes_unless_the_config_says_otherwise(tmp_path):
    assert load_config(None).rates.enabled and load_config(None).rates.schedule == RATES_SCHEDULE
    assert RATES_SCHEDULE.cron == "0 16 * * 1-5"
    rates = load_config(_config(tmp_path, '[rates]\ninterval = "12h"\nreplay = "captures/ecb"\n')).rates
    assert rates.schedule.interval.total_seconds() == 12 * 3600 and rates.schedule.cron is None
    assert rates.replay == tmp_path / "captures" / "ecb"
    assert not load_config(_config(tmp_path, "[rates]\nenabled = false\n")).rates.enabled


@pytest.mark.parametrize("body, problem", [
    ('[rates]\nevery = "1d"\n', "rates"),
    ('[rates]\ncron = "0 25 * * *"\n', "rates.cron"),
    ('[rates]\ncron = "0 16 * * *"\ninterval = "1d"\n', "rates: give either cron or interval"),
    ("[rates]\nenabled = 1\n", "rates.enabled"),
])
def test_a_bad_rates_table_is_a_config_error_naming_it(tmp_path, body, problem):
    with pytest.raises(ConfigError, match=problem.replace(".", r"\.")):
        load_config(_config(tmp_path, body))


def test_the_daemon_reads_the_rates_on_schedule_and_watches_them(tmp_path, db_path):
    capture = write_capture(tmp_path / "ecb", {ecb.RATES_URL: (RATES_FILE, "text/xml", "2026-09-01T15:00:00Z")})
    config = config_file(tmp_path, db_path, f"""
[defaults]
interval = "1h"
jitter = 0
[providers.fireworks]
replay = "{capture_dir("fireworks/2026-08-26")}"
[providers.openrouter]
enabled = false
[rates]
interval = "1h"
jitter = 0
replay = "{capture}"
""")
    process = start_daemon(config)
    wait_for(lambda: [r["status"] for r in runs(db_path, "ecb")] == ["success"]
             and query(db_path, "SELECT COUNT(*) FROM fx_rates")[0][0] == 8
             and query(db_path, "SELECT COUNT(*) FROM health_states WHERE provider = 'ecb'")[0][0] == 1)
    code, logs = stop(process)
    assert code == 0
    assert any(entry["event"] == "rates scheduled" and entry["provider"] == "ecb" for entry in logs)


def test_check_prints_the_rates_job_or_why_it_is_not_scheduled(tmp_path, db_path, capsys):
    fireworks = capture_dir("fireworks/2026-08-26")
    replayed = config_file(tmp_path, db_path, f'[providers.fireworks]\nreplay = "{fireworks}"\n'
                                              '[providers.openrouter]\nenabled = false\n')
    assert daemon_command.main(["--config", str(replayed), "--check", "--log-format", "json"]) == 0
    assert "rates: not scheduled" in capsys.readouterr().out
    live = config_file(tmp_path, db_path, "[providers.openrouter]\nenabled = false\n")
    assert daemon_command.main(["--config", str(live), "--check", "--log-format", "json"]) == 0
    out = capsys.readouterr().out
    assert "rates: cron '0 16 * * 1-5' (UTC)" in out and "source live" in out.split("rates:")[1]


def test_a_missing_rates_replay_folder_stops_the_daemon_at_start(tmp_path, db_path, capsys):
    config = config_file(tmp_path, db_path, '[rates]\nreplay = "nowhere"\n[providers.openrouter]\nenabled = false\n')
    assert daemon_command.main(["--config", str(config), "--check", "--log-format", "json"]) == 2
    assert "rates.replay" in capsys.readouterr().err


def test_status_shows_the_rates_once_they_have_run(tmp_path, db_path, capsys):
    from jobs import rates, status
    db = f"sqlite:///{db_path}"
    assert rates.main(["--db", db, "--replay", str(tmp_path / "none"), "--log-format", "json"]) == 2
    broken = write_capture(tmp_path / "bad", {ecb.RATES_URL: (b"<html>moved</html>", "text/xml", "2026-09-01T15:00:00Z")})
    assert rates.main(["--db", db, "--replay", str(broken), "--log-format", "json"]) == 1
    capsys.readouterr()
    assert status.main(["--db", db, "--json"]) == 1
    (row,) = [p for p in json.loads(capsys.readouterr().out)["providers"] if p["provider"] == "ecb"]
    assert row["name"].startswith("European Central Bank") and row["enabled"]
    assert row["health"] == "failing" and row["consecutive_failures"] == 1
