"""Cross-checks: our stored values against a public price list's, each at its own date.

Pure: a list (already parsed, see core/public_lists) and our history (already read) go
in, findings come out. Nothing here writes anything: a cross-check never corrects a
scraped value, it only says where two sources disagree and what may explain it.

Matching is explicit: a list entry names targets (an offering by Fireworks slug, tier
and region, or a pricing-page row by its label's slug) and matches the offerings of ours
that have exactly that target; an entry matching none is "not in our data".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from core.money import format_usd
from core.offering import OfferingKey
from core.values import Status, Value

COMPARED_FIELDS = ("input", "cached_input", "output", "context_window", "max_output_tokens")
LIMITS = ("context_window", "max_output_tokens")
LISTED = "listed"  # the pseudo-field of an entry that records a removal

SAME, DIFFERS, REMOVED = "same", "differs", "removed"  # and "ours_<status>": ours_unknown, ours_not_offered
COVERED, BEFORE, AFTER = "covered", "before", "after"  # where their date falls against our history
_BASIS_TEXT = {COVERED: "since", BEFORE: "first seen", AFTER: "last verified"}
_BASIS_HINT = {BEFORE: "their date precedes our first observation",
               AFTER: "their date follows our last observation"}


@dataclass(frozen=True, order=True)
class Target:
    """What a list entry names, in our terms: an offering (``kind`` "offering": model slug, tier,
    region) or a pricing-page row (``kind`` "row": the row label as row_slug writes it)."""

    kind: str
    name: str
    tier: str = "standard"
    region: str = "global"
    via: str = field(default="", compare=False)  # the list's own id that names it, where not the entry's key


@dataclass(frozen=True)
class Quote:
    """A value as a list states it, in our unit (USD per 1M tokens, or tokens); ``raw`` is
    the list's own writing with its unit; ``rounded`` says float noise was rounded off."""

    amount: Decimal | int
    raw: str
    rounded: bool = False


@dataclass(frozen=True)
class ListEntry:
    """One entry of a list: its id as written, what it names, the date it speaks for, its values.
    ``checked`` is the list's own per-entry date where it has one (("checked", day)).
    ``removed``: the list records that the model disappeared on ``day``."""

    key: str
    targets: tuple[Target, ...]
    day: date
    quotes: dict[str, Quote] = field(default_factory=dict)
    checked: tuple[str, date] | None = None
    removed: bool = False


