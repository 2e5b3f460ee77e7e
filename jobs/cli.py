"""What the commands share: their parser's frame, the config and database options, crash handling."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import structlog

from core.text import visible
from jobs.config import DaemonConfig, config_path, load_config
from storage.archive import archive_root
from storage.db import database_file, database_url

EXIT_CRASHED = 1
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a command whose reader closed the pipe


def command_parser(prog: str, doc: str) -> argparse.ArgumentParser:
    """A parser whose description is the module docstring's first line and whose epilog is the rest."""
    return argparse.ArgumentParser(prog=prog, description=doc.split("\n")[0],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)


def add_config_options(parser: argparse.ArgumentParser, config_help: str) -> None:
    """--config FILE and --db URL, as the daemon and the status command read them."""
    parser.add_argument("--config", metavar="FILE", type=Path, help=config_help)
    parser.add_argument("--db", metavar="URL", help="database URL (default: the config's daemon.db, "
                        "else $PRICES_DB_URL, else sqlite:///data/prices.db)")


def add_log_option(parser: argparse.ArgumentParser) -> None:
    """--log-format: console on a terminal, JSON otherwise, unless forced."""
    parser.add_argument("--log-format", choices=("auto", "console", "json"), default="auto",
                        help="log style on stderr (default: console on a terminal, else JSON)")


ARCHIVE_HELP = ("raw-response archive folder (default: the config's daemon.archive, else $PRICES_ARCHIVE_DIR, "
                "else archive/ beside the database file)")


def add_store_options(parser: argparse.ArgumentParser, config_help: str) -> None:
    """--config, --db and --archive: where the settings, the database and the archived bodies are."""
    add_config_options(parser, config_help)
    parser.add_argument("--archive", metavar="DIR", type=Path, help=ARCHIVE_HELP)


def stores(args: argparse.Namespace) -> tuple[DaemonConfig, str, Path | None]:
    """The config, the database URL and the archive folder the options (or their defaults) name."""
    config = load_config(config_path(args.config))
    url = database_url(args.db or config.db)
    return config, url, archive_root(args.archive, config.archive, database_file(url))


def guarded(body: Callable[[list[str] | None], int], argv: list[str] | None, command: str) -> int:
    """Run a command; a crash (a bug, not bad input) is one line on stderr, the traceback goes to the log.
    What it prints shows text from sources with its control characters escaped (core/text.py)."""
    try:
        with _visible_output():
            return body(argv)
    except BrokenPipeError:  # the reader went away (`| head`): not a crash; quiet, as the Python docs advise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as exc:
        structlog.get_logger().exception(f"{command} crashed")
        print(f"error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_CRASHED


@contextmanager
def _visible_output() -> Iterator[None]:
    """stdout and stderr escape control characters for the command's length ("\\x1b[2J" is shown, not obeyed)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleText(out), VisibleText(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


class VisibleText:
    """A text stream that writes control characters as their escapes; the rest is the stream's own.
    ``unescaped`` is the stream itself (the log renderer writes its own colours there, jobs/logs.py)."""

    def __init__(self, stream: TextIO) -> None:
        self.unescaped = stream

    def write(self, text: str) -> int:
        self.unescaped.write(visible(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self.unescaped, name)
