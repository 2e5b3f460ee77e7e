"""python -m jobs.models apply | unmatched [PROVIDER...]: canonical model identities.

apply      load canonical/models.toml into the database (canonical_models, model_identities),
           replacing what was there: after fixing a wrong rule, this fixes the database.
           Every successful refresh does the same.
unmatched  list the listed provider models that no rule names (they have no canonical
           model, so no price ladder), by provider.

Exit codes: 0 done; 2 a bad argument, mapping file or database.
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path

from sqlmodel import Session

import scrapers
from core.errors import ConfigError
from core.identity import ANY_PROVIDER, Mapping, load_mapping
from jobs.cli import add_config_options, command_parser, guarded
from jobs.config import config_path, load_config
from jobs.logs import configure_logging
from storage.db import database_url, open_existing, writing
from storage.identities import apply_mapping, unmatched_models

EXIT_OK, EXIT_USAGE = 0, 2
MAPPING_FILE = Path(__file__).resolve().parent.parent / "canonical" / "models.toml"


def repository_mapping() -> Mapping:
    """The repository's mapping, checked against the registered providers."""
    return _checked(MAPPING_FILE, MAPPING_FILE.stat().st_mtime_ns)


@cache
def _checked(path: Path, _version: int) -> Mapping:
    return checked_mapping(path)


def checked_mapping(path: Path) -> Mapping:
    """A mapping file whose rules name only registered providers (a typo would match nothing, silently)."""
    mapping = load_mapping(path)
    strangers = sorted({str(r) for r in mapping.rules.values() if r.provider not in {*scrapers.REGISTRY, ANY_PROVIDER}})
    if strangers:
        raise ConfigError(f"model mapping {path}: rules name unknown providers: {', '.join(strangers)}")
    return mapping


def build_parser() -> argparse.ArgumentParser:
    parser = command_parser("python -m jobs.models", __doc__)
    parser.add_argument("action", choices=("apply", "unmatched"))
    parser.add_argument("providers", nargs="*", metavar="PROVIDER", help="unmatched: only these providers")
    parser.add_argument("--mapping", metavar="FILE", type=Path, default=MAPPING_FILE,
                        help="the mapping file (default: canonical/models.toml)")
    add_config_options(parser, "config file, for daemon.db (default: $PRICES_CONFIG)")
    return parser


def main(argv: list[str] | None = None) -> int:
    return guarded(_main, argv, "models command")


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging()
    try:
        for name in args.providers:
            scrapers.get(name)
        mapping = checked_mapping(args.mapping)
        engine = open_existing(database_url(args.db or load_config(config_path(args.config)).db),
                               write=args.action == "apply")
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with Session(writing(engine) if args.action == "apply" else engine) as session:
        if args.action == "apply":
            applied = apply_mapping(session, mapping)
            session.commit()
            print(f"{applied.canonical_models} canonical models; {applied.matched} provider models matched, "
                  f"{applied.unmatched} unmatched (python -m jobs.models unmatched lists them); "
                  f"{len(applied.unused_rules)} rules name no stored model")
            return EXIT_OK
        models = unmatched_models(session, mapping, args.providers or None)
    for model in models:
        print(f"{model.provider}\t{model.model}\t{model.name}")
    print(f"{len(models)} listed provider models match no rule in {args.mapping}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
