"""A capture folder is input like any page: files stay inside it, bodies are capped, damage is named;
--replay of a folder of provider folders replays each provider's captures oldest first."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

import scrapers.openrouter as openrouter
from core.errors import ConfigError, FetchError
from scrapers._replay import ReplayTransport
from tests.conftest import HANDMADE, OPENROUTER_CAPTURES, capture_dir, query, run_refresh, write_capture
from tests.test_cli import db_url

URL = openrouter.MODELS_URL
SOURCE = openrouter.SOURCES[0]
LISTING = HANDMADE / "openrouter" / "models.json"  # hand-made


def capture(tmp_path: Path, **entry) -> Path:
    folder = write_capture(tmp_path / "capture", {URL: (LISTING, "application/json", "2026-01-01T00:00:00Z")})
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["responses"][URL].update(entry)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


@pytest.mark.parametrize("file", ["../../../../etc/passwd", "/etc/passwd", "../capture-neighbour/response-0"])
def test_a_file_outside_the_capture_folder_is_refused_up_front(tmp_path, file):
    folder = capture(tmp_path, file=file, sha256=None)
    with pytest.raises(ConfigError, match=f"{URL}: file .* is outside the capture folder .*; refused"):
        ReplayTransport(folder)


def test_a_symlink_out_of_the_folder_is_refused_and_nothing_is_run_or_archived(tmp_path, db_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("not a capture")
    folder = capture(tmp_path, sha256=None)
    (folder / "response-0").unlink()
    (folder / "response-0").symlink_to(outside)
    result = run_refresh("openrouter", "--replay", str(folder), "--db", db_url(db_path),
                         "--archive", str(tmp_path / "archive"))
    assert result.returncode == 2 and "is outside the capture folder" in result.stderr
    assert not (tmp_path / "archive").exists() and query(db_path, "SELECT COUNT(*) FROM runs")[0][0] == 0


@pytest.mark.parametrize("entry, message", [
    ({"file": "a\x00b"}, "is not a file name"),
    ({"fetched_at": "0001-01-01T00:00:00+14:00"}, "is not an ISO 8601 time in range"),
])
def test_a_bad_entry_is_named(tmp_path, entry, message):
    with pytest.raises(ConfigError, match=message):
        ReplayTransport(capture(tmp_path, **entry))


def test_a_body_over_the_cap_is_not_read_as_on_the_live_path(tmp_path):
    transport = ReplayTransport(capture(tmp_path), max_body_bytes=100)
    with pytest.raises(FetchError, match=r"body of [\d,]+ bytes is over the 100-byte limit; not read"):
        transport.get(SOURCE, URL)


def test_a_gzip_bomb_is_inflated_only_up_to_the_cap(tmp_path):
    folder = capture(tmp_path, compression="gzip", sha256=None)
    (folder / "response-0").write_bytes(gzip.compress(bytes(8 * 1024 * 1024)))  # 8 MiB of zeros, 8 KiB on disk
    transport = ReplayTransport(folder, max_body_bytes=1024 * 1024)
    with pytest.raises(FetchError, match=r"body over the 1,048,576-byte limit \(counted decoded\); cut off"):
        transport.get(SOURCE, URL)


def test_a_corrupt_gzip_file_is_named_as_not_valid_gzip(tmp_path):
    folder = capture(tmp_path, compression="gzip", sha256=None)
    (folder / "response-0").write_bytes(b"\x1f\x8b\x08\x00garbage that is not deflate")
    with pytest.raises(FetchError, match=r"capture file .*response-0 is not valid gzip"):
        ReplayTransport(folder).get(SOURCE, URL)


def test_an_archive_run_folder_may_name_its_archives_blobs(tmp_path):
    root = tmp_path / "archive"
    blob = root / "blobs" / "ab" / "abc.gz"
    blob.parent.mkdir(parents=True)
    blob.write_bytes(gzip.compress(LISTING.read_bytes()))
    run = write_capture(root / "runs" / "openrouter" / "db1" / "7", {URL: (b"", "application/json",
                                                                           "2026-01-01T00:00:00Z")})
    manifest = json.loads((run / "manifest.json").read_text())
    manifest["responses"][URL].update(file="../../../../blobs/ab/abc.gz", compression="gzip", sha256=None)
    (run / "manifest.json").write_text(json.dumps(manifest))
    assert ReplayTransport(run).get(SOURCE, URL).body == LISTING.read_bytes()


def test_a_folder_of_provider_folders_replays_each_providers_captures_oldest_first(tmp_path, db_path):
    shared = tmp_path / "fixtures"
    for name in reversed(OPENROUTER_CAPTURES[:2]):  # copied newest first: the order must come from fetched_at
        shutil.copytree(capture_dir(name), shared / name)
    shutil.copytree(capture_dir("groq/2026"), shared / "groq" / "2026")
    result = run_refresh("openrouter", "groq", "fireworks", "--replay", str(shared), "--db", db_url(db_path))
    assert result.returncode == 0, result.stderr
    assert "note: no captures under" in result.stderr and "for fireworks: not refreshed" in result.stderr
    runs = query(db_path, "SELECT provider, source FROM scrape_runs WHERE status = 'success' ORDER BY run_id")
    openrouter_runs = [r["source"] for r in runs if r["provider"] == "openrouter"]
    assert openrouter_runs == [f"replay of {shared / name}" for name in OPENROUTER_CAPTURES[:2]]
    assert [r["provider"] for r in runs].count("groq") == 1


def test_one_providers_folder_of_captures_replays_them_all_for_that_provider(tmp_path, db_path):
    folder = tmp_path / "openrouter"
    for name in OPENROUTER_CAPTURES[:2]:
        shutil.copytree(capture_dir(name), folder / Path(name).name)
    result = run_refresh("openrouter", "--replay", str(folder), "--db", db_url(db_path))
    assert result.returncode == 0 and result.stdout.count("openrouter: success") == 2
    result = run_refresh("openrouter", "groq", "--replay", str(folder), "--db", db_url(db_path))
    assert result.returncode == 2 and "holds the capture folders of one provider; name that provider" in result.stderr


def test_a_folder_of_nothing_replayable_is_named(tmp_path, db_path):
    (tmp_path / "empty").mkdir()
    result = run_refresh("openrouter", "--replay", str(tmp_path / "empty"), "--db", db_url(db_path))
    assert result.returncode == 2 and "no manifest.json there, nor capture folders" in result.stderr
