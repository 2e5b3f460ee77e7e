"""Alerts: what is queued for which destination, webhook delivery over a real socket, retries, the Atom feed."""

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from structlog.testing import capture_logs

import scrapers.openrouter as openrouter
from jobs.alerts import queue_new_runs, start_alerts, transition_rows
from jobs.config import Destination
from jobs.health import check_transitions
from jobs.notify import ATOM, deliver_due, next_due
from jobs.runner import refresh
from scrapers._replay import ReplayTransport
from storage.db import open_database
from tests.conftest import SMALL_CATALOGUE, query
from tests.test_health import broken_capture
from tests.test_history import openrouter_capture, set_price, without
from tests.webhook_server import WebhookServer, closed_port_url

T0 = datetime(2026, 11, 2, tzinfo=UTC)
A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def engine(db_path):
    return open_database(f"sqlite:///{db_path}")


def run(engine, directory, now):
    return refresh(openrouter, ReplayTransport(directory), engine, "replay", clock=lambda: now,
                   guard=SMALL_CATALOGUE)


def two_runs(engine, tmp_path):
    """A first run, then one where deepseek-r1's prompt price moved and claude-sonnet-4.5 vanished."""
    run(engine, openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z"), T0)
    edit = lambda models: without("anthropic/claude-sonnet-4.5")(  # noqa: E731
        set_price("deepseek/deepseek-r1", "prompt", "0.0000007")(models))
    return run(engine, openrouter_capture(tmp_path, "c2", "2026-11-02T00:00:00Z", edit), T0 + timedelta(hours=1))


def webhook(url, **settings):
    return Destination(name="hook", kind="webhook", url=url, **settings)


def test_runs_before_alerts_began_are_not_announced_and_nothing_twice(engine, db_path, tmp_path):
    run(engine, openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z"), T0)
    hook = webhook("http://127.0.0.1:9/hook")
    assert queue_new_runs(engine, [hook], T0) == 0  # baseline: the existing run is history
    edit = set_price("deepseek/deepseek-r1", "prompt", "0.0000007")
    run(engine, openrouter_capture(tmp_path, "c2", "2026-11-02T00:00:00Z", edit), T0 + timedelta(hours=1))
    assert queue_new_runs(engine, [hook], T0 + timedelta(hours=1)) == 1
    assert queue_new_runs(engine, [hook], T0 + timedelta(hours=2)) == 0
    assert len(query(db_path, "SELECT * FROM notifications")) == 1


def test_a_run_still_going_when_alerts_start_is_announced_when_it_ends(engine, db_path, tmp_path):
    run(engine, openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z"), T0)
    edit = set_price("deepseek/deepseek-r1", "prompt", "0.0000007")
    capture = openrouter_capture(tmp_path, "c2", "2026-11-02T00:00:00Z", edit)

    class StartAlertsMidRun(ReplayTransport):  # the daemon starts while this run is fetching
        def get(self, source, url, known=None):
            start_alerts(engine)
            return super().get(source, url)

    refresh(openrouter, StartAlertsMidRun(capture), engine, "replay", clock=lambda: T0 + timedelta(hours=1),
            guard=SMALL_CATALOGUE)
    assert queue_new_runs(engine, [webhook("http://x.invalid/")], T0 + timedelta(hours=1)) == 1
    assert query(db_path, "SELECT run_id FROM notifications")[0]["run_id"] == 2


def test_two_deliverers_on_one_database_send_a_message_once(engine, db_path, tmp_path):
    queue_new_runs(engine, [], T0)
    run(engine, openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z"), T0)
    with WebhookServer() as server:
        hook = webhook(server.url)
        queue_new_runs(engine, [hook], T0)

        class SecondDeliverer(httpx.Client):  # another process runs its pass while this POST is in flight
            def post(self, *args, **kwargs):
                deliver_due(engine, [hook], httpx.Client(), T0)
                return super().post(*args, **kwargs)

        deliver_due(engine, [hook], SecondDeliverer(), T0)
    assert len(server.bodies) == 1
    assert query(db_path, "SELECT status, attempts FROM notifications")[0]["attempts"] == 1


def test_a_url_the_client_refuses_is_a_failed_try_not_a_stuck_queue(engine, db_path, tmp_path):
    queue_new_runs(engine, [], T0)
    run(engine, openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z"), T0)
    broken = webhook("http://[::1/hook", max_attempts=1)
    feed = Destination(name="feed", kind="atom", path=tmp_path / "changes.atom")
    queue_new_runs(engine, [broken, feed], T0)
    deliver_due(engine, [broken, feed], httpx.Client(), T0)
    statuses = {r["destination"]: r["status"] for r in query(db_path, "SELECT * FROM notifications")}
    assert statuses == {"hook": "failed", "feed": "delivered"} and feed.path.exists()


def test_a_change_message_names_each_change_with_old_and_new_price(engine, db_path, tmp_path):
    queue_new_runs(engine, [], T0)  # alerts begin before the runs
    two_runs(engine, tmp_path)
    everything, delistings = webhook("http://x.invalid/a"), Destination(
        name="delistings", kind="webhook", url="http://x.invalid/b", events=frozenset({"delisted"}))
    queue_new_runs(engine, [everything, delistings], T0 + timedelta(hours=2))
    rows = {r["destination"]: r for r in query(db_path, "SELECT * FROM notifications WHERE run_id = 2")}
    full = json.loads(rows["hook"]["payload"])
    assert "• deepseek/deepseek-r1 (standard): input $0.30 → $0.70" in full["text"]
    assert "• delisted anthropic/claude-sonnet-4.5 (standard)" in full["text"]
    assert full["counts"] == {"changed": 1, "delisted": 1} and full["run_id"] == 2
    change = next(c for c in full["changes"] if c["kind"] == "changed")
    assert (change["field"], change["old_value"], change["new_value"]) == ("input", "0.3", "0.7")
    only = json.loads(rows["delistings"]["payload"])
    assert only["counts"] == {"delisted": 1} and "deepseek" not in only["text"]
    first_run = query(db_path, "SELECT destination, title FROM notifications WHERE run_id = 1")
    assert {r["destination"] for r in first_run} == {"hook"}  # the first run only added offerings


def test_a_provider_filter_keeps_other_providers_out(engine, db_path, tmp_path):
    queue_new_runs(engine, [], T0)
    two_runs(engine, tmp_path)
    fireworks_only = webhook("http://x.invalid/a", providers=frozenset({"fireworks"}))
    assert queue_new_runs(engine, [fireworks_only], T0 + timedelta(hours=2)) == 0


def test_webhook_receives_json_with_a_slack_text_field(engine, db_path, tmp_path):
    queue_new_runs(engine, [], T0)
    two_runs(engine, tmp_path)
    with WebhookServer() as server:
        hook = webhook(server.url)
        queue_new_runs(engine, [hook], T0 + timedelta(hours=2))
        deliver_due(engine, [hook], httpx.Client(), T0 + timedelta(hours=2))
    assert [b["content_type"] for b in server.bodies] == ["application/json"] * 2
    assert server.bodies[1]["text"].startswith("*OpenRouter: 1 changed, 1 delisted offering(s)*")
    statuses = query(db_path, "SELECT status, attempts FROM notifications")
    assert [(r["status"], r["attempts"]) for r in statuses] == [("delivered", 1)] * 2


def test_an_unreachable_webhook_is_retried_a_bounded_number_of_times_then_logged(engine, db_path, tmp_path):
    queue_new_runs(engine, [], T0)
    two_runs(engine, tmp_path)
    hook = webhook(closed_port_url(), max_attempts=3, retry_delay=timedelta(seconds=10))
    queue_new_runs(engine, [hook], T0)
    now, client = T0, httpx.Client()
    with capture_logs() as logs:
        for _ in range(3):
            deliver_due(engine, [hook], client, now)
            deliver_due(engine, [hook], client, now)  # not due again yet: no extra attempt
            now = next_due(engine, [hook]) or now
    rows = query(db_path, "SELECT status, attempts, last_error FROM notifications")
    assert {(r["status"], r["attempts"]) for r in rows} == {("failed", 3)}
    assert "ConnectError" in rows[0]["last_error"]
    assert [e["event"] for e in logs].count("notification delivery failed; will retry") == 2 * 2
    assert [e["log_level"] for e in logs if e["event"] == "notification undelivered; giving up"] == ["error"] * 2
    assert next_due(engine, [hook]) is None


def test_a_webhook_error_answer_is_retried_and_then_delivered(engine, db_path, tmp_path):
    queue_new_runs(engine, [], T0)
    run(engine, openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z"), T0)
    with WebhookServer(statuses=[503]) as server:
        hook = webhook(server.url, retry_delay=timedelta(seconds=30))
        queue_new_runs(engine, [hook], T0)
        deliver_due(engine, [hook], httpx.Client(), T0)
        assert next_due(engine, [hook]) == T0 + timedelta(seconds=30)
        deliver_due(engine, [hook], httpx.Client(), T0 + timedelta(seconds=30))
    assert len(server.bodies) == 2
    (row,) = query(db_path, "SELECT status, attempts, last_error FROM notifications")
    assert (row["status"], row["attempts"], row["last_error"]) == ("delivered", 2, "HTTP 503 from the webhook")


def test_health_transitions_become_notifications(engine, db_path, tmp_path):
    run(engine, openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z"), T0)
    check_transitions(engine, ["openrouter"], T0)
    run(engine, broken_capture(tmp_path), T0 + timedelta(hours=1))
    hook = webhook("http://x.invalid/", events=frozenset({"failing"}))
    check_transitions(engine, ["openrouter"], T0 + timedelta(hours=1),
                      lambda session, found: session.add_all(transition_rows([hook], found, T0)))
    assert len(query(db_path, "SELECT * FROM notifications")) == 1
    payload = json.loads(query(db_path, "SELECT payload FROM notifications")[0]["payload"])
    assert payload["event"] == "failing" and payload["previous_state"] == "healthy"
    assert payload["text"].startswith("*OpenRouter is failing*: 1 failed or held run(s) in a row:")
    assert "is not in the capture" in payload["text"]


def test_the_atom_feed_lists_entries_newest_first(engine, tmp_path):
    queue_new_runs(engine, [], T0)
    two_runs(engine, tmp_path)
    feed = Destination(name="feed", kind="atom", path=tmp_path / "site" / "changes.atom", max_entries=10)
    queue_new_runs(engine, [feed], T0 + timedelta(hours=2))
    deliver_due(engine, [feed], httpx.Client(), T0 + timedelta(hours=2))
    root = ET.parse(feed.path).getroot()
    assert root.tag == f"{{{ATOM}}}feed" and root.find(f"{A}updated").text == "2026-11-02T02:00:00Z"
    titles = [e.find(f"{A}title").text for e in root.findall(f"{A}entry")]
    assert titles[0] == "OpenRouter: 1 changed, 1 delisted offering(s)" and titles[1].endswith("new offering(s)")
    ids = [e.find(f"{A}id").text for e in root.findall(f"{A}entry")]
    assert len(set(ids)) == 2 and all(i.startswith("urn:uuid:") for i in ids)


def test_a_feed_that_cannot_be_written_stays_pending_for_a_retry(engine, db_path, tmp_path):
    queue_new_runs(engine, [], T0)
    run(engine, openrouter_capture(tmp_path, "c1", "2026-11-01T00:00:00Z"), T0)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the feed's folder should be")
    feed = Destination(name="feed", kind="atom", path=Path(blocker) / "changes.atom")
    queue_new_runs(engine, [feed], T0)
    deliver_due(engine, [feed], httpx.Client(), T0)
    (row,) = query(db_path, "SELECT status, attempts, last_error FROM notifications")
    assert (row["status"], row["attempts"]) == ("pending", 1) and "cannot write" in row["last_error"]
