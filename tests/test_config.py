"""The daemon config: defaults, every setting read, bad values named; schedules on an injected clock."""

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import scrapers
from core.errors import ConfigError
from jobs.config import DEFAULT_INTERVAL, load_config
from jobs.schedule import first_run_at, trigger_for
from jobs.toml_values import parse_duration
from tests.conftest import ROOT

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

EXAMPLE = """
[daemon]
db = "sqlite:///prices.db"
stale_after_days = 3
failing_after = 2
misfire_grace_time = "10m"
shutdown_timeout = 20
health_check_interval = "5m"
lock_ttl = "2m"

[defaults]
interval = "12h"
jitter = "1m"

[providers.fireworks]
cron = "15 */6 * * *"
replay = "captures/fireworks"

[providers.openrouter]
enabled = false

[[alerts.webhook]]
name = "slack"
url = "https://hooks.example.invalid/T000"
events = ["changed", "failing"]
providers = ["fireworks"]
max_attempts = 3
retry_delay = "5s"

[[alerts.atom]]
path = "feeds/changes.atom"
max_entries = 50
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "daemon.toml"
    path.write_text(text)
    return path


def test_without_a_file_every_provider_runs_every_six_hours():
    config = load_config(None)
    assert list(config.providers) == list(scrapers.REGISTRY)
    assert all(p.enabled and p.schedule.interval == DEFAULT_INTERVAL for p in config.providers.values())
    assert config.destinations == []


def test_fetch_and_guard_settings_are_read_over_the_modules_own(tmp_path):
    config = load_config(write(tmp_path, """
[daemon]
archive = "store/archive"
[fetch]
read_timeout = "45s"
max_attempts = 6
host_interval = 0
obey_robots = false
user_agent = "acme-prices/1.0 (+mailto:ops@example.org)"
[guard]
max_factor = 20
max_moved_share = 0.6
[providers.openrouter.guard]
min_offerings = 300
hold_shrinking_limits = true
"""))
    assert config.archive == tmp_path / "store/archive"
    assert (config.fetch.read_timeout, config.fetch.max_attempts, config.fetch.host_interval) == (45, 6, 0)
    assert not config.fetch.obey_robots and config.fetch.user_agent.startswith("acme-prices/1.0")
    openrouter, fireworks = config.guard_for("openrouter"), config.guard_for("fireworks")
    assert (openrouter.min_offerings, openrouter.max_factor, openrouter.hold_shrinking_limits) == (300, 20, True)
    assert (fireworks.min_offerings, fireworks.max_factor) == (scrapers.get("fireworks").GUARD.min_offerings, 20)
    assert openrouter.max_moved_share == fireworks.max_moved_share == 0.6


def test_confirm_after_is_read_globally_and_per_provider(tmp_path):
    config = load_config(write(tmp_path, """
