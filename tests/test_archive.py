"""The raw-response archive: every body kept once, replayable, and used to skip unchanged bodies and to
make conditional requests."""

import gzip
import hashlib
import json
from datetime import UTC, datetime
from types import SimpleNamespace

import httpx
import pytest

import scrapers.fireworks as fireworks
import scrapers.openrouter as openrouter
from core.errors import ParseError
from jobs.runner import refresh
from scrapers._http import FetchPolicy, HttpTransport, make_client
from scrapers._replay import ReplayTransport
from storage.archive import Archive
from storage.db import database_id, open_database
from tests.conftest import HANDMADE, SMALL_CATALOGUE, query, run_refresh
from tests.test_history import fireworks_capture, openrouter_capture, set_price

CLOCK = lambda: datetime(2026, 11, 27, 12, tzinfo=UTC)  # noqa: E731
LISTING = (HANDMADE / "openrouter/models.json").read_bytes()


def counting(version: str = openrouter.PARSER_VERSION, fail: bool = False):
    """OpenRouter's module, counting its parses (and failing them when asked)."""
    calls = []

    def parse(fetched):
        calls.append(fetched)
        if fail:
            raise ParseError(f"{openrouter.MODELS_URL}: made to fail")
        return openrouter.parse(fetched)
    module = SimpleNamespace(PROVIDER=openrouter.PROVIDER, SOURCES=openrouter.SOURCES, PARSER_VERSION=version,
                             parse=parse)
    return module, calls


@pytest.fixture
def engine(db_path):
    return open_database(f"sqlite:///{db_path}")


@pytest.fixture
def archive(tmp_path):
    return Archive(tmp_path / "archive")


def run(engine, archive, module, directory):
    return refresh(module, ReplayTransport(directory), engine, "replay", clock=CLOCK, archive=archive,
                   guard=SMALL_CATALOGUE)


