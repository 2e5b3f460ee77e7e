"""python -m jobs.models apply | unmatched | suggest [PROVIDER...]: canonical model identities.

apply      load canonical/models.toml into the database (canonical_models, model_identities),
           replacing what was there: after fixing a wrong rule, this fixes the database.
           Every successful refresh does the same.
unmatched  list the listed provider models that no rule names (they have no canonical
           model, so no price ladder), by provider.
suggest    propose rules for the unmatched ones from their normalised ids and names, as text
           to review and paste into the mapping file; reads the database, applies nothing.

Exit codes: 0 done; 2 a bad argument, mapping file or database.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

import scrapers
from core.errors import ConfigError
from core.identity import Mapping
from core.suggest import Listed, suggest
from jobs.cli import add_config_options, command_parser, guarded
from jobs.config import config_path, load_config
from jobs.logs import configure_logging
from jobs.mapping import MAPPING_FILE, checked_mapping
from jobs.suggest_output import count_line, printable, render
from storage.db import database_url, open_existing, writing
from storage.identities import MODEL, apply_mapping, unmatched_models
from storage.read_only import open_read_only
from storage.tables import ModelRow, OfferingRow

EXIT_OK, EXIT_USAGE = 0, 2


def build_parser() -> argparse.ArgumentParser:
    """The command's arguments (documented in the README's identity section)."""
    parser = command_parser("python -m jobs.models", __doc__)
    parser.add_argument("action", choices=("apply", "unmatched", "suggest"))
    parser.add_argument("providers", nargs="*", metavar="PROVIDER", help="unmatched, suggest: only these providers")
    parser.add_argument("--mapping", metavar="FILE", type=Path, default=MAPPING_FILE,
                        help="the mapping file (default: canonical/models.toml)")
    add_config_options(parser, "config file, for daemon.db (default: $PRICES_CONFIG)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; every outcome is an exit code and at most one line of error on stderr."""
    return guarded(_main, argv, "models command")


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging()
    try:
        mapping, engine = _inputs(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    ACTIONS[args.action](engine, mapping, args)
    return EXIT_OK


def _inputs(args: argparse.Namespace) -> tuple[Mapping, Engine]:
    if args.action == "apply" and args.providers:
        raise ConfigError("apply loads the whole mapping: it takes no PROVIDER")
    for name in args.providers:
        scrapers.get(name)
    mapping = checked_mapping(args.mapping)
    url = database_url(args.db or load_config(config_path(args.config)).db)
    if args.action == "suggest":
        return mapping, open_read_only(url)
    return mapping, open_existing(url, write=args.action == "apply")


def _apply(engine: Engine, mapping: Mapping, _args: argparse.Namespace) -> None:
    with Session(writing(engine)) as session:
        applied = apply_mapping(session, mapping)
        session.commit()
    print(f"{applied.canonical_models} canonical models; {applied.matched} provider models matched, "
          f"{applied.unmatched} listed ones unmatched (python -m jobs.models unmatched lists them); "
          f"{len(applied.unused_rules)} rules name no stored model")


def _unmatched(engine: Engine, mapping: Mapping, args: argparse.Namespace) -> None:
    with Session(engine) as session:
        models = unmatched_models(session, mapping, args.providers or None)
    for model in models:
        print(f"{model.provider}\t{model.model}\t{model.name}")
    print(f"{len(models)} listed provider models match no rule in {args.mapping}", file=sys.stderr)


def _suggest(engine: Engine, mapping: Mapping, args: argparse.Namespace) -> None:
    """Print the proposals for the unmatched models (of the PROVIDERs given, with their partners
    from any provider) and their count on stderr; nothing is written."""
    with Session(engine) as session:
        listed = [Listed(m.provider, m.model, m.name, m.parameter_count) for m in _listed_models(session)]
    unmatched = [m for m in listed if mapping.match(m.provider, m.model) is None]
    matched = [m for m in listed if mapping.match(m.provider, m.model) is not None]
    suggestions = suggest(unmatched, matched, mapping)
    if args.providers:
        suggestions = suggestions.involving(set(args.providers))
        unmatched = [m for m in unmatched if m.provider in args.providers]
    print(render(suggestions), end="")
    print(printable(count_line(suggestions, len(unmatched))), file=sys.stderr)


def _listed_models(session: Session) -> list[ModelRow]:
    """Stored models (not price classes) with a listed offering, by provider and id."""
    listed = select(OfferingRow.model_id).where(col(OfferingRow.delisted_at).is_(None))
    query = select(ModelRow).where(col(ModelRow.id).in_(listed), ModelRow.kind == MODEL)
    return list(session.exec(query.order_by(ModelRow.provider, ModelRow.model)))


ACTIONS = {"apply": _apply, "unmatched": _unmatched, "suggest": _suggest}


if __name__ == "__main__":
    sys.exit(main())
