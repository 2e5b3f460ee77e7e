"""Structured logging: readable in a terminal, JSON otherwise (for daemons and log collectors)."""

from __future__ import annotations

import logging
import sys

import structlog


def configure_logging(style: str = "auto", level: int = logging.INFO) -> None:
    """Configure structlog to write to stderr; ``style`` is "console", "json" or "auto" (console on a TTY)."""
    if style == "auto":
        style = "console" if sys.stderr.isatty() else "json"
    renderers = ([structlog.dev.ConsoleRenderer()] if style == "console"
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


class _Stderr:
    """Whatever sys.stderr is at the time of writing (it may be replaced after logging is configured)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()
