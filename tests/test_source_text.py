"""Text from sources never acts where it goes: ids and names with control characters are refused at the
scraper boundary, terminals see escapes, the Atom feed stays well-formed, Slack sees "<" as text."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal

import feedparser

from core.offering import ModelInfo, Offering, OfferingKey, ScrapeResult
from core.text import escaped, has_control, visible
from core.validate import validate
from core.values import price
from jobs.alerts import queue_new_runs, slack_text
from jobs.config import Destination
from jobs.notify import atom_feed
from storage.tables import NotificationRow
from tests.conftest import SMALL_CONFIG, query, run_refresh
from tests.test_alerts import T0, run
from tests.test_alerts import engine as engine  # noqa: F401  (the fixture)
from tests.test_cli import db_url
from tests.test_history import openrouter_capture

CLEAR_SCREEN = "\x1b[2J"


def test_visible_spells_out_control_characters_and_keeps_lines():
    assert visible(f"a{CLEAR_SCREEN}b\u202ec\x00\nd\te") == "a\\x1b[2Jb\\u202ec\\x00\nd\te"
    assert escaped("a\tb\n") == "a\\x09b\\x0a" and has_control("a\nb") and not has_control("Llama 3.3 70B")


def offering(model_id: str, name: str | None = None) -> Offering:
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name or model_id),
                    {"input": price(Decimal("0.3")), "output": price(Decimal("0.6"))}, "https://example.test")


def test_an_id_or_name_with_control_characters_is_refused_and_never_stored_even_as_a_placeholder():
    checked = validate("p", ScrapeResult([offering("good"), offering(f"evil{CLEAR_SCREEN}"),
                                          offering("named", f"Named{CLEAR_SCREEN}")], {"https://example.test"}))
    assert [o.key.model for o in checked.offerings] == ["good"]
    reasons = [str(part) for part in checked.unread]
    assert reasons == ["https://example.test · offering evil\\x1b[2J [standard]: model id 'evil\\x1b[2J' holds "
                       "control characters",
                       "https://example.test · offering named [standard]: model name 'Named\\x1b[2J' holds "
                       "control characters"]
    assert all(CLEAR_SCREEN not in reason for reason in reasons)


def with_model(model_id: str, name: str):
    def edit(models):
        first = dict(models[0], id=model_id, name=name)
        return [*models, first]
    return edit


def test_a_refresh_names_such_a_model_escaped_on_the_terminal_and_stores_the_rest(tmp_path, db_path):
    capture = openrouter_capture(tmp_path, "c", "2026-11-01T00:00:00Z",
                                 with_model(f"evil/{CLEAR_SCREEN}model", "Evil\x07"))
    result = run_refresh("openrouter", "--replay", str(capture), "--db", db_url(db_path), "--config", str(SMALL_CONFIG))
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout + result.stderr
    assert "evil/\\x1b[2Jmodel" in result.stdout and "openrouter: partial" in result.stdout
    assert not query(db_path, "SELECT * FROM models WHERE model LIKE 'evil/%'")
    assert query(db_path, "SELECT COUNT(*) FROM current_prices")[0][0] > 0


def test_stored_text_with_control_characters_is_shown_escaped_by_jobs_status(tmp_path, db_path):
    run_refresh("openrouter", "--replay", str(openrouter_capture(tmp_path, "c", "2026-11-01T00:00:00Z")),
                "--db", db_url(db_path))
    with sqlite3.connect(db_path) as connection:  # as an older release may have stored it
        connection.execute("UPDATE runs SET status = 'failed', error = ?", (f"page said {CLEAR_SCREEN}boo",))
    shown = subprocess.run([sys.executable, "-m", "jobs.status", "--db", db_url(db_path)], capture_output=True,
                           text=True, timeout=120)
    assert "\x1b" not in shown.stdout and "page said \\x1b[2Jboo" in shown.stdout


def test_the_atom_feed_stays_well_formed_whatever_the_text(tmp_path):
    feed = Destination(name="feed", kind="atom", path=tmp_path / "changes.atom")
    rows = [NotificationRow(id=1, destination="feed", event="changes", provider="openrouter", created_at=T0,
                            title=f"OpenRouter: evil{CLEAR_SCREEN}\x00", text=f"• <b>x</b> & \x0b{CLEAR_SCREEN}",
                            payload="{}", next_attempt_at=T0)]
    document = atom_feed(feed, rows)
    ET.fromstring(document)  # a real XML parser accepts it
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.get("bozo_exception")
    entry = parsed.entries[0]
    assert entry.title == "OpenRouter: evil\\x1b[2J\\x00"
    assert "<b>x</b> & \\x0b\\x1b[2J" in entry.content[0].value


def test_slack_sees_angle_brackets_and_ampersands_as_text(engine, db_path, tmp_path):  # noqa: F811
    assert slack_text("<!channel> & <https://x|label>") == "&lt;!channel&gt; &amp; &lt;https://x|label&gt;"
    queue_new_runs(engine, [], T0)
    run(engine, openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z", with_model("x/<!channel>", "X")), T0)
    hook = Destination(name="hook", kind="webhook", url="http://127.0.0.1:9/hook")
    queue_new_runs(engine, [hook], T0)
    (row,) = query(db_path, "SELECT text, payload FROM notifications")
    payload = json.loads(row["payload"])
    assert "&lt;!channel&gt;" in payload["text"] and "<!channel>" not in payload["text"]
    assert "<!channel>" in row["text"]  # the feed's plain text keeps it (XML escapes it there)
