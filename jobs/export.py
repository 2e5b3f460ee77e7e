"""python -m jobs.export FORMAT --out PATH: the database in a shape another tool reads as it is.

FORMAT is one of:
  litellm             PATH/model_prices_and_context_window.json, LiteLLM's price map (litellm.register_model)
  models-dev          PATH/providers/<id>/provider.toml and models/<model>.toml, models.dev's layout
  csv                 PATH/current_prices.csv and PATH/price_history.csv (exact decimals as text)
  json                PATH/current_prices.json and PATH/price_history.json (arrays of objects)
  datasette-metadata  PATH/metadata.json for `datasette DB --metadata PATH/metadata.json`

PATH is a folder (made if missing); each file is written whole or not at all (a temporary file moved
into place), and PATH/export_notes.json says when the export ran and what it left out and why. Only
the public views are read; nothing is written to the database.

Exit codes: 0 the export was written (one line says what and where); 2 an unknown format, a missing
or foreign database, a folder that cannot be written, or a bad argument.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from core.errors import ConfigError
from jobs.cli import add_config_options, command_parser, guarded
from jobs.config import config_path, load_config
from jobs.exports import datasette, litellm, models_dev, tables
from jobs.exports.files import prepare_folder
from jobs.exports.notes import Notes
from jobs.logs import configure_logging
from storage.db import database_file, database_url, open_existing

EXIT_OK, EXIT_USAGE = 0, 2
Export = Callable[[Engine, Path, Notes], str]
FORMATS: dict[str, Export] = {"litellm": litellm.export, "models-dev": models_dev.export, "csv": tables.export_csv,
                              "json": tables.export_json, "datasette-metadata": datasette.export}


def build_parser() -> argparse.ArgumentParser:
    """The command's arguments (documented in the README's exports section)."""
    parser = command_parser("python -m jobs.export", __doc__)
    parser.add_argument("format", metavar="FORMAT", help=f"one of: {', '.join(FORMATS)}")
    parser.add_argument("--out", metavar="PATH", type=Path, required=True, help="the folder to write into")
    add_config_options(parser, "config file, for daemon.db (default: $PRICES_CONFIG)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; every outcome is an exit code and one line (the summary, or the error on stderr)."""
    return guarded(_main, argv, "export command")


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging()
    if args.format not in FORMATS:
        print(f"error: unknown format {args.format!r}; formats: {', '.join(FORMATS)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        url = database_url(args.db or load_config(config_path(args.config)).db)
        engine = open_existing(url, write=False)
        folder = prepare_folder(args.out)
        summary = FORMATS[args.format](engine, folder, Notes(args.format, Path(database_file(url) or url).name))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"error: cannot write the export to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(summary)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
