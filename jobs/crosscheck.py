"""python -m jobs.crosscheck PROVIDER: our prices and context windows against public price lists.

Compares the provider's stored history with the public lists in ../shared/fixtures/crosscheck
(LiteLLM, genai-prices, models.dev, ai-pricelog), each at its own date, and reports every
disagreement: model, field, ours with our date, theirs with their date, and what can be told
mechanically about it. Reads the database only: a cross-check never overwrites a scraped value.

Exit codes: 0 it ran (disagreements are findings, not errors); 1 a crash; 2 a bad argument,
a missing database, lists folder or list, or a list file that cannot be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from itertools import groupby
from pathlib import Path

from sqlalchemy import Engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from core.crosscheck import (
    LISTED,
    SAME,
    Finding,
    ListReport,
    OurOffering,
    OurVersion,
    PublicList,
    compare_list,
    corroborate,
    describe_ours,
    describe_theirs,
)
from core.errors import ConfigError
from core.offering import OfferingKey
from core.public_lists import ListError, ai_pricelog, genai_prices, list_day, litellm, models_dev
from core.values import TOKENS, USD_PER_MTOK, Status, Value
from jobs.cli import add_config_options, command_parser, guarded
from jobs.config import config_path, load_config
from jobs.logs import configure_logging
from storage.db import database_url, open_existing

EXIT_OK, EXIT_USAGE = 0, 2
SUPPORTED = ("fireworks",)  # providers whose ids the list formats know how to match
FORMATS = (litellm, genai_prices, models_dev, ai_pricelog)
ROOT = Path(__file__).resolve().parent.parent
OURS_UNKNOWN = "ours_unknown"
COLUMNS = ("MODEL", "THEIR ID", "FIELD", "OURS", "THEIRS", "HINTS")

_HISTORY = text("""
SELECT h.model, h.tier, h.region, h.valid_from, h.valid_to, h.provenance,
    h.input_exact, h.input_status, h.cached_input_exact, h.cached_input_status,
    h.output_exact, h.output_status, h.context_window, h.context_window_status,
    h.max_output_tokens, h.max_output_tokens_status, o.last_verified_at, o.delisted_at
FROM price_history h JOIN offerings o ON o.id = h.offering_id
WHERE h.provider = :provider
ORDER BY h.model, h.tier, h.region, h.valid_from""")


def build_parser() -> argparse.ArgumentParser:
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
        if args.provider not in SUPPORTED:
            raise ConfigError(f"no cross-check for provider {args.provider!r}; supported: {', '.join(SUPPORTED)}")
        folder = args.lists or default_lists_dir()
        lists, skipped = read_lists(folder, args.provider)
        url = database_url(args.db or load_config(config_path(args.config)).db)
        ours = read_ours(open_read_only(url), args.provider)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    reports = corroborate([compare_list(plist, ours) for plist in lists])
    context = {"provider": args.provider, "database": url, "lists_folder": str(folder), "skipped": skipped}
    report = as_json(context, ours, reports)
    print(json.dumps(report, indent=2) if args.format == "json" else render(report))
    return EXIT_OK


def default_lists_dir() -> Path:
    """$PRICES_FIXTURES_DIR/crosscheck, else the shared fixtures beside the repository."""
    fixtures = os.environ.get("PRICES_FIXTURES_DIR")
    return (Path(fixtures) if fixtures else ROOT.parent / "shared" / "fixtures") / "crosscheck"


def read_lists(folder: Path, provider: str) -> tuple[list[PublicList], list[str]]:
    """Every list of the provider in ``folder`` (file names that contain its id), parsed; and the
    names of its files that no format claims. A missing folder, no list, a bad list: ConfigError."""
    if not folder.is_dir():
        raise ConfigError(f"no lists folder at {folder} (give --lists DIR or set PRICES_FIXTURES_DIR)")
    lists, skipped = [], []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and provider in p.name):
        module = next((m for m in FORMATS if path.name.startswith(m.PREFIX) and path.name.endswith(m.SUFFIX)), None)
        if module is None:
            skipped.append(path.name)
            continue
        try:
            body = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read list {path}: {exc}") from None
        try:
            lists.append(module.parse(path.name, body, list_day(path.name)))
        except ListError as exc:
            raise ConfigError(f"bad public list in {folder}: {exc}") from None
    if not lists:
        raise ConfigError(f"no public list for {provider} in {folder}")
    return lists, skipped


def open_read_only(url: str) -> Engine:
    """The existing database, opened so that nothing can be written to it (SQLite query_only)."""
    engine = open_existing(url, write=False)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    return engine


def read_ours(engine: Engine, provider: str) -> list[OurOffering]:
    """The provider's offerings with their whole history, from the price_history view."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(_HISTORY, {"provider": provider}).mappings().all()
    except SQLAlchemyError as exc:
        raise ConfigError(f"cannot read price history: {' '.join(str(exc.orig or exc).split())}") from None
    if not rows:
        raise ConfigError(f"no {provider} offerings in the database: run python -m jobs.refresh {provider} first")
    by_offering = groupby(rows, key=lambda r: (r["model"], r["tier"], r["region"]))
    return [_offering(OfferingKey(*key), list(group)) for key, group in by_offering]


