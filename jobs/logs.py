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


class _Stderr:
    """Whatever sys.stderr is at the time of writing (it may be replaced after logging is configured)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()