[guard]
confirm_after = { runs = 5, span = "2d" }
[providers.openrouter.guard]
confirm_after = "never"
hold_alone = false
"""))
    openrouter, fireworks = config.guard_for("openrouter"), config.guard_for("fireworks")
    assert (fireworks.confirm_after.runs, fireworks.confirm_after.span) == (5, timedelta(days=2))
    assert openrouter.confirm_after.runs is None and str(openrouter.confirm_after) == "never"
    assert not openrouter.hold_alone and fireworks.hold_alone


def test_every_setting_of_the_example_is_read(tmp_path):
    config = load_config(write(tmp_path, EXAMPLE))
    assert (config.db, config.stale_after_days, config.failing_after) == ("sqlite:///prices.db", 3, 2)
    assert config.misfire_grace == timedelta(minutes=10) and config.shutdown_timeout == timedelta(seconds=20)
    assert config.health_check_interval == timedelta(minutes=5) and config.lock_ttl == timedelta(minutes=2)
    fireworks, openrouter = config.providers["fireworks"], config.providers["openrouter"]
    assert fireworks.schedule.cron == "15 */6 * * *" and fireworks.schedule.jitter == timedelta(minutes=1)
    assert fireworks.replay == tmp_path / "captures/fireworks"  # relative to the config file
    assert not openrouter.enabled and openrouter.schedule.interval == timedelta(hours=12)
    assert [p.id for p in config.enabled()] == [p for p in scrapers.REGISTRY if p != "openrouter"]
    webhook, feed = config.destinations
    assert webhook.accepts("changed", "fireworks") and not webhook.accepts("changed", "openrouter")
    assert not webhook.accepts("stale", "fireworks") and webhook.max_attempts == 3
    assert feed.kind == "atom" and feed.path == tmp_path / "feeds/changes.atom" and feed.max_entries == 50


@pytest.mark.parametrize(("text", "message"), [
    ("[providers.fireworks]\ncron = '61 * * * *'", "providers.fireworks.cron: '61 * * * *' is not a valid cron"),
    ("[providers.fireworks]\ncron = 'every day'", "providers.fireworks.cron"),
    ("[providers.openrouter]\ninterval = 'soon'", "providers.openrouter.interval: 'soon' is not a duration"),
    ("[providers.openrouter]\ninterval = 0", "providers.openrouter.interval: must be longer than 0"),
    ("[providers.fireworks]\ncron = '* * * * *'\ninterval = '1h'", "providers.fireworks: give either cron"),
    ("[providers.fireworks]\njitter = -5", "providers.fireworks.jitter: must not be negative"),
    ("[providers.fireworks]\nenabled = 'yes'", "providers.fireworks.enabled: expected bool"),
    ("[providers.fireworks]\nintervall = '1h'", "providers.fireworks.intervall: unknown setting"),
    ("[providers.acme]\ninterval = '1h'", "providers.acme: unknown provider"),
    ("[daemon]\nstale_after_days = 0", "daemon.stale_after_days: must be at least 1"),
    ("[defaults]\nenabled = false", "defaults.enabled: unknown setting"),
    ("[[alerts.webhook]]\nname = 'x'", "alerts.webhook[0] (x): give the webhook's url"),
    ("[[alerts.webhook]]\nurl_env = 'NO_SUCH_VARIABLE_SET'", "the environment variable NO_SUCH_VARIABLE_SET"),
    ("[[alerts.webhook]]\nurl = 'ftp://x'", "is not an http(s) URL"),
    ("[[alerts.atom]]\npath = 'a'\nevents = ['price']", "alerts.atom[0].events: 'price' is not an event"),
    ("[[alerts.atom]]\ntitle = 'x'", "alerts.atom[0].path: the feed file's path is required"),
    ("[[alerts.atom]]\npath='a'\nname='f'\n[[alerts.atom]]\npath='b'\nname='f'", "'f' is used twice"),
    ("[daemon\n", "not valid TOML"),
    ("[providers.fireworks]\ncron = '0 0 30 2 *'", "providers.fireworks.cron: '0 0 30 2 *' never fires"),
    ("[providers.fireworks]\ninterval = nan", "providers.fireworks.interval: nan is not a duration"),
    ("[providers.fireworks]\ninterval = inf", "providers.fireworks.interval: inf is not a duration"),
    ("[providers.fireworks]\ninterval = '99999999999d'", "providers.fireworks.interval"),
    ("[providers.fireworks]\ninterval = '400d'", "providers.fireworks.interval: longer than 366 days"),
    ("[daemon]\nlock_ttl = 0", "daemon.lock_ttl: must be longer than 0"),
    ("[[alerts.webhook]]\nurl = 'http://x/'\nmax_attempts = 34", "max_attempts: at most 20"),
    ("[[alerts.webhook]]\nurl = 'http://[::1/hook'", "is not a valid URL"),
    ("[fetch]\nmax_attempts = 0", "fetch.max_attempts: expected a whole number from 1 to 20, got 0"),
    ("[fetch]\nread_timeout = 0", "fetch.read_timeout: must be longer than 0"),
    ("[fetch]\nobey_robots = 'no'", "fetch.obey_robots: expected bool"),
    ("[fetch]\nretries = 3", "fetch.retries: unknown setting"),
    ("[guard]\nmax_factor = 1", "guard.max_factor: expected a factor above 1"),
    ("[guard]\nmax_vanished_share = 50", "guard.max_vanished_share: expected a share above 0 and at most 1"),
    ("[guard]\nmax_moved_share = 0", "guard.max_moved_share: expected a share above 0 and at most 1"),
    ("[guard]\nrequired_fields = ['price']", "guard.required_fields: expected a list of fields"),
    ("[providers.openrouter.guard]\nmin_offerings = -1", "providers.openrouter.guard.min_offerings"),
    ("[guard]\nconfirm_after = 'soon'", 'guard.confirm_after: expected "never" or a table'),
    ("[guard]\nconfirm_after = { runs = 0 }", "guard.confirm_after.runs: expected a whole number from 1 to 1000"),
    ("[guard]\nconfirm_after = { span = 'a while' }", "guard.confirm_after.span: 'a while' is not a duration"),
    ("[guard]\nconfirm_after = { days = 2 }", "guard.confirm_after.days: unknown setting"),
    ("[guard]\nhold_alone = 'yes'", "guard.hold_alone: expected true or false"),
])
def test_a_bad_setting_is_rejected_naming_where_it_is(tmp_path, text, message):
    with pytest.raises(ConfigError, match=None) as error:
        load_config(write(tmp_path, text))
    assert message in str(error.value)


def test_durations_read_as_people_write_them():
    assert parse_duration("90s", "x") == timedelta(seconds=90)
    assert parse_duration("1h30m", "x") == timedelta(hours=1, minutes=30)
    assert parse_duration(2.5, "x") == timedelta(seconds=2.5)
    assert parse_duration("1d", "x") == timedelta(days=1)
    for bad in ("", "5 parsecs", "h", True):
        with pytest.raises(ConfigError):
            parse_duration(bad, "x")


def test_the_first_run_after_a_start_is_due_by_the_last_attempt(tmp_path):
    config = load_config(write(tmp_path, EXAMPLE))
    interval = config.providers["openrouter"].schedule  # every 12h
    cron = config.providers["fireworks"].schedule  # 15 past every 6th hour
    assert first_run_at(interval, None, NOW) == NOW  # never ran: now
    assert first_run_at(interval, NOW - timedelta(hours=13), NOW) == NOW  # overdue: now
    assert first_run_at(interval, NOW - timedelta(hours=2), NOW) == NOW + timedelta(hours=10)
    assert first_run_at(cron, NOW - timedelta(hours=7), NOW) == NOW  # missed 06:15 while stopped
    assert first_run_at(cron, NOW - timedelta(minutes=30), NOW) is None  # 11:30 -> next 12:15 by cron


def test_triggers_fire_on_the_configured_times(tmp_path):
    config = load_config(write(tmp_path, EXAMPLE.replace('jitter = "1m"', "jitter = 0")))
    cron = trigger_for(config.providers["fireworks"].schedule, None)
    assert cron.get_next_fire_time(None, NOW) == NOW.replace(hour=12, minute=15)
    assert cron.get_next_fire_time(None, NOW.replace(hour=12, minute=16)) == NOW.replace(hour=18, minute=15)
    interval = trigger_for(config.providers["openrouter"].schedule, NOW)
    assert interval.get_next_fire_time(NOW, NOW) == NOW + timedelta(hours=12)


def test_jitter_moves_a_run_by_at_most_the_jitter(tmp_path):
    config = load_config(write(tmp_path, EXAMPLE))
    cron = trigger_for(config.providers["fireworks"].schedule, None)
    times = {cron.get_next_fire_time(None, NOW) for _ in range(20)}
    base = NOW.replace(hour=12, minute=15)
    assert all(base <= t <= base + timedelta(minutes=1) for t in times) and len(times) > 1


def test_a_config_replay_folder_without_a_capture_is_named(tmp_path):
    path = write(tmp_path, "[providers.fireworks]\nreplay = 'nowhere'\n")
    result = subprocess.run([sys.executable, "-m", "jobs.daemon", "--config", str(path), "--check",
                             "--db", f"sqlite:///{tmp_path}/p.db"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2 and "providers.fireworks.replay:" in result.stderr


def test_the_daemon_refuses_an_invalid_schedule_at_start(tmp_path):
    path = write(tmp_path, "[providers.fireworks]\ncron = '0 25 * * *'\n")
    result = subprocess.run([sys.executable, "-m", "jobs.daemon", "--config", str(path), "--log-format", "json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "providers.fireworks.cron" in result.stderr and "Traceback" not in result.stderr


def test_daemon_check_prints_each_schedule_and_exits(tmp_path):
    path = write(tmp_path, EXAMPLE.replace("sqlite:///prices.db", f"sqlite:///{tmp_path}/p.db"))
    (tmp_path / "captures/fireworks").mkdir(parents=True)
    (tmp_path / "captures/fireworks/manifest.json").write_text('{"responses": {}}')
    result = subprocess.run([sys.executable, "-m", "jobs.daemon", "--config", str(path), "--check",
                             "--log-format", "json"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "fireworks: cron '15 */6 * * *' (UTC), jitter up to 1m; next run" in result.stdout
    assert "openrouter" not in result.stdout  # disabled
    assert "alerts: webhook slack -> https://hooks.example.invalid/T000 (changed, failing)" in result.stdout
