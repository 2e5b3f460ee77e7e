"""Partial runs: a part of a page the parser cannot read costs only the offerings it held.

Each test replays a real capture, then an edited copy of it observed later (made in the test's own
folder), through the real command, and reads the database as an analyst would.
"""

from __future__ import annotations

import json

import pytest

import scrapers.minimax as minimax
from core.errors import ParseError
from scrapers._partial import Parts
from tests.conftest import db_path, edited_capture, query, run_refresh  # noqa: F401

CAPTURE = "minimax/2026"
LATER = "2026-08-27T00:00:00Z"

# a later page: an API the parser does not know in the speech table, and a new table of an unfamiliar shape
NEW_API = ("| **T2A Async** | speech-2.8-hd |",
           "| **Rapid Voice Cloning** | speech-2.8-hd | Clone. | \\$1.5 per voice |\n| **T2A Async** | speech-2.8-hd |")
NEW_TABLE = ("## Music", "## Music\n\n| Model | Price |\n| :- | :- |\n| Music-9 | ½ price |\n")


def later_page(text: str) -> str:
    return text.replace(*NEW_API).replace(*NEW_TABLE)


def replay(tmp_path, db, edit=None, when=LATER, name="later"):
    folder = edited_capture(CAPTURE, tmp_path / name, when, {minimax.PRICING_URL: edit} if edit else None)
    return run_refresh("minimax", "--replay", str(folder), "--db", f"sqlite:///{db}")


def verified_at(db, model: str) -> str:
    (row,) = query(db, "SELECT last_refreshed FROM freshness WHERE provider = 'minimax' AND model = ?", (model,))
    return row["last_refreshed"]


def test_an_unreadable_row_leaves_its_offering_unobserved_and_the_rest_is_applied(tmp_path, db_path):
    assert replay(tmp_path, db_path, when="2026-08-20T00:00:00Z", name="first").returncode == 0
    before = query(db_path, "SELECT * FROM current_prices WHERE provider = 'minimax' ORDER BY model, tier")
    result = replay(tmp_path, db_path, later_page)
    assert result.returncode == 0, result.stderr
    assert "minimax: partial" in result.stdout
    assert "not read: " in result.stdout and "unknown API 'Rapid Voice Cloning'" in result.stdout
    assert "unobserved (not read this run" in result.stdout
    (run,) = query(db_path, "SELECT * FROM scrape_runs WHERE provider = 'minimax' ORDER BY run_id DESC LIMIT 1")
    assert run["status"] == "partial" and run["unobserved"] == 1 and run["delisted"] == 0
    unread = json.loads(run["unread"])
    assert len(unread) == 2 and any("row 'speech-2.8-hd'" in u for u in unread)
    # the unread row's offering keeps its values and ages; every other one is verified at the new time
    assert verified_at(db_path, "speech-2.8-hd").startswith("2026-08-20")
    assert verified_at(db_path, "speech-2.8-turbo").startswith("2026-08-27")
    after = query(db_path, "SELECT * FROM current_prices WHERE provider = 'minimax' AND model != 'Music-9' "
                           "ORDER BY model, tier")
    assert [tuple(r)[:12] for r in after] == [tuple(r)[:12] for r in before]


def test_a_new_row_that_cannot_be_read_is_added_with_unknown_values_and_a_warning(tmp_path, db_path):
    assert replay(tmp_path, db_path, when="2026-08-20T00:00:00Z", name="first").returncode == 0
    result = replay(tmp_path, db_path, later_page)
    assert "Music-9 [standard] added with unknown values: its row could not be read" in result.stdout
    (row,) = query(db_path, "SELECT * FROM current_prices WHERE provider = 'minimax' AND model = 'Music-9'")
    assert row["input_status"] == row["output_status"] == "unknown" and row["input_per_mtok"] is None


def test_the_same_bodies_again_stay_partial_and_name_the_same_parts(tmp_path, db_path):
    replay(tmp_path, db_path, when="2026-08-20T00:00:00Z", name="first")
    replay(tmp_path, db_path, later_page, when="2026-08-21T00:00:00Z", name="second")
    again = replay(tmp_path, db_path, later_page)
    assert again.returncode == 0 and "minimax: partial" in again.stdout and "bodies unchanged" in again.stderr
    runs = query(db_path, "SELECT status, unread FROM scrape_runs WHERE provider = 'minimax' ORDER BY run_id")
    assert [r["status"] for r in runs] == ["success", "partial", "partial"] and runs[1]["unread"] == runs[2]["unread"]
    assert verified_at(db_path, "speech-2.8-hd").startswith("2026-08-20")  # never read, never verified


def test_a_page_of_which_no_row_can_be_read_fails_and_changes_nothing(tmp_path, db_path):
    assert replay(tmp_path, db_path, when="2026-08-20T00:00:00Z", name="first").returncode == 0
    before = query(db_path, "SELECT * FROM current_prices ORDER BY offering_id")
    result = replay(tmp_path, db_path, lambda t: t.replace("## LLM", "## Chat"))
    assert result.returncode == 1 and "no price row under 'LLM'" in result.stdout
    assert query(db_path, "SELECT * FROM current_prices ORDER BY offering_id") == before


# --- Parts itself -------------------------------------------------------------------------------------------

def test_a_row_not_read_names_page_table_and_row_and_its_placeholder_is_in_the_parts_region():
    parts = Parts("https://example.test/prices", region="us-east-1")
    with parts.row("Chat", "model-a (1)", "model-a", "batch") as outcome:
        raise ParseError("https://example.test/prices: cell '½ price' is not a price")
    assert not outcome.read
    (part,) = parts.unread
    assert str(part) == "https://example.test/prices · table 'Chat' · row 'model-a (1)': cell '½ price' is not a price"
    assert part.models == frozenset({"model-a"})
    (placeholder,) = parts.placeholders
    assert (placeholder.key.model, placeholder.key.tier, placeholder.key.region) == ("model-a", "batch", "us-east-1")
    assert placeholder.values == {} and placeholder.unread == "cell '½ price' is not a price"


def test_a_table_not_read_holds_the_models_it_is_told_or_else_any():
    parts = Parts("https://example.test/prices")
    with parts.table("Fine-tuning", models=frozenset()):
        raise ParseError("https://example.test/prices: unknown column 'Hours'")
    with parts.table("Batch"):
        raise ParseError("no rows")
    parts.name("section", "Audio", "no price row found")
    assert [(str(p), p.models) for p in parts.unread] == [
        ("https://example.test/prices · table 'Fine-tuning': unknown column 'Hours'", frozenset()),
        ("https://example.test/prices · table 'Batch': no rows", None),
        ("https://example.test/prices · section 'Audio': no price row found", None)]
    with parts.row("Chat", "model-b"):
        pass
    assert len(parts.unread) == 3 and not parts.placeholders  # a row read leaves nothing behind


def test_only_a_parse_error_is_caught_a_bug_still_fails():


    parts = Parts("https://example.test/prices")
    with pytest.raises(KeyError), parts.row("Chat", "model-c", "model-c"):
        raise KeyError("input")
    assert not parts.unread and not parts.placeholders
