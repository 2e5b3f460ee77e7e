"""python -m jobs.crosscheck PROVIDER: our prices and context windows against public price lists.

Compares the provider's stored history with the public lists in ../shared/fixtures/crosscheck
(LiteLLM, genai-prices, models.dev, ai-pricelog), each at its own date, and reports every
disagreement: model, field, ours with our date, theirs with their date, and what can be told
mechanically about it. Reads the database only: a cross-check never overwrites a scraped value.

Exit codes: 0 it ran (disagreements are findings, not errors); 1 a crash; 2 a bad argument,
a missing database, lists folder or list, or a list file that cannot be read.

The command wires: jobs/crosscheck_lists.py reads the lists, storage/price_history.py our
history (through storage/read_only.py), core/crosscheck compares them, jobs/crosscheck_report.py
makes the report data and jobs/crosscheck_table.py the table.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from core.crosscheck import compare_list, corroborate
from core.errors import ConfigError
from jobs.cli import add_config_options, command_parser, guarded
from jobs.config import config_path, load_config
from jobs.crosscheck_lists import read_lists
from jobs.crosscheck_report import as_json
from jobs.crosscheck_table import render
from jobs.logs import configure_logging
from storage.db import database_url
from storage.price_history import read_ours
from storage.read_only import open_read_only

EXIT_OK, EXIT_USAGE = 0, 2
SUPPORTED = ("fireworks",)  # providers whose ids the list formats know how to match
ROOT = Path(__file__).resolve().parent.parent


def build_parser() -> argparse.ArgumentParser:
    """The command's arguments: the provider, the database, the lists folder and the output format."""
    parser = command_parser("python -m jobs.crosscheck", __doc__)
    parser.add_argument("provider", metavar="PROVIDER", help=f"the provider to check ({', '.join(SUPPORTED)})")
    add_config_options(parser, "config file for daemon.db (default: $PRICES_CONFIG)")
    parser.add_argument("--lists", metavar="DIR", type=Path,
                        help="folder of the public lists (default: $PRICES_FIXTURES_DIR/crosscheck, "
                             "else ../shared/fixtures/crosscheck beside the repository)")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="output (default: table)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Print the cross-check report; exit 0 whenever it ran, whatever it found."""
    return guarded(_main, argv, "crosscheck command")


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging()  # logs (if any) go to stderr: stdout stays the report
    try:
        report = build_report(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(json.dumps(report, indent=2) if args.format == "json" else render(report))
    return EXIT_OK


def build_report(args: argparse.Namespace) -> dict:
    """The report of the parsed arguments as data; a bad provider, lists folder, list or database: ConfigError."""
    if args.provider not in SUPPORTED:
        raise ConfigError(f"no cross-check for provider {args.provider!r}; supported: {', '.join(SUPPORTED)}")
    folder = args.lists or default_lists_dir()
    lists, skipped = read_lists(folder, args.provider)
    url = database_url(args.db or load_config(config_path(args.config)).db)
    ours = read_ours(open_read_only(url), args.provider)
    reports = corroborate([compare_list(plist, ours) for plist in lists])
    context = {"provider": args.provider, "database": url, "lists_folder": str(folder), "skipped": skipped}
    return as_json(context, ours, reports)


def default_lists_dir() -> Path:
    """$PRICES_FIXTURES_DIR/crosscheck, else the shared fixtures beside the repository."""
    fixtures = os.environ.get("PRICES_FIXTURES_DIR")
    return (Path(fixtures) if fixtures else ROOT.parent / "shared" / "fixtures") / "crosscheck"


if __name__ == "__main__":
    sys.exit(main())
