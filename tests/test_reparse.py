"""Re-parsing archived bodies: history rebuilt, parser fixes recorded as corrections, not as price changes."""

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

import scrapers.openrouter as openrouter
from core.errors import ScrapeError
from core.values import price
from jobs.reparse import main, reparse
from jobs.runner import refresh
from scrapers._replay import ReplayTransport
from storage.archive import Archive
from storage.db import open_database
from tests.conftest import OPENROUTER_CAPTURES, SMALL_CATALOGUE, capture_dir, dump, query
from tests.test_history import openrouter_capture, set_price

CLOCK = lambda: datetime(2026, 11, 27, 12, tzinfo=UTC)  # noqa: E731
HISTORY = ("offerings", "offering_versions", "change_events", "models", "providers")
R1 = "deepseek/deepseek-r1"


def history(db_path):
    return dump(db_path, skip=tuple(t for t in _tables(db_path) if t not in HISTORY))


def _tables(db_path):
    return [r[0] for r in query(db_path, "SELECT name FROM sqlite_master WHERE type = 'table'")]


def misreading(model_id: str, factor: int, extra_model: str | None = None):
    """OpenRouter's module with a parser bug: one model's input read ``factor`` times too high,
    and optionally a model that is not in the listing at all."""
    def parse(fetched):
        result = openrouter.parse(fetched)
        for offering in result.offerings:
            if offering.key.model == model_id:
                offering.values["input"] = price(offering.values["input"].amount * factor)
        if extra_model:
            phantom = result.offerings[0]
            result.offerings.append(replace(phantom, key=replace(phantom.key, model=extra_model),
                                            model=replace(phantom.model, id=extra_model)))
        return result
    return SimpleNamespace(PROVIDER=openrouter.PROVIDER, SOURCES=openrouter.SOURCES,
                           PARSER_VERSION="0-buggy", parse=parse)


@pytest.fixture
def stores(db_path, tmp_path):
    return open_database(f"sqlite:///{db_path}"), Archive(tmp_path / "archive")


def run_captures(stores, module, captures, guard=SMALL_CATALOGUE):
    engine, archive = stores
    for directory in captures:
        report = refresh(module, ReplayTransport(directory), engine, "replay", clock=CLOCK, archive=archive,
                         guard=guard)
        assert report.status == "success", report.error


def three_captures(tmp_path):
    return [openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"),
            openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z", set_price(R1, "prompt", "0.0000007")),
            openrouter_capture(tmp_path, "c", "2026-01-03T00:00:00Z", set_price(R1, "prompt", "0.0000007"))]


def test_a_parser_fix_becomes_corrections_and_the_real_change_stays_a_change(stores, db_path, tmp_path):
    # the misreading moves R1 and its phantom copy: 2 of 3 priced offerings, not held as a layout change here
    run_captures(stores, misreading(R1, 10, extra_model="phantom/model"), three_captures(tmp_path),
                 replace(SMALL_CATALOGUE, max_moved_share=1.0))
    assert query(db_path, "SELECT new_value FROM price_changes WHERE model = ? AND field = 'input'", (R1,))[0][0] == 7
    engine, archive = stores
    before = history(db_path)
    preview = reparse(engine, archive, openrouter, CLOCK, dry_run=True)
    assert history(db_path) == before and preview.runs == 3
    done = reparse(engine, archive, openrouter, CLOCK)
    assert done.count == preview.count > 0
    rows = query(db_path, "SELECT input_per_mtok, valid_from FROM price_history WHERE model = ? ORDER BY valid_from",
                 (R1,))
    assert [r[0] for r in rows] == [0.3, 0.7]  # the real values, and the real change on 2026-01-02
    change = query(db_path, "SELECT old_value, new_value FROM price_changes WHERE model = ? AND field = 'input'",
                   (R1,))
    assert [tuple(r) for r in change] == [(0.3, 0.7)]
    fixed = query(db_path, "SELECT m.model, c.field, c.old_value, c.new_value, c.new_status, r.status "
                           "FROM corrections c JOIN runs r ON r.id = c.run_id JOIN offerings o ON o.id = c.offering_id "
                           "JOIN models m ON m.id = o.model_id ORDER BY c.valid_from")
    assert [tuple(r)[1:4] for r in fixed if r["model"] == R1] == [("input", "3", "0.3"), ("input", "7", "0.7")]
    assert {r["new_status"] for r in fixed if r["model"] == "phantom/model"} == {None}  # never listed
    assert {r["status"] for r in fixed} == {"reparsed"}
    phantom = query(db_path, "SELECT delisted_at, first_seen_at FROM offerings o JOIN models m ON m.id = o.model_id "
                             "WHERE m.model = 'phantom/model'")[0]
    assert phantom["delisted_at"] == phantom["first_seen_at"]
    assert not query(db_path, "SELECT * FROM current_prices WHERE model = 'phantom/model'")
    assert reparse(engine, archive, openrouter, CLOCK).count == 0  # a second re-parse finds nothing more


