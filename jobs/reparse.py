"""python -m jobs.reparse PROVIDER [--dry-run]: rebuild a provider's history from its archived bodies.

Every applied run of the provider (successful or accepted in review) is parsed again, oldest
first, from the bodies it read, with the current parser, into a scratch database by the same
code a refresh writes with. Where the rebuilt history differs from the stored one, the
stored intervals and change events of that offering are replaced, and each stretch that
differed is recorded in ``corrections`` (old and new value): a correction, not a price
change. --dry-run shows the corrections and writes nothing.

Exit codes: 0 done (or nothing to correct); 1 a run could not be re-parsed, or its bodies are
missing from the archive (nothing was changed); 2 a bad argument; 3 a refresh of the
provider is running (nothing was done).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType

from sqlalchemy import Engine, inspect
from sqlmodel import Session, select

import scrapers
from core.corrections import Correction, corrections
from core.diff import diff
from core.errors import ConfigError, ScrapeError
from core.offering import OfferingKey
from core.validate import validate
from jobs.archived import archived_fetch
from jobs.cli import add_log_option, add_store_options, command_parser, guarded, stores
from jobs.held import Locked
from jobs.logs import configure_logging
from jobs.mapping import apply_repository_mapping
from jobs.runner import Clock, Lease, commit_holding, one_line, provider_lock, utc_now
from jobs.summary import show
from storage.archive import Archive
from storage.blends import refresh_blends
from storage.db import open_database, open_existing, writing
from storage.history import ProviderHistory
from storage.locks import lock_ttl
from storage.rebuild import (
    correction_row,
    fix_models,
    model_fixes,
    offerings_by_key,
    replace_history,
    timelines,
)
from storage.tables import APPLIED, ProviderRow, ResponseRow, RunRow

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
REPARSED = "reparsed"  # the status of a re-parse's own run record


@dataclass
class Reparse:
    """What a re-parse found: the runs it read and the corrections per offering."""

    provider: str
    runs: int = 0
    found: dict[OfferingKey, list[Correction]] = field(default_factory=dict)
    models: dict[str, dict[str, tuple]] = field(default_factory=dict)  # model -> field -> (old, new)
    run_id: int | None = None  # the re-parse's own run, once recorded

    @property
    def count(self) -> int:
        return sum(len(c) for c in self.found.values())


def reparse(engine: Engine, archive: Archive, module: ModuleType, clock: Clock = utc_now,
            dry_run: bool = False, lease: Lease | None = None) -> Reparse:
    """Rebuild the provider's history from the archive; apply the corrections unless ``dry_run``."""
    if dry_run:
        return _compare(engine, *_rebuild(engine, archive, module), module.PROVIDER.id)
    lease = lease or Lease()
    with provider_lock(engine, module.PROVIDER.id, lease, clock) as holder:
        if holder is not None:
            raise Locked(f"a refresh of {module.PROVIDER.id} is running ({holder}); try again when it has finished")
        scratch, runs = _rebuild(engine, archive, module)
        found = _compare(engine, scratch, runs, module.PROVIDER.id)
        if found.found or found.models:
            _apply(engine, scratch, found, clock, lease)
        return found


def applied_runs(engine: Engine, provider: str) -> list[RunRow]:
    """The provider's applied runs, oldest observation first; ScrapeError if some have no archived bodies."""
    with Session(engine) as session:
        runs = list(session.exec(select(RunRow).where(RunRow.provider == provider, RunRow.status.in_(APPLIED))
                                 .order_by(RunRow.observed_at, RunRow.id)))
        archived = set(session.exec(select(ResponseRow.run_id).where(ResponseRow.provider == provider))) \
            if inspect(engine).has_table(ResponseRow.__tablename__) else set()  # made before the archive
    missing = [run.id for run in runs if run.id not in archived]
    if missing:
        raise ScrapeError(f"{provider}: runs {', '.join(map(str, missing[:10]))} have no archived responses (they "
                          "ran before the archive, or it was moved); history cannot be rebuilt across them")
    return runs


