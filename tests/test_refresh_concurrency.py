"""jobs.refresh runs providers concurrently, and a host that cannot be reached fails at once, with one line."""

from __future__ import annotations

import socket
import threading

import httpx
import pytest

import scrapers.openrouter as openrouter
from jobs import refresh as refresh_command
from jobs.refresh import run_concurrently
from jobs.runner import RunReport, refresh
from scrapers._http import FetchPolicy, HttpTransport, make_client
from storage.db import open_database
from tests.conftest import OPENROUTER_CAPTURES, capture_dir, query, run_refresh
from tests.test_cli import db_url

WAIT = 120  # seconds: only reached when the runs do not overlap (the test then fails)


def test_runs_overlap_and_each_is_told_as_it_ends_and_reports_keep_the_asked_order():
    both_running = threading.Barrier(2, timeout=WAIT)  # passes only when two runs are in flight at once
    told: list[str] = []

    def run_one(pid: str) -> list[RunReport]:
        both_running.wait()
        return [RunReport(pid, "success", "test")]
    reports = run_concurrently(["a", "b"], run_one, jobs=2, finished=lambda r: told.append(r.provider))
    assert [r.provider for r in reports] == ["a", "b"] and sorted(told) == ["a", "b"]


def test_one_job_at_a_time_runs_in_the_asked_order():
    running, order = threading.Lock(), []

    def run_one(pid: str) -> list[RunReport]:
        assert running.acquire(blocking=False), "two runs at once"
        order.append(pid)
        running.release()
        return [RunReport(pid, "success", "test")]
    reports = run_concurrently(["c", "a", "b"], run_one, jobs=1, finished=lambda r: None)
    assert order == [r.provider for r in reports] == ["c", "a", "b"]


def test_a_failing_run_does_not_stop_the_others(db_path):
    result = run_refresh("openrouter", "fireworks", "--replay", str(capture_dir(OPENROUTER_CAPTURES[0])),
                         "--db", db_url(db_path), "--jobs", "2")
    assert result.returncode == 1
    assert "openrouter: success" in result.stdout and "fireworks: failed" in result.stdout
    assert {r["provider"]: r["status"] for r in query(db_path, "SELECT provider, status FROM scrape_runs")} == {
        "openrouter": "success", "fireworks": "failed"}


@pytest.mark.parametrize("jobs", ["0", "33", "many"])
def test_a_bad_number_of_jobs_exits_2(db_path, jobs):
    result = run_refresh("openrouter", "--jobs", jobs, "--db", db_url(db_path))
    assert result.returncode == 2 and "is not a number of providers at once from 1 to 32" in result.stderr


def unresolvable(request: httpx.Request) -> httpx.Response:
    cause = socket.gaierror(-2, "Name or service not known")
    raise httpx.ConnectError(str(cause), request=request) from cause


def test_a_host_whose_name_does_not_resolve_fails_the_run_at_once_as_unreachable(db_path):
    sleeps: list[float] = []
    with make_client(FetchPolicy(), transport=httpx.MockTransport(unresolvable)) as client:
        live = HttpTransport(client, env={}, sleep=sleeps.append)
        report = refresh(openrouter, live, open_database(f"sqlite:///{db_path}"), "live")
    assert report.status == "failed" and report.unreachable and sleeps == []
    assert "the host name does not resolve" in report.error


def test_when_no_provider_can_be_reached_one_line_says_so_and_points_to_replay(capsys):
    reports = [RunReport(p, "failed", "live", error="unreachable", unreachable=True) for p in ("a", "b")]
    refresh_command._print_hints(reports, live=True)
    said = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(said) == 1 and said[0].startswith("error: no provider could be reached (no network?); --replay DIR")
    refresh_command._print_hints([*reports, RunReport("c", "success", "live")], live=True)
    assert "no provider could be reached" not in capsys.readouterr().err  # one provider reached: the network is there
