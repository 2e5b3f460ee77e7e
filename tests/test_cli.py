"""python -m jobs.refresh end to end, as a user runs it, on the real captures."""

import json
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import scrapers
import scrapers.fireworks as fireworks
from scrapers._base import Fetched
from tests.conftest import (
    FIREWORKS_CAPTURE,
    OPENROUTER_CAPTURES,
    capture_dir,
    captured_page,
    query,
    run_refresh,
)

OLDER, NEWER = OPENROUTER_CAPTURES[1], OPENROUTER_CAPTURES[2]  # 2026-01-04 18:03, 2026-01-05 00:11


def db_url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_fireworks_replay_records_every_offering_and_a_rerun_adds_no_price_rows(db_path):
    page = captured_page(FIREWORKS_CAPTURE)
    parsed = fireworks.parse(Fetched({"pricing": [page]})).offerings
    n = len(parsed)
    first = run_refresh("fireworks", "--replay", str(capture_dir(FIREWORKS_CAPTURE)), "--db", db_url(db_path))
    assert first.returncode == 0, first.stderr
    assert f"{n} offerings seen: {n} added, 0 changed" in first.stdout
    assert first.stdout.count("List Models API not read") == 1
    second = run_refresh("fireworks", "--replay", str(capture_dir(FIREWORKS_CAPTURE)), "--db", db_url(db_path))
    assert second.returncode == 0 and f"0 added, 0 changed, 0 relisted, 0 delisted, {n} verified unchanged" in second.stdout
    assert query(db_path, "SELECT COUNT(*) FROM price_history")[0][0] == n
    assert [tuple(r) for r in query(db_path, "SELECT status, added, verified FROM scrape_runs ORDER BY run_id")] == [
        ("success", n, 0), ("success", 0, n)]
    stored = {(r["model"], r["tier"], r["region"]): r for r in query(db_path, "SELECT * FROM current_prices")}
    assert len(stored) == n
    for offering in parsed:  # what the database holds is exactly what was parsed
        row = stored[(offering.key.model, offering.key.tier, offering.key.region)]
        for name in ("input", "cached_input", "cache_write", "output"):
            value = offering.values[name]
            assert (row[f"{name}_status"], row[f"{name}_exact"]) == (value.status, value.amount_text()), (offering.key, name)
        assert row["last_verified_at"] == page.fetched_at.strftime("%Y-%m-%d %H:%M:%S.%f")


def tracked(model: dict) -> dict[str, object]:
    """Independently of the scraper: the values we track for one model of the raw API listing."""
    names = {"prompt": "input", "completion": "output", "input_cache_read": "cached_input",
             "input_cache_write": "cache_write"}
    values = {names.get(k, f"other:{k}"): Decimal(v) for k, v in model["pricing"].items()}
    values["context_window"] = model["context_length"]
    values["max_output_tokens"] = model["top_provider"].get("max_completion_tokens")
    return values


def expected_differences(older: Path, newer: Path):
    before = {m["id"]: m for m in json.loads((older / "models.json").read_text())["data"]}
    after = {m["id"]: m for m in json.loads((newer / "models.json").read_text())["data"]}
    changed = set()
    for model_id in before.keys() & after.keys():
        old, new = tracked(before[model_id]), tracked(after[model_id])
        changed |= {(model_id, f) for f in old.keys() | new.keys() if old.get(f) != new.get(f)}
    return set(before) - set(after), set(after) - set(before), changed


def test_openrouter_pair_reports_exactly_the_differences_between_the_files(db_path):
    older, newer = capture_dir(OLDER), capture_dir(NEWER)
    assert run_refresh("openrouter", "--replay", str(older), "--db", db_url(db_path)).returncode == 0
    second = run_refresh("openrouter", "--replay", str(newer), "--db", db_url(db_path), "--verbose")
    assert second.returncode == 0, second.stderr
    delisted, added, changed = expected_differences(older, newer)
    events = query(db_path, "SELECT kind, model, field FROM price_changes WHERE run_id = 2")
    assert {r["model"] for r in events if r["kind"] == "delisted"} == delisted
    assert {r["model"] for r in events if r["kind"] == "added"} == added
    assert {(r["model"], r["field"]) for r in events if r["kind"] == "changed"} == changed
    assert len(delisted) == 3
    assert len({m for m, f in changed if f in ("input", "output")}) == 11
    r1 = query(db_path, "SELECT old_value, new_value, detected_at FROM price_changes "
                        "WHERE model = 'deepseek/deepseek-r1' AND field = 'input'")
    assert tuple(r1[0]) == (0.3, 0.7, "2026-01-05 00:11:19.000000")
    assert "changed  deepseek/deepseek-r1 [standard]  input $0.30 -> $0.70; output $1.20 -> $2.40" in second.stdout


