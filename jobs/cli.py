"""What the commands share: their parser's frame, the config and database options, crash handling."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import structlog

EXIT_CRASHED = 1


def command_parser(prog: str, doc: str) -> argparse.ArgumentParser:
    """A parser whose description is the module docstring's first line and whose epilog is the rest."""
    return argparse.ArgumentParser(prog=prog, description=doc.split("\n")[0],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)


def add_config_options(parser: argparse.ArgumentParser, config_help: str) -> None:
    """--config FILE and --db URL, as the daemon and the status command read them."""
    parser.add_argument("--config", metavar="FILE", type=Path, help=config_help)
    parser.add_argument("--db", metavar="URL", help="database URL (default: the config's daemon.db, "
                        "else $PRICES_DB_URL, else sqlite:///data/prices.db)")


def guarded(body: Callable[[list[str] | None], int], argv: list[str] | None, command: str) -> int:
    """Run a command; a crash (a bug, not bad input) is one line on stderr, the traceback goes to the log."""
    try:
        return body(argv)
    except Exception as exc:
        structlog.get_logger().exception(f"{command} crashed")
        print(f"error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_CRASHED
