"""The cross-check report for people: one block per list, disagreements as a table."""

from __future__ import annotations

import textwrap

from core.crosscheck import SAME
from core.offering import OfferingKey

COLUMNS = ("MODEL", "THEIR ID", "FIELD", "OURS", "THEIRS", "HINTS")


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
    lines = _summary(plist)
    if plist["disagreements"]:
        lines += ["  disagreements:", *_table(plist["disagreements"], COLUMNS)]
    if plist["ours_unknown"]:
        lines += ["  ours unknown (they state a value, we have none):", *_table(plist["ours_unknown"], COLUMNS[:5])]
    lines += [f"  note: {note}" for note in plist["notes"]]
    missing = plist["not_in_our_data"]
    if missing["count"]:
        lines += [f"  not in our data ({missing['count']}):", *_names(missing["names"])]
    return lines


def _summary(plist: dict) -> list[str]:
    dated = plist["date"] or "dated per record"
    counts = plist["counts"]
    return [f"{plist['name']} {dated} ({plist['file']}): {plist['entries']} entries, {plist['matched']} match "
            f"offerings of ours, {plist['not_in_our_data']['count']} not in our data",
            f"  fields: {counts.get(SAME, 0)} agree, {len(plist['disagreements'])} disagree, "
            f"{len(plist['ours_unknown'])} ours unknown"]


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