def _rebuild(engine: Engine, archive: Archive, module: ModuleType) -> tuple[Engine, int]:
    """The provider's history rebuilt in an in-memory database from its archived runs, and their number."""
    provider = module.PROVIDER.id
    scratch = open_database("sqlite://")
    runs = applied_runs(engine, provider)
    with Session(scratch) as session:
        session.add(ProviderRow(id=provider, name=module.PROVIDER.name, homepage=module.PROVIDER.homepage))
        session.add_all(RunRow(**run.model_dump()) for run in runs)
        session.commit()
    for run in runs:
        try:
            result = module.parse(archived_fetch(engine, archive, run.id, module.SOURCES))
            result = validate(provider, result)
        except ScrapeError as exc:
            raise ScrapeError(f"run {run.id} (observed {run.observed_at:%Y-%m-%d %H:%M} UTC): {one_line(exc)}") \
                from exc
        with Session(scratch) as session:
            history = ProviderHistory(session, provider)
            history.apply(diff(history.state, result), run.id, run.observed_at)
            session.commit()
    return scratch, len(runs)


def _compare(engine: Engine, scratch: Engine, runs: int, provider: str) -> Reparse:
    with Session(engine) as stored, Session(scratch) as rebuilt:
        old, new = timelines(stored, provider), timelines(rebuilt, provider)
        models = model_fixes(stored, rebuilt, provider)
    found = {key: c for key in sorted(old.keys() | new.keys())
             if (c := corrections(old.get(key, []), new.get(key, [])))}
    return Reparse(provider, runs, found, models)


def _apply(engine: Engine, scratch: Engine, found: Reparse, clock: Clock, lease: Lease) -> None:
    """Replace the corrected offerings' history, fix model facts and record each correction, with
    the re-parse's own run record, in one transaction."""
    with Session(writing(engine)) as session, Session(scratch) as rebuilt:
        run = RunRow(provider=found.provider, started_at=clock(), source="reparse", status=REPARSED)
        session.add(run)
        session.flush()
        found.run_id = run.id
        stored, rebuilt_rows = offerings_by_key(session, found.provider), offerings_by_key(rebuilt, found.provider)
        for key, stretches in found.found.items():
            row = replace_history(session, rebuilt, found.provider, key, stored, rebuilt_rows)
            session.add_all(correction_row(c, row.id, run.id, clock()) for c in stretches)
        fix_models(session, found.provider, found.models)
        refresh_blends(session, found.provider)  # corrected versions: their exact blends
        run.warnings = json.dumps(apply_repository_mapping(session))  # models a fixed parser found get theirs
        run.finished_at, run.changes = clock(), found.count + sum(len(m) for m in found.models.values())
        commit_holding(session, found.provider, lease, clock)


def build_parser() -> argparse.ArgumentParser:
    parser = command_parser("python -m jobs.reparse", __doc__)
    parser.add_argument("provider", metavar="PROVIDER", help=f"provider id ({', '.join(scrapers.REGISTRY)})")
    parser.add_argument("--dry-run", action="store_true", help="show the corrections; write nothing")
    add_store_options(parser, "config file for daemon.db and daemon.archive (default: $PRICES_CONFIG)")
    add_log_option(parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; every outcome is an exit code and at most one line of error on stderr."""
    return guarded(_main, argv, "reparse command")


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.log_format)
    try:
        module = scrapers.get(args.provider)
        _config, url, root = stores(args)
        if root is None:
            raise ConfigError("no raw-response archive: give --archive DIR (an in-memory database has none)")
        engine = open_existing(url, write=not args.dry_run)
        found = reparse(engine, Archive(root), module, dry_run=args.dry_run, lease=Lease(lock_ttl()))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Locked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except ScrapeError as exc:
        print(f"error: nothing was changed: {one_line(exc)}", file=sys.stderr)
        return EXIT_FAILED
    print(render(found, args.dry_run))
    return EXIT_OK


def render(found: Reparse, dry_run: bool) -> str:
    """The corrections, one stretch a line, under a one-line summary."""
    verb = "would correct" if dry_run else "corrected"
    head = (f"{found.provider}: {found.runs} runs re-parsed; {verb} {found.count} stretches of history "
            f"in {len(found.found)} offerings" + (f", and facts of {len(found.models)} models" if found.models else "")
            + (f" (run {found.run_id})" if found.run_id else ""))
    lines = [head]
    for key, stretches in found.found.items():
        lines += [f"  {key} {c.field} {_span(c.valid_from, c.valid_to)}: {_state(c.old)} -> {_state(c.new)}"
                  for c in stretches]
    lines += [f"  model {model} {name}: {old!r} -> {new!r}"
              for model, differ in found.models.items() for name, (old, new) in differ.items()]
    return "\n".join(lines)


def _span(start: datetime, end: datetime | None) -> str:
    return f"{start:%Y-%m-%d %H:%M} - {f'{end:%Y-%m-%d %H:%M}' if end else 'now'}"


def _state(value) -> str:
    return "not listed" if value is None else show(value)


if __name__ == "__main__":
    sys.exit(main())
