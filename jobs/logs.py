"""Structured logging: readable in a terminal, JSON otherwise (for daemons and log collectors)."""

from __future__ import annotations

import logging
import sys

import structlog

from core.text import visible


def configure_logging(style: str = "auto", level: int = logging.INFO) -> None:
    """Configure structlog to write to stderr; ``style`` is "console", "json" or "auto" (console on a TTY)."""
    if style == "auto":
        style = "console" if sys.stderr.isatty() else "json"
    renderers = ([_visible_values, structlog.dev.ConsoleRenderer()] if style == "console"
                 else [structlog.processors.format_exc_info, structlog.processors.JSONRenderer()])
    structlog.configure(
        processors=[structlog.contextvars.merge_contextvars, structlog.processors.add_log_level,
                    structlog.processors.TimeStamper(fmt="iso", utc=True), *renderers],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=_Stderr()),
        cache_logger_on_first_use=False,
    )
    _forward_standard_logging()


def _forward_standard_logging() -> None:
    """Libraries that log through the standard library (APScheduler: missed or skipped runs) go
    through structlog too, so the daemon's stderr stays one format. Their INFO chatter
    ("Running job ...") is left out."""
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not isinstance(h, _ToStructlog)] + [_ToStructlog()]
    root.setLevel(logging.WARNING)


class _ToStructlog(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        structlog.get_logger().log(record.levelno, record.getMessage(), logger=record.name)


def _visible_values(_logger, _name, event: dict) -> dict:
    """Text in a console log line with its control characters escaped (JSON escapes them itself); the
    renderer's own colours are added after this."""
    return {key: visible(value) if isinstance(value, str) else value for key, value in event.items()}


class _Stderr:
    """Whatever sys.stderr is at the time of writing (it may be replaced after logging is configured);
    unescaped (jobs/cli.VisibleText): the log line's text is escaped already, its colours are meant."""

    def write(self, text: str) -> int:
        return getattr(sys.stderr, "unescaped", sys.stderr).write(text)

    def flush(self) -> None:
        sys.stderr.flush()