def _offering(key: OfferingKey, rows: list) -> OurOffering:
    versions = tuple(OurVersion(_utc(r["valid_from"]), _utc(r["valid_to"]), _values(r)) for r in rows)
    last = rows[-1]
    return OurOffering(key, _row_label(key, last["provenance"]), versions, _utc(last["last_verified_at"]),
                       _utc(last["delisted_at"]))


def _values(row) -> dict[str, Value]:
    values = {}
    for name in ("input", "cached_input", "output"):
        exact = row[f"{name}_exact"]
        values[name] = Value(Status(row[f"{name}_status"]), Decimal(exact) if exact is not None else None,
                             USD_PER_MTOK)
    for name in ("context_window", "max_output_tokens"):
        values[name] = Value(Status(row[f"{name}_status"]), row[name], TOKENS)
    return values


def _row_label(key: OfferingKey, provenance: str) -> str | None:
    """The pricing-page row an offering was read from: its input's label is "<row> · <column>";
    only a Standard column read as such (not a batch price derived from it) is the row's own."""
    label = json.loads(provenance or "{}").get("input", {}).get("label") or ""
    row, _, column = label.rpartition(" · ")
    return row if column == "Standard" and key.tier != "batch" and row else None


def _utc(moment: str | datetime | None) -> datetime | None:
    if moment is None:
        return None
    parsed = moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def as_json(context: dict, ours: list[OurOffering], reports: list[ListReport]) -> dict:
    """The whole report as JSON-ready data."""
    first = min(v.valid_from for o in ours for v in o.versions)
    last = max(o.last_verified for o in ours)
    return context | {"ours": {"offerings": len(ours), "first_observed": first.date().isoformat(),
                               "last_verified": last.date().isoformat()},
                      "lists": [_list_json(r) for r in reports]}


def _list_json(report: ListReport) -> dict:
    plist, findings = report.plist, report.findings
    return {"name": plist.name, "file": plist.file, "date": plist.day.isoformat() if plist.day else None,
            "entries": len(plist.entries), "matched": report.matched,
            "not_in_our_data": {"count": len(report.unmatched), "names": list(report.unmatched)},
            "counts": dict(sorted(Counter(f.kind for f in findings).items())), "notes": list(plist.notes),
            "disagreements": [_finding_json(f) for f in findings if f.kind not in (SAME, OURS_UNKNOWN)],
            "ours_unknown": [_finding_json(f) for f in findings if f.kind == OURS_UNKNOWN]}


def _finding_json(finding: Finding) -> dict:
    key = finding.offering
    return {"model": key.model, "tier": key.tier, "region": key.region, "their_id": finding.their_key,
            "matched_by": finding.via or finding.their_key, "field": finding.field, "kind": finding.kind,
            "ours": _ours_json(finding), "theirs": _theirs_json(finding), "hints": list(finding.hints)}


