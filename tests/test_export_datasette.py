"""The Datasette metadata, served with the real Datasette on a database built from real captures: the views
listed with their descriptions and their columns', the tables hidden, the canned queries answering."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from jobs.exports.datasette import build, describe
from jobs.exports.datasette_text import QUERIES
from storage.views import VIEWS
from tests.conftest import OPENROUTER_CAPTURES, query
from tests.test_export_helpers import build_database, run_export

CAPTURES = [*OPENROUTER_CAPTURES[1:3], "groq/2026"]
DATABASE = "prices-2026"  # Datasette names a database by its file's stem
DEADLINE = 90  # seconds for Datasette to start answering on a slow machine


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_database(tmp_path_factory.mktemp("export-datasette") / f"{DATABASE}.db", CAPTURES)


@pytest.fixture(scope="module")
def metadata(db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("datasette-out")
    result = run_export("datasette-metadata", "--db", f"sqlite:///{db}", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "metadata.json"


@pytest.fixture(scope="module")
def served(db, metadata):
    """The base URL of the real datasette serving the database with the metadata, stopped afterwards."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "datasette"), "serve", str(db), "--metadata", str(metadata),
               "--host", "127.0.0.1", "--port", str(port)]
    log = metadata.with_name("datasette.log")
    with open(log, "w") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base, server, log)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(base: str, server: subprocess.Popen, log: Path) -> None:
    """Poll until Datasette answers (an event, not a fixed sleep), failing with its output if it exits."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"datasette exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/-/versions.json", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"datasette did not answer within {DEADLINE}s")


def get(base: str, path: str, **params: str):
    url = f"{base}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read().decode()
    return json.loads(body) if ".json" in path else body


def test_every_public_view_and_column_is_described_and_every_table_hidden(db, metadata):
    written = json.loads(metadata.read_text())
    tables = written["databases"][DATABASE]["tables"]
    stored = {r["name"]: r["type"] for r in query(db, "SELECT name, type FROM sqlite_master WHERE type IN "
                                                      "('view', 'table')")}
    assert {name for name, kind in stored.items() if kind == "view"} == set(VIEWS)
    for name in VIEWS:
        columns = [r["name"] for r in query(db, f"PRAGMA table_info({name})")]
        assert tables[name]["title"] and tables[name]["description"]
        assert set(tables[name]["columns"]) == set(columns)
        assert all(tables[name]["columns"].values()), [c for c, d in tables[name]["columns"].items() if not d]
    assert {name for name, entry in tables.items() if entry.get("hidden")} == {
        name for name, kind in stored.items() if kind == "table"}


def test_prices_columns_say_their_unit_and_what_exact_means():
    assert "per 1M tokens" in describe("current_prices", "input_exact") and "exact" in describe(
        "current_prices", "input_exact")
    assert "REAL" in describe("price_history", "output_per_mtok")
    assert "not_offered" in describe("current_prices", "cached_input_status")
    assert "UTC" in describe("freshness", "last_refreshed") and "USD" in describe("price_ladder", "blended_per_mtok")
    assert build("x", {}, ["runs"])["databases"]["x"]["tables"] == {"runs": {"hidden": True}}


def test_datasette_lists_the_views_and_hides_the_tables(served, db):
    listed = get(served, f"/{DATABASE}.json")
    assert {view["name"] for view in listed["views"]} == set(VIEWS)
    assert all(table["hidden"] for table in listed["tables"])
    assert {table["name"] for table in listed["tables"]} >= {"runs", "offerings", "locks", "notifications"}
    assert {listed["queries"][i]["name"] for i in range(len(listed["queries"]))} == set(QUERIES)


def test_datasette_shows_the_descriptions(served):
    served_metadata = get(served, "/-/metadata.json")["databases"][DATABASE]["tables"]
    assert served_metadata["price_history"]["description"].startswith("Every interval of every offering")
    page = get(served, f"/{DATABASE}/current_prices", _size="1")
    assert "One row per listed offering" in page and "the exact decimal as the source stated it" in page


def test_the_canned_queries_answer_with_rows(served):
    before = get(served, f"/{DATABASE}/price_as_of.json", provider="openrouter", model="deepseek/deepseek-r1",
                 at="2026-01-05T00:00:00Z", _shape="array")
    after = get(served, f"/{DATABASE}/price_as_of.json", provider="openrouter", model="deepseek/deepseek-r1",
                at="2026-01-05 00:11:19", _shape="array")
    assert [(r["input_exact"], r["output_exact"]) for r in before] == [("0.3", "1.2")]  # DOMAIN.md: 0.30 -> 0.70
    assert [r["input_exact"] for r in after] == ["0.7"]
    ladder = get(served, f"/{DATABASE}/model_ladder.json", model="gpt-oss-120b", tier="", _shape="array")
    assert {r["provider"] for r in ladder} == {"groq", "openrouter"} and ladder[0]["rank"] == 1
    changes = get(served, f"/{DATABASE}/recent_changes.json", days="3650", _shape="array")
    assert changes and {r["kind"] for r in changes} >= {"added", "changed", "delisted"}
    assert changes == sorted(changes, key=lambda r: r["detected_at"], reverse=True)