def test_the_real_captures_rebuild_to_the_same_history(stores, db_path):
    run_captures(stores, openrouter, [capture_dir(c) for c in OPENROUTER_CAPTURES[:3]], guard=openrouter.GUARD)
    before = history(db_path)
    engine, archive = stores
    found = reparse(engine, archive, openrouter, CLOCK)
    assert (found.runs, found.count) == (3, 0)
    assert history(db_path) == before


def test_missing_bodies_stop_the_reparse_and_change_nothing(stores, db_path, tmp_path, capsys):
    run_captures(stores, misreading(R1, 10), three_captures(tmp_path)[:2])
    engine, archive = stores
    for blob in (tmp_path / "archive" / "blobs").rglob("*.gz"):
        blob.unlink()
    before = dump(db_path)
    with pytest.raises(ScrapeError, match="missing from the archive"):
        reparse(engine, archive, openrouter, CLOCK)
    code = main(["openrouter", "--db", f"sqlite:///{db_path}", "--archive", str(tmp_path / "archive")])
    assert code == 1 and "nothing was changed" in capsys.readouterr().err
    assert dump(db_path, skip=("locks",)) == [r for r in before if not r.startswith("locks")]


def test_runs_from_before_the_archive_are_named(db_path, tmp_path):
    engine = open_database(f"sqlite:///{db_path}")
    refresh(openrouter, ReplayTransport(openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z")), engine,
            "replay", clock=CLOCK, guard=SMALL_CATALOGUE)  # no archive
    with pytest.raises(ScrapeError, match="runs 1 have no archived responses"):
        reparse(engine, Archive(tmp_path / "archive"), openrouter, CLOCK)


def test_the_command_previews_then_corrects(stores, db_path, tmp_path, capsys):
    run_captures(stores, misreading(R1, 10), three_captures(tmp_path)[:1])
    args = ["openrouter", "--db", f"sqlite:///{db_path}", "--archive", str(tmp_path / "archive"), "--log-format",
            "json"]
    assert main([*args, "--dry-run"]) == 0
    preview = capsys.readouterr().out
    assert "would correct 1 stretches of history in 1 offerings" in preview
    assert f"{R1} [standard] input 2026-01-01 00:00 - now: $3.00 -> $0.30" in preview
    assert main(args) == 0 and "corrected 1 stretches" in capsys.readouterr().out
    assert query(db_path, "SELECT input_per_mtok FROM current_prices WHERE model = ?", (R1,))[0][0] == 0.3
    assert json.loads(query(db_path, "SELECT provenance FROM current_prices WHERE model = ?", (R1,))[0][0])["input"]
    assert Decimal(query(db_path, "SELECT old_value FROM corrections")[0][0]) == Decimal(3)


@pytest.mark.parametrize("extra", [[], ["--dry-run"]])
def test_a_mistyped_database_is_an_error_not_a_new_database(tmp_path, capsys, extra):
    missing = tmp_path / "typo" / "prices.db"
    assert main(["openrouter", "--db", f"sqlite:///{missing}", "--archive", str(tmp_path / "a"), *extra]) == 2
    assert capsys.readouterr().err.startswith(f"error: no database at {missing}")
    assert not missing.parent.exists()


def test_model_facts_are_fixed_too(stores, db_path, tmp_path):
    def renaming(fetched):
        result = openrouter.parse(fetched)
        for offering in result.offerings:
            if offering.key.model == R1:
                offering.model = replace(offering.model, name="WRONG NAME")
        return result
    buggy = SimpleNamespace(PROVIDER=openrouter.PROVIDER, SOURCES=openrouter.SOURCES, PARSER_VERSION="0",
                            parse=renaming)
    run_captures(stores, buggy, three_captures(tmp_path)[:1])
    engine, archive = stores
    found = reparse(engine, archive, openrouter, CLOCK)
    assert found.count == 0 and found.models[R1]["name"][0] == "WRONG NAME"
    assert query(db_path, "SELECT name FROM models WHERE model = ?", (R1,))[0][0] == found.models[R1]["name"][1]
    assert query(db_path, "SELECT status FROM runs ORDER BY id DESC LIMIT 1")[0][0] == "reparsed"


@pytest.mark.parametrize("extra", [[], ["--dry-run"]])
def test_a_database_of_something_else_is_refused_untouched(tmp_path, capsys, extra):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    before = other.read_bytes()
    assert main(["openrouter", "--db", f"sqlite:///{other}", "--archive", str(tmp_path / "a"), *extra]) == 2
    assert "is not a prices database" in capsys.readouterr().err and other.read_bytes() == before