def _ours_json(finding: Finding) -> dict:
    ours = finding.ours
    return {"value": ours.amount_text() if ours else None, "status": ours.status.value if ours else "listed",
            "date": finding.our_day.isoformat(), "basis": finding.basis, "text": describe_ours(finding)}


def _theirs_json(finding: Finding) -> dict:
    theirs, checked = finding.theirs, finding.checked
    return {"value": _plain(theirs.amount) if theirs else None, "raw": theirs.raw if theirs else None,
            "removed": finding.field == LISTED, "date": finding.their_day.isoformat(),
            "checked": {"label": checked[0], "date": checked[1].isoformat()} if checked else None,
            "text": describe_theirs(finding)}


def _plain(amount: Decimal | int) -> str:
    """An exact amount as plain decimal text ("0.00000013", never "1.3E-7")."""
    return str(amount) if isinstance(amount, int) else format(amount, "f")


def render(report: dict) -> str:
    """The report for people: one block per list, disagreements as a table."""
    ours = report["ours"]
    lines = [f"{report['provider']}: {ours['offerings']} offerings in {report['database']}, first observed "
             f"{ours['first_observed']}, last verified {ours['last_verified']}",
             f"public lists in {report['lists_folder']}"]
    lines += [f"skipped (no known list format): {', '.join(report['skipped'])}"] if report["skipped"] else []
    for plist in report["lists"]:
        lines += ["", *_render_list(plist)]
    return "\n".join(line.rstrip() for line in lines)


def _render_list(plist: dict) -> list[str]:
    dated = plist["date"] or "dated per record"
    counts = plist["counts"]
    lines = [f"{plist['name']} {dated} ({plist['file']}): {plist['entries']} entries, {plist['matched']} match "
             f"offerings of ours, {plist['not_in_our_data']['count']} not in our data",
             f"  fields: {counts.get(SAME, 0)} agree, {len(plist['disagreements'])} disagree, "
             f"{len(plist['ours_unknown'])} ours unknown"]
    if plist["disagreements"]:
        lines += ["  disagreements:", *_table(plist["disagreements"], COLUMNS)]
    if plist["ours_unknown"]:
        lines += ["  ours unknown (they state a value, we have none):", *_table(plist["ours_unknown"], COLUMNS[:5])]
    lines += [f"  note: {note}" for note in plist["notes"]]
    missing = plist["not_in_our_data"]
    if missing["count"]:
        lines += [f"  not in our data ({missing['count']}):", *_names(missing["names"])]
    return lines


def _table(findings: list[dict], columns: tuple[str, ...]) -> list[str]:
    rows = [columns] + [_cells(f)[:len(columns)] for f in findings]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns) - 1)]
    return ["    " + "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
            for row in rows]


def _cells(finding: dict) -> tuple[str, ...]:
    key = OfferingKey(finding["model"], finding["tier"], finding["region"])
    their_id, via = finding["their_id"], finding["matched_by"]
    if via not in their_id and not via.endswith(f"/{their_id}"):  # say which of its ids matched
        their_id = f"{their_id} (as {via})"
    return (str(key), their_id, finding["field"], finding["ours"]["text"], finding["theirs"]["text"],
            "; ".join(finding["hints"]) or "-")


def _names(names: list[str]) -> list[str]:
    """Names grouped by their common prefix ("fireworks_ai/accounts/fireworks/models/: a, b, ...")."""
    by_prefix: dict[str, list[str]] = {}
    for name in names:
        prefix, _, rest = name.rpartition("/")
        by_prefix.setdefault(f"{prefix}/" if prefix else "", []).append(rest or '""')
    return [textwrap.fill(", ".join(sorted(rest, key=str.lower)), width=116, subsequent_indent="      ",
                          initial_indent=f"    {prefix} " if prefix else "    ", break_on_hyphens=False)
            for prefix, rest in by_prefix.items()]


if __name__ == "__main__":
    sys.exit(main())