def test_all_openrouter_captures_replay_in_order_and_the_suspicious_offerings_of_the_last_are_held(db_path):
    """In the 2026-02-21 capture OpenRouter's "image" prices equal the prompt price per token
    (gemini-3-pro-image-preview: 0.067 per image before, 0.000002 now): a >10x move of a price we
    store per image. The guard holds those offerings alone, with their third-capture values; the rest
    of the run is applied."""
    codes = [run_refresh("openrouter", "--replay", str(capture_dir(c)), "--db", db_url(db_path)).returncode
             for c in OPENROUTER_CAPTURES]
    assert codes == [0, 0, 0, 0]
    sizes = [len(json.loads((capture_dir(c) / "models.json").read_text())["data"]) for c in OPENROUTER_CAPTURES]
    runs = query(db_path, "SELECT status, offerings, held FROM scrape_runs ORDER BY run_id")
    assert [(r["status"], r["offerings"]) for r in runs] == [("success", n) for n in sizes]
    held = query(db_path, "SELECT model, reasons FROM held_offerings WHERE ended_at IS NULL ORDER BY model")
    assert runs[3]["held"] == len(held) == 13
    image = next(r for r in held if r["model"] == "google/gemini-3-pro-image-preview")
    assert json.loads(image["reasons"]) == ["other:image: moves from 0.067 USD per image to 0.000002 USD per image, "
                                            "more than 10x"]
    (kept,) = query(db_path, "SELECT other_prices, last_verified_at, held_since FROM current_prices "
                             "WHERE model = 'google/gemini-3-pro-image-preview'")
    assert json.loads(kept["other_prices"])["image"]["amount"] == "0.067" and kept["last_verified_at"] < "2026-02"
    assert kept["held_since"].startswith("2026-02-21")
    assert query(db_path, "SELECT COUNT(*) FROM current_prices")[0][0] == sizes[3]  # the held stay listed


def test_unknown_provider_exits_2_and_lists_the_known_ones(db_path):
    result = run_refresh("nope", "--db", db_url(db_path))
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: unknown provider 'nope'; known providers: {', '.join(scrapers.REGISTRY)}"


def test_a_missing_capture_directory_exits_2(tmp_path, db_path):
    result = run_refresh("openrouter", "--replay", str(tmp_path / "nowhere"), "--db", db_url(db_path))
    assert result.returncode == 2 and "no manifest.json" in result.stderr


def test_a_failed_run_exits_1_with_one_line_saying_why(db_path):
    result = run_refresh("all", "--replay", str(capture_dir(OLDER)), "--db", db_url(db_path))
    assert result.returncode == 1
    assert "fireworks: failed" in result.stdout and "openrouter: success" in result.stdout
    assert "  error: https://docs.fireworks.ai/serverless/pricing is not in the capture" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_dry_run_creates_no_database(db_path):
    result = run_refresh("openrouter", "--replay", str(capture_dir(OLDER)), "--db", db_url(db_path), "--dry-run")
    assert result.returncode == 0 and "openrouter: dry-run" in result.stdout and "353 added" in result.stdout
    assert not db_path.exists()


def test_database_from_environment_and_default_under_data(tmp_path):
    env_db = tmp_path / "env.db"
    assert run_refresh("openrouter", "--replay", str(capture_dir(OLDER)),
                       env={"PRICES_DB_URL": db_url(env_db)}).returncode == 0
    assert query(env_db, "SELECT COUNT(*) FROM current_prices")[0][0] == 353
    result = run_refresh("openrouter", "--replay", str(capture_dir(OLDER)), cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "data" / "prices.db").exists()