@dataclass(frozen=True)
class PublicList:
    """A parsed list: its name, file, date (None when dated per entry), entries and parse notes."""

    name: str
    file: str
    day: date | None
    entries: tuple[ListEntry, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class OurVersion:
    """One interval of our history: values from ``valid_from`` (inclusive) to ``valid_to``."""

    valid_from: datetime
    valid_to: datetime | None
    values: dict[str, Value]


@dataclass(frozen=True)
class OurOffering:
    """An offering of ours with its whole history (oldest first). ``row`` is the pricing-page row
    whose Standard column it was read from ("Kimi K3 US"), None for other offerings."""

    key: OfferingKey
    row: str | None
    versions: tuple[OurVersion, ...]
    last_verified: datetime
    delisted: datetime | None = None


@dataclass(frozen=True)
class Finding:
    """One field of one entry against one offering of ours."""

    list_name: str
    file: str
    kind: str
    offering: OfferingKey
    their_key: str
    field: str
    ours: Value | None
    our_day: date
    basis: str
    theirs: Quote | None
    their_day: date
    checked: tuple[str, date] | None = None
    hints: tuple[str, ...] = ()
    via: str = ""

    @property
    def agrees(self) -> bool:
        return self.kind == SAME


@dataclass(frozen=True)
class ListReport:
    """A list compared with our data: every finding, and the entries that match nothing of ours."""

    plist: PublicList
    findings: tuple[Finding, ...]
    unmatched: tuple[str, ...]
    matched: int


def row_slug(label: str) -> str:
    """A pricing-page row label as a slug: lowercase, every run of characters other than letters,
    digits and dots becomes "-" ("DeepSeek V4 Flash (0731)" -> "deepseek-v4-flash-0731")."""
    return re.sub(r"[^a-z0-9.]+", "-", label.lower()).strip("-")


def index_ours(ours: Iterable[OurOffering]) -> dict[Target, list[OurOffering]]:
    """Our offerings under every target that names them: their key, and their row's slug."""
    index: dict[Target, list[OurOffering]] = {}
    for offering in ours:
        key = offering.key
        index.setdefault(Target("offering", key.model, key.tier, key.region), []).append(offering)
        if offering.row:
            index.setdefault(Target("row", row_slug(offering.row)), []).append(offering)
    return index


def as_of(offering: OurOffering, day: date) -> tuple[OurVersion, date, str]:
    """Our version on ``day`` when our history covers it, else the nearest one; with the date
    that describes it (valid from, first seen, last verified) and where ``day`` fell."""
    first = offering.versions[0]
    if day < first.valid_from.date():
        return first, first.valid_from.date(), BEFORE
    version = next(v for v in reversed(offering.versions) if v.valid_from.date() <= day)
    ends = version.valid_to.date() if version.valid_to else offering.last_verified.date()
    inside = day < ends if version.valid_to else day <= ends
    if inside:
        return version, version.valid_from.date(), COVERED
    return version, offering.last_verified.date(), AFTER


def field_kind(ours: Value, theirs: Quote) -> str:
    """same / differs when we hold an amount; otherwise "ours_" and our state (ours_unknown...)."""
    if ours.has_amount:
        return SAME if ours.amount == theirs.amount else DIFFERS
    return f"ours_{ours.status.value}"


def compare_list(plist: PublicList, ours: Iterable[OurOffering]) -> ListReport:
    """Every entry of a list against the offerings of ours it names."""
    ours = list(ours)
    index = index_ours(ours)
    findings, unmatched, matched = [], [], 0
    for entry in plist.entries:
        offerings = _matches(entry, index)
        if not offerings:
            unmatched.append(entry.key)
            continue
        matched += 1
        for offering, via in offerings:
            findings += [replace(f, via=via) for f in compare_entry(plist, entry, offering, ours)]
    return ListReport(plist, tuple(findings), tuple(dict.fromkeys(unmatched)), matched)


def _matches(entry: ListEntry, index: dict[Target, list[OurOffering]]) -> list[tuple[OurOffering, str]]:
    """The offerings an entry names, each with the id that named it; each offering once."""
    found = {}
    for target in entry.targets:
        for offering in index.get(target, []):
            found.setdefault(offering.key, (offering, target.via))
    return [found[key] for key in sorted(found)]


def compare_entry(plist: PublicList, entry: ListEntry, offering: OurOffering,
                  ours: list[OurOffering]) -> list[Finding]:
    """The findings of one entry against one offering: a removal, or each field the entry states."""
    version, our_day, basis = as_of(offering, entry.day)
    base = Finding(plist.name, plist.file, SAME, offering.key, entry.key, LISTED, None, our_day, basis,
                   None, entry.day, entry.checked)
    if entry.removed:
        return [_removal(base, offering)]
    findings = []
    for name in COMPARED_FIELDS:
        if name not in entry.quotes:
            continue
        ours_value = version.values.get(name, Value(Status.UNKNOWN, None))
        theirs = entry.quotes[name]
        finding = replace(base, kind=field_kind(ours_value, theirs), field=name, ours=ours_value, theirs=theirs)
        findings.append(replace(finding, hints=value_hints(finding, offering, ours)))
    return findings


def _removal(base: Finding, offering: OurOffering) -> Finding:
    gone = offering.delisted is not None and offering.delisted.date() <= base.their_day
    hints = (_BASIS_HINT[base.basis],) if not gone and base.basis in _BASIS_HINT else ()
    return replace(base, kind=SAME if gone else REMOVED, hints=hints)


def value_hints(finding: Finding, offering: OurOffering, ours: list[OurOffering]) -> tuple[str, ...]:
    """What can be told mechanically about a disagreement: dates, our other values, rounding."""
    if finding.kind == SAME:
        return ()
    hints = [_BASIS_HINT[finding.basis]] if finding.basis in _BASIS_HINT else []
    amount = finding.theirs.amount
    hints += [f"equals our value from {_span(v)}" for v in offering.versions
              if _amount(v, finding.field) == amount and finding.kind == DIFFERS]
    hints += [f"same value as our {_where(o.key)}" for o in ours
              if o.key.model == offering.key.model and o.key != offering.key and finding.kind == DIFFERS
              and _amount(as_of(o, finding.their_day)[0], finding.field) == amount]
    if finding.kind == "ours_not_offered" and amount == 0:
        hints.append("they write 0 where the source says there is no such price")
    if finding.theirs.rounded:
        hints.append(f"rounded from {finding.theirs.raw}")
    return tuple(hints)


def _amount(version: OurVersion, name: str) -> Decimal | int | None:
    value = version.values.get(name)
    return value.amount if value is not None and value.has_amount else None


def _span(version: OurVersion) -> str:
    end = version.valid_to.date().isoformat() if version.valid_to else "now"
    return f"{version.valid_from.date().isoformat()} to {end}"


def _where(key: OfferingKey) -> str:
    return key.tier if key.region == "global" else f"{key.tier}, {key.region}"


def corroborate(reports: list[ListReport]) -> list[ListReport]:
    """Each disagreement told which other lists agree with us or with them on the same field."""
    everything = [f for report in reports for f in report.findings if f.theirs is not None]
    return [replace(report, findings=tuple(_with_others(f, everything) for f in report.findings))
            for report in reports]


def _with_others(finding: Finding, everything: list[Finding]) -> Finding:
    if finding.agrees or finding.theirs is None:
        return finding
    others = [f for f in everything if f.file != finding.file and f.offering == finding.offering
              and f.field == finding.field]
    ours = finding.ours.amount if finding.ours is not None and finding.ours.has_amount else None
    with_us = _names(f for f in others if ours is not None and f.theirs.amount == ours)
    with_them = _names(f for f in others if f.theirs.amount == finding.theirs.amount)
    hints = ([f"agrees with us: {with_us}"] if with_us else []) + ([f"agrees with them: {with_them}"]
                                                                   if with_them else [])
    return replace(finding, hints=finding.hints + tuple(hints))


def _names(findings: Iterable[Finding]) -> str:
    return ", ".join(dict.fromkeys(f"{f.list_name} {f.their_day.isoformat()}" for f in findings))


def show(value: Value | Quote | None, field_name: str) -> str:
    """A value for people: $0.30 for money, 262,144 for limits, or our state (unknown...)."""
    if value is None:
        return "listed"
    if isinstance(value, Value) and not value.has_amount:
        return value.status.value.replace("_", " ")
    if field_name in LIMITS:
        return f"{value.amount:,}"
    return format_usd(Decimal(value.amount))


def describe_ours(finding: Finding) -> str:
    """Our side of a finding: the value and the date it stands on ("$0.07 (first seen 2026-08-26)")."""
    return f"{show(finding.ours, finding.field)} ({_BASIS_TEXT[finding.basis]} {finding.our_day.isoformat()})"


def describe_theirs(finding: Finding) -> str:
    """Their side: the value and its date, with the list's own per-entry date when it has one."""
    value = "removed" if finding.field == LISTED else show(finding.theirs, finding.field)
    checked = f", {finding.checked[0]} {finding.checked[1].isoformat()}" if finding.checked else ""
    return f"{value} ({finding.their_day.isoformat()}{checked})"
