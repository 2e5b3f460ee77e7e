"""python -m jobs.export as a user runs it: one summary line and exit 0; bad input is one line and exit 2;
files are written whole (no temporary file left behind) and the database is only read."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from jobs.export import FORMATS
from tests.conftest import FIREWORKS_CAPTURE, dump
from tests.test_export_helpers import build_database, run_export

FILES = {"litellm": ["model_prices_and_context_window.json"], "models-dev": ["providers"],
         "csv": ["current_prices.csv", "price_history.csv"], "json": ["current_prices.json", "price_history.json"],
         "datasette-metadata": ["metadata.json"]}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_database(tmp_path_factory.mktemp("export-cli") / "prices.db", [FIREWORKS_CAPTURE])


def one_error_line(result) -> str:
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr, result.stderr
    (line,) = result.stderr.strip().splitlines()
    return line


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_format_writes_its_files_and_its_notes_and_says_so_in_one_line(db, tmp_path, name):
    before = dump(db)
    result = run_export(name, "--db", f"sqlite:///{db}", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.strip().splitlines()
    assert line.startswith("wrote ") and str(tmp_path / "out") in line
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted([*FILES[name], "export_notes.json"])  # nothing half-written left beside them
    notes = json.loads((tmp_path / "out" / "export_notes.json").read_text())
    assert notes["format"] == name and notes["database"] == "prices.db" and notes["exported_at"].endswith("Z")
    assert dump(db) == before  # the database is only read


def test_an_unknown_format_is_one_line_naming_the_formats(db, tmp_path):
    line = one_error_line(run_export("parquet", "--db", f"sqlite:///{db}", "--out", str(tmp_path)))
    assert line == f"error: unknown format 'parquet'; formats: {', '.join(FORMATS)}"


def test_a_missing_database_is_one_line_and_creates_nothing(tmp_path):
    line = one_error_line(run_export("csv", "--db", f"sqlite:///{tmp_path / 'nope.db'}", "--out", str(tmp_path / "o")))
    assert "no database at" in line and not (tmp_path / "nope.db").exists() and not (tmp_path / "o").exists()


def test_a_foreign_database_or_a_file_that_is_no_database_is_one_line(tmp_path):
    with sqlite3.connect(tmp_path / "other.db") as connection:
        connection.execute("CREATE TABLE t (x)")
    (tmp_path / "text.db").write_text("not a database")
    assert "is not a prices database" in one_error_line(
        run_export("json", "--db", f"sqlite:///{tmp_path / 'other.db'}", "--out", str(tmp_path / "o")))
    assert "cannot read database" in one_error_line(
        run_export("json", "--db", f"sqlite:///{tmp_path / 'text.db'}", "--out", str(tmp_path / "o")))


def test_an_unwritable_path_is_one_line(db, tmp_path):
    (tmp_path / "file").write_text("in the way")
    line = one_error_line(run_export("litellm", "--db", f"sqlite:///{db}", "--out", str(tmp_path / "file" / "out")))
    assert line.startswith(f"error: cannot write to {tmp_path / 'file' / 'out'}")


def test_models_dev_never_replaces_a_providers_folder_it_did_not_write(db, tmp_path):
    (tmp_path / "providers" / "openai").mkdir(parents=True)
    (tmp_path / "providers" / "openai" / "provider.toml").write_text('name = "OpenAI"\n')
    line = one_error_line(run_export("models-dev", "--db", f"sqlite:///{db}", "--out", str(tmp_path)))
    assert "no earlier models-dev export wrote it" in line
    assert (tmp_path / "providers" / "openai" / "provider.toml").read_text() == 'name = "OpenAI"\n'


def test_a_second_models_dev_export_replaces_the_tree_it_wrote(db, tmp_path):
    assert run_export("models-dev", "--db", f"sqlite:///{db}", "--out", str(tmp_path)).returncode == 0
    stale = tmp_path / "providers" / "fireworks-ai" / "models" / "gone.toml"
    stale.write_text('name = "a model no longer listed"\n')
    assert run_export("models-dev", "--db", f"sqlite:///{db}", "--out", str(tmp_path)).returncode == 0
    assert not stale.exists() and (tmp_path / "providers" / "fireworks-ai" / "provider.toml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export_notes.json", "providers"]