def test_bad_database_urls_exit_2(tmp_path):
    for url, message in [("nosuchdb://x", "only SQLite is supported"),
                         ("not a url", "cannot use database URL 'not a url': not a URL; for an SQLite file write "
                                       "sqlite:///not a url"),
                         ("sqlite:////proc/no/such/x.db", "cannot create the folder")]:
        result = run_refresh("openrouter", "--replay", str(capture_dir(OLDER)), "--db", url)
        assert result.returncode == 2 and message in result.stderr, (url, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_plain_path_to_a_db_file_is_that_sqlite_file(tmp_path):
    result = run_refresh("openrouter", "--replay", str(capture_dir(OLDER)), "--db", str(tmp_path / "plain.db"))
    assert result.returncode == 0, result.stderr
    assert query(tmp_path / "plain.db", "SELECT COUNT(*) FROM runs")[0][0] == 1


def test_another_applications_database_is_never_written(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT)")
    before = other.read_bytes()
    result = run_refresh("openrouter", "--replay", str(capture_dir(OLDER)), "--db", db_url(other))
    assert result.returncode == 2 and "is not a prices database (it has no runs table" in result.stderr
    assert other.read_bytes() == before


@pytest.mark.parametrize("make, message", [
    (lambda p: p.mkdir(), "is a folder, not a database file"),
    (lambda p: p.write_text("hello"), "file is not a database"),
    (lambda p: sqlite3.connect(p).execute("CREATE TABLE t (a)").connection.commit(), "is not a prices database"),
])
def test_status_on_something_that_is_not_a_prices_database_exits_2(tmp_path, make, message):
    target = tmp_path / "thing.db"
    make(target)
    result = subprocess.run([sys.executable, "-m", "jobs.status", "--db", db_url(target)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2 and message in result.stderr and "internal error" not in result.stderr


def test_a_file_that_is_not_a_database_exits_2(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_text("not a database")
    result = run_refresh("openrouter", "--replay", str(capture_dir(OLDER)), "--db", db_url(garbage))
    assert result.returncode == 2 and "file is not a database" in result.stderr
    assert garbage.read_text() == "not a database"


def test_dry_run_leaves_an_existing_database_byte_for_byte(db_path):
    assert run_refresh("openrouter", "--replay", str(capture_dir(OLDER)), "--db", db_url(db_path)).returncode == 0
    before = db_path.read_bytes()
    result = run_refresh("openrouter", "--replay", str(capture_dir(NEWER)), "--db", db_url(db_path), "--dry-run")
    assert result.returncode == 0 and "13 changed" in result.stdout and "3 delisted" in result.stdout
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("manifest, message", [
    ({"responses": {"https://openrouter.ai/api/v1/models": {"status": 200}}}, 'needs a "file"'),
    ({"responses": {"https://openrouter.ai/api/v1/models": {"file": "m.json", "status": "OK"}}}, "not an HTTP status"),
    ({"responses": {"https://openrouter.ai/api/v1/models": {"file": "m.json", "fetched_at": "yesterday"}}},
     "not an ISO 8601 time"),
    ({"responses": {"http://[::1": {"file": "m.json", "fetched_at": "2026-01-01T00:00:00Z"}}}, "is not a URL"),
    ("a folder", "cannot read"),
])
def test_malformed_capture_folders_exit_2_with_one_line(tmp_path, db_path, manifest, message):
    if manifest == "a folder":
        (tmp_path / "manifest.json").mkdir()
    else:
        (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    result = run_refresh("openrouter", "--replay", str(tmp_path), "--db", db_url(db_path))
    assert result.returncode == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_dry_run_says_what_the_guard_would_hold(db_path):
    assert run_refresh("openrouter", "--replay", str(capture_dir(OPENROUTER_CAPTURES[2])),
                       "--db", db_url(db_path)).returncode == 0
    before = db_path.read_bytes()
    result = run_refresh("openrouter", "--replay", str(capture_dir(OPENROUTER_CAPTURES[3])), "--db", db_url(db_path),
                         "--dry-run")
    assert result.returncode == 0 and db_path.read_bytes() == before
    assert "warning: would be held: google/gemini-3-pro-image-preview [standard] other:image: moves" in result.stdout


def test_a_reader_that_closes_the_pipe_ends_a_command_quietly(tmp_path):
    """`python -m jobs.crosscheck ... | head`: the command stops with the shell's SIGPIPE code, no "internal error"."""
    db = tmp_path / "p.db"
    assert run_refresh("fireworks", "--replay", str(capture_dir(FIREWORKS_CAPTURE)), "--db", f"sqlite:///{db}"
                       ).returncode == 0
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    writer = subprocess.run([sys.executable, "-m", "jobs.crosscheck", "fireworks", "--db", f"sqlite:///{db}",
                             "--format", "json"], stdout=reader.stdin, stderr=subprocess.PIPE, text=True, timeout=120)
    reader.stdin.close()
    reader.wait()
    assert writer.returncode == 141 and "internal error" not in writer.stderr


@pytest.mark.parametrize("days", ["0", "3651", "99999999999"])
def test_a_staleness_threshold_out_of_range_exits_2_and_stores_nothing(db_path, days):
    result = run_refresh("openrouter", "--replay", str(capture_dir(OLDER)), "--db", db_url(db_path),
                         "--stale-after-days", days)
    assert result.returncode == 2 and "--stale-after-days must be from 1 to 3650" in result.stderr
    assert not db_path.exists()


def test_a_threshold_an_older_release_stored_out_of_range_reads_as_the_default(db_path):
    assert run_refresh("openrouter", "--replay", str(capture_dir(OLDER)), "--db", db_url(db_path)).returncode == 0
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE settings SET value = '99999999999' WHERE key = 'stale_after_days'")
    shown = subprocess.run([sys.executable, "-m", "jobs.status", "--db", db_url(db_path), "--json"],
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode in (0, 1) and json.loads(shown.stdout)["stale_after_days"] == 7
