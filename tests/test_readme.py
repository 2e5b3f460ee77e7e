"""The README stays honest: its options, view columns, SQL examples and test command are checked."""

import json
import re
import sqlite3
from decimal import Decimal

import pytest

import scrapers.fireworks as fireworks
import scrapers.openrouter as openrouter
from jobs import crosscheck, daemon, ladder, models, reparse, review, status
from jobs.config import load_config
from jobs.refresh import build_parser
from jobs.runner import refresh
from scrapers._replay import ReplayTransport
from storage.db import open_database
from storage.views import VIEWS
from tests.conftest import FIREWORKS_CAPTURE, OPENROUTER_CAPTURES, ROOT, capture_dir, captured_page

README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize("parser", [build_parser(), daemon.build_parser(), status.build_parser(),
                                    review.build_parser(), reparse.build_parser(), models.build_parser(),
                                    ladder.build_parser(), crosscheck.build_parser()],
                         ids=["refresh", "daemon", "status", "review", "reparse", "models", "ladder", "crosscheck"])
def test_every_command_option_is_documented(parser):
    options = [s for action in parser._actions for s in action.option_strings if s not in ("-h", "--help")]
    assert options and not [o for o in options if f"`{o}" not in README]


def test_the_readme_config_example_is_a_valid_config(tmp_path, monkeypatch):
    monkeypatch.setenv("PRICES_SLACK_WEBHOOK_URL", "https://hooks.example.invalid/T0")
    (example,) = [block for block in re.findall(r"```toml\n(.*?)```", README, re.S) if "[daemon]" in block]
    path = tmp_path / "daemon.toml"
    path.write_text(example)
    config = load_config(path)
    assert config.providers["fireworks"].schedule.cron == "17 */6 * * *"
    assert not config.providers["openrouter"].enabled
    assert [d.kind for d in config.destinations] == ["webhook", "atom"]


@pytest.mark.parametrize("view", list(VIEWS))
def test_each_view_and_its_columns_are_documented(view, tmp_path):
    match = re.search(rf"### `{view}`\n.*?\nColumns: (.*?)\n", README, re.S)
    assert match, f"README has no section for the view {view}"
    documented = re.findall(r"`([a-z_]+)`", match.group(1))
    open_database(f"sqlite:///{tmp_path / 'p.db'}")
    with sqlite3.connect(tmp_path / "p.db") as connection:
        actual = [d[0] for d in connection.execute(f"SELECT * FROM {view}").description]
    assert documented == actual


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("readme") / "prices.db"
    engine = open_database(f"sqlite:///{path}")
    for module, capture in [(fireworks, FIREWORKS_CAPTURE), (openrouter, OPENROUTER_CAPTURES[1]),
                            (openrouter, OPENROUTER_CAPTURES[2])]:
        assert refresh(module, ReplayTransport(capture_dir(capture)), engine, "replay").status == "success"
    return path


def readme_statements() -> list[str]:
    blocks = re.findall(r"```sql\n(.*?)```", README, re.S)
    return [s.strip() for block in blocks for s in block.split(";") if s.strip()]


def test_readme_sql_examples_run(filled_db):
    statements = readme_statements()
    assert len(statements) >= 6
    with sqlite3.connect(filled_db) as connection:
        for statement in statements:
            connection.execute(statement).fetchall()


def test_readme_sql_examples_answer_their_questions(filled_db):
    cheapest, as_of = readme_statements()[:2]
    with sqlite3.connect(filled_db) as connection:
        rows = connection.execute(cheapest).fetchall()
        assert len(rows) == 1 and rows[0][0] in ("fireworks", "openrouter")
        everything = connection.execute(cheapest.replace("LIMIT 1", "")).fetchall()
        assert rows[0] == min(everything, key=lambda r: r[6])
        older, newer = (captured_page(c) for c in OPENROUTER_CAPTURES[1:3])
        r1 = next(m for m in json.loads(older.body)["data"] if m["id"] == "deepseek/deepseek-r1")["pricing"]
        assert connection.execute(as_of).fetchall() == [
            ("openrouter", "deepseek/deepseek-r1", "standard", float(Decimal(r1["prompt"]) * 10**6),
             float(Decimal(r1["completion"]) * 10**6),
             older.fetched_at.strftime("%Y-%m-%d %H:%M:%S.%f"), newer.fetched_at.strftime("%Y-%m-%d %H:%M:%S.%f"))]


def test_ci_runs_the_readme_test_command():
    command = re.search(r"Install and run the tests:\n\n```sh\n(.*?)\n```", README).group(1)
    assert command in (ROOT / ".ci" / "run").read_text()
