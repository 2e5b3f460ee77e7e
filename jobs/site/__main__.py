"""python -m jobs.site --db URL --out DIR: write the prices database as a static site.

Every page is plain HTML and CSS with its charts as inline SVG: no server and no JavaScript needed.
Publish the folder with any static host (python -m http.server -d DIR, GitHub Pages, S3).
--out defaults to the config's [site] out. The command only reads the database.

Exit codes: 0 the site was written; 2 a bad argument (no database, a folder that cannot be written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import ConfigError
from jobs.cli import add_config_options, command_parser, guarded
from jobs.config import config_path, load_config
from jobs.logs import configure_logging
from jobs.runner import Clock, utc_now
from jobs.site.build import write_site
from storage.db import database_url, open_existing

EXIT_OK, EXIT_USAGE = 0, 2


def build_parser() -> argparse.ArgumentParser:
    """The command's arguments (documented in the README's site section)."""
    parser = command_parser("python -m jobs.site", __doc__)
    parser.add_argument("--out", metavar="DIR", type=Path, help="the site's folder (default: the config's [site] out)")
    add_config_options(parser, "config file, for daemon.db and [site] out (default: $PRICES_CONFIG)")
    return parser


def main(argv: list[str] | None = None, clock: Clock = utc_now) -> int:
    """Run the command; every outcome is an exit code and at most one line of error on stderr."""
    return guarded(lambda args: _main(args, clock), argv, "site command")


def _main(argv: list[str] | None, clock: Clock) -> int:
    args = build_parser().parse_args(argv)
    configure_logging()
    try:
        config = load_config(config_path(args.config))
        out = args.out or config.site_out
        if out is None:
            raise ConfigError("no folder to write the site to: give --out DIR (or [site] out in the config)")
        engine = open_existing(database_url(args.db or config.db), write=False)
        written = write_site(engine, out, clock=clock)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {len(written)} files to {out}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
