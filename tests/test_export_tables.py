"""The csv and json exports on history built from real captures: every current price and every interval,
exact decimals as text that round-trip through csv, json and pandas, statuses beside them, freshness."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import FIREWORKS_CAPTURE, OPENROUTER_CAPTURES, query
from tests.test_export_helpers import build_database, run_export

CAPTURES = [*OPENROUTER_CAPTURES[:2], FIREWORKS_CAPTURE, "cloudflare/2026-08-26"]
CHANGED = "deepseek/deepseek-r1-distill-qwen-14b"  # 0.12 -> 0.15 between the first two OpenRouter captures
EXACT = ("input_exact", "cached_input_exact", "cache_write_exact", "output_exact")
FRESHNESS = ("last_refreshed", "researched_days_ago", "status_text", "stale")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_database(tmp_path_factory.mktemp("export-tables") / "prices.db", CAPTURES)


@pytest.fixture(scope="module", params=["csv", "json"])
def out(request, db, tmp_path_factory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp(f"{request.param}-out")
    result = run_export(request.param, "--db", f"sqlite:///{db}", "--out", str(folder))
    assert result.returncode == 0, result.stderr
    return request.param, folder


def load(out: tuple[str, Path], name: str) -> list[dict]:
    kind, folder = out
    with open(folder / f"{name}.{kind}", newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream)) if kind == "csv" else json.load(stream)


def text(value) -> str | None:
    """A cell as the database's text: the CSV's empty cell and JSON's null are NULL."""
    return None if value in ("", None) else str(value)


def unformula(value: str | None) -> str | None:
    """A CSV text cell as stored: the apostrophe that keeps a spreadsheet from running it taken off."""
    return value[1:] if value and value.startswith("'") and value[1:2] in ("=", "+", "-", "@") else value


def test_every_current_price_is_there_exactly_with_its_statuses_and_freshness(db, out):
    exported = {int(row["offering_id"]): row for row in load(out, "current_prices")}
    stored = query(db, "SELECT c.*, f.last_refreshed, f.researched_days_ago, f.status_text, f.stale "
                       "FROM current_prices c JOIN freshness f USING (offering_id)")
    assert len(exported) == len(stored) > 400
    for row in stored:
        got = exported[row["offering_id"]]
        assert [text(got[c]) for c in EXACT] == [row[c] for c in EXACT]
        assert [got[f"{f}_status"] for f in ("input", "cached_input", "cache_write", "output")] == [
            row["input_status"], row["cached_input_status"], row["cache_write_status"], row["output_status"]]
        assert [text(got[c]) for c in FRESHNESS] == [text(row[c]) for c in FRESHNESS]
        assert unformula(got["model"]) == row["model"]
    assert not any(name.endswith("_per_mtok") for name in next(iter(exported.values())))  # no float copies


def test_the_whole_history_is_there_with_each_interval(db, out):
    exported = load(out, "price_history")
    assert len(exported) == query(db, "SELECT COUNT(*) FROM price_history")[0][0]
    changed = [row for row in exported if row["model"] == CHANGED and row["tier"] == "standard"]
    assert [(row["input_exact"], text(row["valid_to"]) is None) for row in changed] == [("0.12", False),
                                                                                         ("0.15", True)]
    assert changed[0]["valid_to"] == changed[1]["valid_from"]
    assert changed[1]["source"] == "https://openrouter.ai/api/v1/models"


def test_free_unknown_and_not_offered_stay_apart(out):
    rows = load(out, "current_prices")
    free = [r for r in rows if r["input_status"] == "free"]
    unknown = [r for r in rows if r["cached_input_status"] == "unknown"]
    assert free and all(r["input_exact"] == "0" for r in free)
    assert unknown and all(text(r["cached_input_exact"]) is None for r in unknown)


def test_pandas_reads_the_csv_and_the_decimals_stay_exact(db, tmp_path):
    assert run_export("csv", "--db", f"sqlite:///{db}", "--out", str(tmp_path)).returncode == 0
    frame = pd.read_csv(tmp_path / "current_prices.csv", dtype=str, keep_default_na=False)
    prices = {r["offering_id"]: r for r in query(db, "SELECT offering_id, input_exact FROM current_prices")}
    for offering_id, written in zip(frame["offering_id"], frame["input_exact"], strict=True):
        stored = prices[int(offering_id)]["input_exact"]
        assert (Decimal(written) if written else None) == (Decimal(stored) if stored is not None else None)
    assert Decimal(frame.loc[frame["model"] == CHANGED, "input_exact"].iloc[0]) == Decimal("0.15")


def test_a_cell_a_spreadsheet_would_run_starts_with_an_apostrophe_only_in_the_csv(out):
    cloudflare = [row["model"] for row in load(out, "current_prices") if row["provider"] == "cloudflare"]
    expected = "'@cf/" if out[0] == "csv" else "@cf/"
    assert cloudflare and all(model.startswith(expected) for model in cloudflare)


def test_the_json_keeps_json_columns_as_objects(db, tmp_path):
    assert run_export("json", "--db", f"sqlite:///{db}", "--out", str(tmp_path)).returncode == 0
    row = next(r for r in load(("json", tmp_path), "current_prices") if r["model"] == CHANGED)
    assert row["provenance"]["input"]["source"] == "https://openrouter.ai/api/v1/models"
    assert isinstance(row["other_prices"], dict) and isinstance(row["stale"], int)
