"""Shared test helpers: where the real captures are, capture directories, databases, the CLI."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

import scrapers.openrouter as openrouter
from core.guard import GuardPolicy
from scrapers._base import Fetched, Page

ROOT = Path(__file__).resolve().parent.parent
HANDMADE = ROOT / "tests" / "fixtures"
SHARED = Path(os.environ.get("PRICES_FIXTURES_DIR", ROOT.parent / "shared" / "fixtures"))

def small_catalogue(module) -> GuardPolicy:
    """The provider module's own guard with its minimum catalogue size lowered: the hand-made
    fixtures list a few models, below the providers' real minimums."""
    return replace(module.GUARD, min_offerings=1)


SMALL_CATALOGUE = small_catalogue(openrouter)
SMALL_CONFIG = HANDMADE / "small_catalogue.toml"  # the same, for commands
FIREWORKS_CAPTURE = "fireworks/2026-08-26"
OPENROUTER_CAPTURES = ("openrouter/2025-12-29T1325Z", "openrouter/2026-01-04T1803Z",
                       "openrouter/2026-01-05T0011Z", "openrouter/2026-02-21T1833Z")


def capture_dir(name: str) -> Path:
    """A real capture folder under ../shared/fixtures; skipped when absent, a failure under CI=true."""
    path = SHARED / name
    if not (path / "manifest.json").is_file():
        unavailable(f"real capture {path} is missing (set PRICES_FIXTURES_DIR to the shared fixtures folder)")
    return path


def unavailable(reason: str) -> None:
    """Real third-party data a test needs is missing: skip, but fail under CI=true, where it must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def captured_page(name: str) -> Page:
    """The single response of a real capture folder, as the replay transport would serve it."""
    directory = capture_dir(name)
    manifest = json.loads((directory / "manifest.json").read_text())
    ((url, entry),) = manifest["responses"].items()
    fetched_at = datetime.fromisoformat(entry["fetched_at"].replace("Z", "+00:00"))
    return Page(url, entry["status"], entry["content_type"], (directory / entry["file"]).read_bytes(), fetched_at)


def handmade_page(path: str, url: str, content_type: str = "application/json",
                  fetched_at: datetime = datetime(2026, 11, 1, tzinfo=UTC)) -> Page:
    return Page(url, 200, content_type, (HANDMADE / path).read_bytes(), fetched_at)


def parse_page(module, page: Page, text: str | None = None):
    """A provider module's parse of one page (a real capture's, or its text edited by a test),
    as the module's single source."""
    body = page.body if text is None else text.encode()
    edited = Page(page.url, page.status, page.content_type, body, page.fetched_at)
    return module.parse(Fetched({module.SOURCES[0].name: [edited]}))


def fetched(**pages: list[Page]) -> Fetched:
    return Fetched(pages=dict(pages))


def write_capture(directory: Path, responses: dict[str, tuple[Path | bytes, str, str]]) -> Path:
    """Make a capture folder: {url: (body file or bytes, content type, fetched_at)} -> manifest.json + files."""
    directory.mkdir(parents=True, exist_ok=True)
    manifest = {"note": "test capture assembled by the test suite", "responses": {}}
    for index, (url, (body, content_type, fetched_at)) in enumerate(responses.items()):
        name = f"response-{index}"
        target = directory / name
        if isinstance(body, Path):
            shutil.copyfile(body, target)
        else:
            target.write_bytes(body)
        manifest["responses"][url] = {"file": name, "status": 200, "content_type": content_type,
                                      "fetched_at": fetched_at,
                                      "sha256": hashlib.sha256(target.read_bytes()).hexdigest()}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return directory


def edited_capture(name: str, target: Path, fetched_at: str, edits: dict[str, Callable[[str], str]] | None = None) -> Path:
    """A copy of a real capture under ``target`` (a test's own folder), observed at ``fetched_at``, with
    the bodies of the URLs in ``edits`` passed through their edit: a later version of the page, made here."""
    source = capture_dir(name)
    manifest = json.loads((source / "manifest.json").read_text())
    target.mkdir(parents=True, exist_ok=True)
    for url, entry in manifest["responses"].items():
        body = (source / entry["file"]).read_bytes()
        if url in (edits or {}):
            body = edits[url](body.decode()).encode()
        (target / entry["file"]).write_bytes(body)
        entry.update(fetched_at=fetched_at, sha256=hashlib.sha256(body).hexdigest())
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return target


def run_refresh(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """python -m jobs.refresh as a user runs it (from the repository root unless told otherwise)."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("PRICES_DB_URL", "FIREWORKS_API_KEY")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "jobs.refresh", *args, "--log-format", "json"],
                          cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300)


def query(db: Path, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(sql, params).fetchall()


def dump(db: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """Every row of every table, as text, for byte-for-byte comparisons of stored history."""
    with sqlite3.connect(db) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return [f"{t}: {row}" for t in tables if t not in skip
                for row in connection.execute(f"SELECT * FROM {t} ORDER BY 1")]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "prices.db"
