"""Offerings held alone: a suspicious value holds its offering, not the run; it persists into a
confirmation, ends by itself when the old value returns, or is replaced by another suspicious value."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

import scrapers.openrouter as openrouter
from core.holds import ConfirmAfter, Hold, plan, signature
from core.offering import ModelInfo, Offering, OfferingKey
from jobs.alerts import queue_new_runs, start_alerts
from jobs.config import Destination
from jobs.review import main as review_main
from jobs.runner import refresh
from scrapers._replay import ReplayTransport
from storage.db import open_database
from tests.conftest import SMALL_CATALOGUE, query
from tests.test_history import openrouter_capture, set_price
from tests.test_partial import later_page
from tests.test_partial import replay as replay_minimax

R1, SONNET = "deepseek/deepseek-r1", "anthropic/claude-sonnet-4.5"
DAY1 = datetime(2026, 1, 1, tzinfo=UTC)
JUMPED = set_price(R1, "prompt", "0.00003")  # 0.3 -> 30 per 1M: more than 10x


class Replays:
    """Refreshes of the hand-made OpenRouter listing, each observed at a time the test names."""

    def __init__(self, tmp_path, db_path, guard=SMALL_CATALOGUE) -> None:
        self.tmp_path, self.db_path, self.guard = tmp_path, db_path, guard
        self.engine = open_database(f"sqlite:///{db_path}")
        self.count = 0

    def run(self, at: datetime, edit=lambda models: models):
        self.count += 1
        capture = openrouter_capture(self.tmp_path, f"c{self.count}", at.strftime("%Y-%m-%dT%H:%M:%SZ"), edit)
        return refresh(openrouter, ReplayTransport(capture), self.engine, "replay",
                       clock=lambda: datetime(2026, 11, 27, tzinfo=UTC), guard=self.guard)

    def holds(self) -> list:
        return query(self.db_path, "SELECT * FROM held_offerings ORDER BY id")

    def current(self, model: str):
        (row,) = query(self.db_path, "SELECT * FROM current_prices WHERE model = ?", (model,))
        return row


@pytest.fixture
def replays(tmp_path, db_path) -> Replays:
    replays = Replays(tmp_path, db_path)
    assert replays.run(DAY1).status == "success"
    return replays


def test_a_jump_holds_that_offering_alone_and_the_rest_is_applied(replays):
    report = replays.run(DAY1 + timedelta(days=1), lambda m: set_price(SONNET, "input_cache_read", "0.00000031")(JUMPED(m)))
    assert report.status == "success" and [o.key.model for o in report.diff.held] == [R1]
    assert [o.key.model for o, _ in report.diff.changed] == [SONNET]  # a real, unsuspicious change: applied
    assert replays.current(SONNET)["cached_input_exact"] == "0.31"
    r1 = replays.current(R1)
    assert r1["input_exact"] == "0.3" and r1["last_verified_at"].startswith("2026-01-01")  # keeps values, ages
    assert r1["held_since"].startswith("2026-01-02") and "more than 10x" in json.loads(r1["held_reasons"])[0]
    assert replays.current(SONNET)["held_since"] is None
    (fresh,) = query(replays.db_path, "SELECT held_offerings, unread_parts FROM provider_freshness")
    assert tuple(fresh) == (1, 0)
    (ladder,) = query(replays.db_path, "SELECT held_since FROM freshness WHERE model = ?", (R1,))
    assert ladder["held_since"] is not None


def test_the_same_value_persisting_is_confirmed_from_the_first_run_that_stated_it(replays):
    first = DAY1 + timedelta(days=1)
    statuses = [replays.run(first + timedelta(hours=h), JUMPED) for h in (0, 6, 12)]
    assert all(r.status == "success" and r.diff.held for r in statuses)  # 3 runs, but only 12 hours
    (hold,) = replays.holds()
    assert hold["runs"] == 3 and hold["status"] == "held" and hold["ended_at"] is None
    assert [len(r.holds.started) for r in statuses] == [1, 0, 0]  # held once, then counted, not held anew
    confirming = replays.run(first + timedelta(hours=24), JUMPED)
    assert [h.key.model for h, _ in confirming.holds.confirmed] == [R1] and not confirming.diff.held
    (hold,) = replays.holds()
    assert hold["status"] == "confirmed" and hold["runs"] == 4
    r1 = replays.current(R1)
    assert r1["input_exact"] == "30" and r1["held_since"] is None
    history = query(replays.db_path, "SELECT input_exact, valid_from, valid_to FROM price_history WHERE model = ? "
                                     "ORDER BY valid_from", (R1,))
    assert [tuple(r) for r in history] == [("0.3", "2026-01-01 00:00:00.000000", "2026-01-02 00:00:00.000000"),
                                           ("30", "2026-01-02 00:00:00.000000", None)]
    (event,) = query(replays.db_path, "SELECT * FROM price_changes WHERE model = ? AND kind = 'changed'", (R1,))
    assert event["detected_at"].startswith("2026-01-02") and event["new_exact"] == "30"
    assert event["note"].startswith("confirmed by persistence: stated by every run from 2026-01-02 00:00")
    plain = query(replays.db_path, "SELECT note FROM price_changes WHERE model != ? AND note IS NOT NULL", (R1,))
    assert plain == []  # ordinary changes carry no note


def test_confirm_after_never_keeps_the_value_for_review(tmp_path, db_path):
    replays = Replays(tmp_path, db_path, replace(SMALL_CATALOGUE, confirm_after=ConfirmAfter(runs=None)))
    replays.run(DAY1)
    for day in range(1, 6):
        assert replays.run(DAY1 + timedelta(days=day), JUMPED).diff.held
    (hold,) = replays.holds()
    assert hold["runs"] == 5 and hold["status"] == "held" and replays.current(R1)["input_exact"] == "0.3"


def test_the_old_value_stated_again_ends_the_hold_by_itself(replays):
    replays.run(DAY1 + timedelta(days=1), JUMPED)
    report = replays.run(DAY1 + timedelta(days=2))
    assert [h.key.model for h in report.holds.released] == [R1] and not report.diff.held
    (hold,) = replays.holds()
    assert hold["status"] == "released" and hold["ended_at"].startswith("2026-01-03")
    r1 = replays.current(R1)
    assert r1["held_since"] is None and r1["last_verified_at"].startswith("2026-01-03") and r1["input_exact"] == "0.3"


def test_another_suspicious_value_replaces_the_hold(replays):
    replays.run(DAY1 + timedelta(days=1), JUMPED)
    report = replays.run(DAY1 + timedelta(days=2), set_price(R1, "prompt", "0.00006"))
    assert len(report.holds.replaced) == 1 and len(report.holds.started) == 1
    assert [h["status"] for h in replays.holds()] == ["replaced", "held"]
    assert replays.holds()[1]["first_seen_at"].startswith("2026-01-03")  # the new value's own persistence


def test_with_hold_alone_off_any_reason_holds_the_whole_run(tmp_path, db_path):
    replays = Replays(tmp_path, db_path, replace(SMALL_CATALOGUE, hold_alone=False))
    replays.run(DAY1)
    report = replays.run(DAY1 + timedelta(days=1), JUMPED)
    assert report.status == "held" and "more than 10x" in report.error and replays.holds() == []


def _offering(model: str) -> Offering:
    return Offering(OfferingKey(model), ModelInfo(model, model), {}, "url")


def test_plan_counts_the_run_that_would_confirm_and_never_confirms_a_rejected_hold():
    at, key = DAY1 + timedelta(days=2), OfferingKey("m")
    problems = {key: (_offering("m"), ["input"], ["input: moves"])}
    sig = signature(_offering("m"), ["input"])
    held = {key: Hold(key, sig, DAY1, runs=2)}
    assert plan(problems, held, {key}, at, ConfirmAfter()).confirmed  # 2 + this run = 3, over 48 hours
    assert not plan(problems, held, {key}, DAY1 + timedelta(hours=23), ConfirmAfter()).confirmed
    rejected = {key: Hold(key, sig, DAY1, runs=9, rejected=True)}
    assert not plan(problems, rejected, {key}, at, ConfirmAfter()).confirmed
    assert plan({}, held, set(), at, ConfirmAfter()).released == []  # not read this run: the hold stays


def review(replays, *args: str) -> int:
    return review_main(["--db", f"sqlite:///{replays.db_path}", "--archive", str(replays.tmp_path / "archive"),
                 "--log-format", "json", *args])


def test_review_lists_held_offerings_and_accepts_one_from_its_first_run(replays, capsys):
    replays.run(DAY1 + timedelta(days=1), JUMPED)
    replays.run(DAY1 + timedelta(days=1, hours=1), JUMPED)
    assert review(replays) == 0
    out = capsys.readouterr().out
    assert "no run is held for review" in out and "1 offerings held alone" in out
    assert f"openrouter: held offering 1 · {R1} [standard] · since 2026-01-02 00:00 UTC · stated by 2 runs" in out
    assert "input: moves from 0.3 USD per 1M tokens to 30 USD per 1M tokens, more than 10x" in out
    assert "held values: input $30.00" in out and "--accept-offering 1" in out
    assert review(replays, "--accept-offering", "1") == 0
    assert "accepted: its values apply from 2026-01-02 00:00 UTC" in capsys.readouterr().out
    r1 = replays.current(R1)
    assert r1["input_exact"] == "30" and r1["held_since"] is None
    (event,) = query(replays.db_path, "SELECT * FROM price_changes WHERE model = ? AND kind = 'changed'", (R1,))
    assert event["detected_at"].startswith("2026-01-02") and event["note"].startswith("accepted in review")
    assert replays.holds()[0]["status"] == "accepted"
    assert replays.run(DAY1 + timedelta(days=2), JUMPED).diff.held == []  # accepted: now the stored value


def test_a_rejected_offering_keeps_its_values_and_is_never_confirmed(replays, capsys):
    replays.run(DAY1 + timedelta(days=1), JUMPED)
    assert review(replays, "--reject-offering", "1") == 0
    assert "rejected: its last applied values stay" in capsys.readouterr().out
    for day in range(2, 6):
        assert replays.run(DAY1 + timedelta(days=day), JUMPED).diff.held
    (hold,) = replays.holds()
    assert hold["status"] == "rejected" and hold["ended_at"] is None and replays.current(R1)["input_exact"] == "0.3"
    replays.run(DAY1 + timedelta(days=7))  # the source states the old value again: the hold ends
    assert replays.holds()[0]["ended_at"] is not None


@pytest.mark.parametrize("args, message", [
    (["--accept-offering", "9"], "there is no held offering 9"),
    (["--reject-offering", "9"], "there is no held offering 9"),
])
def test_bad_offering_decisions_exit_2_with_one_line(replays, capsys, args, message):
    assert review(replays, *args) == 2
    assert capsys.readouterr().err.strip() == f"error: {message}"


def test_an_ended_hold_cannot_be_decided_again(replays, capsys):
    replays.run(DAY1 + timedelta(days=1), JUMPED)
    replays.run(DAY1 + timedelta(days=2))  # released
    assert review(replays, "--accept-offering", "1") == 2
    assert "is no longer held: it was released" in capsys.readouterr().err


def queued(replays, since: datetime) -> list:
    hook = Destination(name="hook", kind="webhook", url="http://127.0.0.1:9/hook")
    queue_new_runs(replays.engine, [hook], since)
    return query(replays.db_path, "SELECT event, text, payload FROM notifications ORDER BY id")


def test_alerts_say_once_when_a_value_is_held_and_once_when_it_is_confirmed(replays):
    start_alerts(replays.engine)
    first = DAY1 + timedelta(days=1)
    for hours in (0, 6, 12):
        replays.run(first + timedelta(hours=hours), JUMPED)
    events = [r["event"] for r in queued(replays, first)]
    assert events.count("held") == 1 and "confirmed" not in events  # stated again: not announced again
    held = next(r for r in queued(replays, first) if r["event"] == "held")
    assert f"{R1} (standard): input: moves from 0.3" in held["text"]
    assert json.loads(held["payload"])["holds"][0]["status"] in ("held", "confirmed")
    replays.run(first + timedelta(hours=24), JUMPED)
    events = [r["event"] for r in queued(replays, first)]
    assert events.count("held") == 1 and events.count("confirmed") == 1 and "released" not in events


def test_alerts_say_when_a_hold_is_released(replays):
    start_alerts(replays.engine)
    replays.run(DAY1 + timedelta(days=1), JUMPED)
    replays.run(DAY1 + timedelta(days=2))
    events = [r["event"] for r in queued(replays, DAY1)]
    assert events.count("held") == 1 and events.count("released") == 1


def test_alerts_say_once_when_a_provider_turns_partial(tmp_path, db_path):
    """Run via the MiniMax capture, edited as tests/test_partial.py does: partial, partial again, then whole."""
    engine = open_database(f"sqlite:///{db_path}")
    start_alerts(engine)
    replay_minimax(tmp_path, db_path, when="2026-08-20T00:00:00Z", name="a")
    replay_minimax(tmp_path, db_path, later_page, when="2026-08-21T00:00:00Z", name="b")
    replay_minimax(tmp_path, db_path, later_page, when="2026-08-22T00:00:00Z", name="c")
    hook = Destination(name="hook", kind="webhook", url="http://127.0.0.1:9/hook")
    queue_new_runs(engine, [hook], DAY1)
    partial = query(db_path, "SELECT text, payload FROM notifications WHERE event = 'partial'")
    assert len(partial) == 1 and "2 part(s) of its sources could not be read" in partial[0]["text"]
    assert "unknown API 'Rapid Voice Cloning'" in partial[0]["text"]


def test_the_same_observation_again_verifies_and_does_not_count_towards_confirming(replays):
    replays.run(DAY1 + timedelta(days=1), JUMPED)
    again = replays.run(DAY1 + timedelta(days=1), JUMPED)  # the very capture, replayed again
    assert again.status == "success" and [o.key.model for o in again.diff.held] == [R1]
    assert replays.holds()[0]["runs"] == 1
