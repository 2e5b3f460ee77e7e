"""Logs: JSON lines on stderr for machines, with what standard-library loggers (APScheduler) say."""

import json
import logging

import structlog

from jobs.logs import configure_logging


def test_json_logs_carry_bound_context_and_library_warnings(capsys):
    configure_logging("json")
    structlog.get_logger().bind(provider="fireworks", run_id=7).info("refresh started")
    logging.getLogger("apscheduler.scheduler").warning("Execution of job %r skipped", "fireworks")
    logging.getLogger("apscheduler.scheduler").info("Running job %r", "fireworks")
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = [json.loads(line) for line in captured.err.splitlines()]
    assert [(e["event"], e["level"]) for e in lines] == [
        ("refresh started", "info"), ("Execution of job 'fireworks' skipped", "warning")]
    assert (lines[0]["provider"], lines[0]["run_id"]) == ("fireworks", 7)
    assert lines[1]["logger"] == "apscheduler.scheduler" and "timestamp" in lines[1]