def test_every_body_is_archived_once_and_indexed(engine, archive, db_path, tmp_path):
    module, _ = counting()
    first = run(engine, archive, module, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    second = run(engine, archive, module, openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z"))
    assert (first.status, second.status) == ("success", "success")
    rows = query(db_path, "SELECT run_id, url, status, sha256, size, parser_version, fetched_at FROM responses")
    assert [(r["run_id"], r["url"], r["status"]) for r in rows] == [(1, openrouter.MODELS_URL, 200),
                                                                  (2, openrouter.MODELS_URL, 200)]
    assert rows[0]["sha256"] == rows[1]["sha256"] and rows[0]["parser_version"] == openrouter.PARSER_VERSION
    blobs = list((archive.root / "blobs").rglob("*.gz"))
    assert len(blobs) == 1  # the same body twice is stored once
    body = gzip.decompress(blobs[0].read_bytes())
    assert hashlib.sha256(body).hexdigest() == rows[0]["sha256"] and len(body) == rows[0]["size"]


def test_a_run_folder_of_the_archive_replays_like_a_capture(engine, archive, tmp_path):
    module, _ = counting()
    report = run(engine, archive, module, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    folder = archive.run_folder("openrouter", database_id(engine), report.run_id)
    manifest = json.loads((folder / "manifest.json").read_text())
    entry = manifest["responses"][openrouter.MODELS_URL]
    assert entry["compression"] == "gzip" and entry["fetched_at"] == "2026-01-01T00:00:00Z"
    page = ReplayTransport(folder).get(openrouter.SOURCES[0], openrouter.MODELS_URL)
    assert page.body == json.dumps(json.loads(LISTING)).encode()
    again = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    assert refresh(openrouter, ReplayTransport(folder), again, "replay", clock=CLOCK,
                   guard=SMALL_CATALOGUE).status == "success"


def test_unchanged_bodies_are_verified_without_parsing(engine, archive, db_path, tmp_path):
    module, calls = counting()
    run(engine, archive, module, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    report = run(engine, archive, module, openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z"))
    assert len(calls) == 1 and report.status == "success" and report.diff.verified == report.diff.seen > 0
    verified = query(db_path, "SELECT DISTINCT last_verified_at FROM offerings")
    assert [r[0] for r in verified] == ["2026-01-02 00:00:00.000000"]
    assert query(db_path, "SELECT verified, changes FROM runs WHERE id = 2")[0][:] == (report.diff.seen, 0)


def test_a_new_parser_version_or_a_new_body_is_parsed(engine, archive, tmp_path):
    module, calls = counting()
    run(engine, archive, module, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    newer, newer_calls = counting(version="2")
    run(engine, archive, newer, openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z"))
    changed = openrouter_capture(tmp_path, "c", "2026-01-03T00:00:00Z",
                                 set_price("deepseek/deepseek-r1", "prompt", "0.0000007"))
    report = run(engine, archive, newer, changed)
    assert (len(calls), len(newer_calls)) == (1, 2) and len(report.diff.changed) == 1


def test_a_run_that_fails_to_parse_keeps_its_bodies(engine, archive, db_path, tmp_path):
    module, _ = counting(fail=True)
    report = run(engine, archive, module, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    assert report.status == "failed" and "made to fail" in report.error
    (row,) = query(db_path, "SELECT run_id, sha256 FROM responses")
    assert row["run_id"] == report.run_id and archive.get(row["sha256"]) is not None


def test_a_dry_run_archives_nothing(engine, archive, tmp_path):
    report = refresh(openrouter, ReplayTransport(openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z")),
                     engine, "replay", dry_run=True, clock=CLOCK, archive=archive)
    assert report.status == "dry-run" and not archive.root.exists()


def test_a_304_confirms_the_archived_body(engine, archive, db_path):
    """The second request carries If-None-Match; the server's 304 counts as the same body, verified."""
    seen = []

    def server(request):
        seen.append(request)
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"etag": '"v1"'})
        return httpx.Response(200, headers={"content-type": "application/json", "etag": '"v1"'}, content=LISTING)
    for day in (26, 27):
        clock = lambda day=day: datetime(2026, 11, day, tzinfo=UTC)  # noqa: E731
        live = HttpTransport(make_client(transport=httpx.MockTransport(server)), env={}, clock=clock,
                             sleep=lambda _: None, policy=FetchPolicy(host_interval=0))
        report = refresh(openrouter, live, engine, "live", clock=clock, archive=archive, guard=SMALL_CATALOGUE)
        assert report.status == "success"
    assert "if-none-match" not in seen[0].headers and seen[1].headers["if-none-match"] == '"v1"'
    assert report.diff.verified == report.diff.seen and report.observed_at == datetime(2026, 11, 27, tzinfo=UTC)
    assert [r[0] for r in query(db_path, "SELECT status FROM responses ORDER BY id")] == [200, 304]


def test_the_archive_defaults_to_a_folder_beside_the_database(tmp_path):
    db = tmp_path / "store" / "prices.db"
    capture = openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z")
    result = run_refresh("openrouter", "--replay", str(capture), "--db", f"sqlite:///{db}", "--config",
                         str(HANDMADE / "small_catalogue.toml"))
    assert result.returncode == 0, result.stderr
    (database,) = query(db, "SELECT value FROM settings WHERE key = 'database_id'")
    assert (tmp_path / "store" / "archive" / "runs" / "openrouter" / database[0] / "1" / "manifest.json").exists()


def test_databases_sharing_an_archive_keep_their_own_run_folders(archive, tmp_path):
    """Run 1 of one database and run 1 of another: two manifests, neither overwritten."""
    folders = []
    for name, fetched_at in (("one", "2026-01-01T00:00:00Z"), ("two", "2026-01-02T00:00:00Z")):
        engine = open_database(f"sqlite:///{tmp_path / name}.db")
        capture = openrouter_capture(tmp_path, name, fetched_at)
        assert refresh(openrouter, ReplayTransport(capture), engine, "replay", clock=CLOCK, archive=archive,
                       guard=SMALL_CATALOGUE).run_id == 1
        folders.append(archive.run_folder("openrouter", database_id(engine), 1))
    fetched = [json.loads((f / "manifest.json").read_text())["responses"][openrouter.MODELS_URL]["fetched_at"]
               for f in folders]
    assert fetched == ["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"]


def test_a_run_whose_optional_source_failed_is_parsed_and_says_why(engine, archive, db_path, tmp_path):
    """Fireworks without its model listing, the same page twice: a failed source is this run's news, so
    the run parses (no skip) and warns with its own reason; models known only from the listing stay
    unconfirmed."""
    for name, day, with_api in (("a", "26", True), ("b", "27", False), ("c", "28", False)):
        capture = fireworks_capture(tmp_path, name, f"2026-08-{day}T00:00:00Z", with_api)
        report = refresh(fireworks, ReplayTransport(capture), engine, "replay", clock=CLOCK, archive=archive)
        assert report.status == "success", report.error
    assert report.diff.bodies_unchanged == 0 and report.diff.verified > 0
    assert any("List Models API not read" in w and "c/manifest.json" in w for w in report.warnings)
    verified = {r[0]: r[1][:10] for r in query(db_path, "SELECT model, last_verified_at FROM current_prices "
                                                       "WHERE model IN ('starcoder-16b', 'kimi-k3')")}
    assert verified == {"kimi-k3": "2026-08-28", "starcoder-16b": "2026-08-26"}


def test_a_run_not_parsed_repeats_the_parser_warnings_of_the_same_bodies(engine, archive, db_path, tmp_path):
    for name, day in (("a", "26"), ("b", "27")):
        capture = fireworks_capture(tmp_path, name, f"2026-08-{day}T00:00:00Z", with_api=True)
        report = refresh(fireworks, ReplayTransport(capture), engine, "replay", clock=CLOCK, archive=archive)
    assert report.diff.bodies_unchanged == report.diff.verified > 0
    first, second = (json.loads(r[0]) for r in query(db_path, "SELECT warnings FROM runs ORDER BY id"))
    assert first == second == report.warnings != []
