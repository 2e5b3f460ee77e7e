"""MiniMax: pay-as-you-go prices from its docs, in their Markdown renderings.

Sources: https://platform.minimax.io/docs/guides/pricing-paygo.md (every price; lists the offerings) and
https://platform.minimax.io/docs/guides/models-intro.md (optional: the limits its Language tables state in
prose, "1M context window", "Context Length: 200k tokens", "Maximum Output: 128k tokens"; such rounded counts
are kept as written in provenance and recorded as unknown, an exact count is read). Without it the limits are
unobserved (they keep their stored values) and a warning says so.

Token prices are written "\\$0.30 / M tokens". MiniMax-M3's discounted prices stand beside struck-through list
prices ("~~\\$0.60~~ \\$0.30"): the price charged is read, the list price kept as other:<field>_list_price. Its
Standard and Priority tabs are tiers; its "≤ 512k input tokens" row gives the base fields, its "> 512k" row
other:<field>_above_512k. Other units are kept in them: other:audio_hour, other:characters_sync / _async (per M
characters, by T2A endpoint), other:video_<resolution> (per second), other:video_<resolution>_<n>s (per video),
other:music (per up-to-5 minutes), other:song, other:image, other:request. Model ids are the page's names (the
API's); the labels "Speech Recognition" and "Lyrics Generation" in lower case with hyphens. "(Discontinued)" music
APIs keep their prices (closed to new users from August 20, 2026, still billed to existing ones).
Not read, said in one warning: Voice Management (per voice, no model), the video input-material tables (billing
rules in prose with free allowances) and Server Tools (a per-request tool fee, no model).
A "Pricing Update Notice" dated after the page's fetch time becomes an Announced price of the model it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import (
    LIMIT_FIELDS,
    OTHER_PREFIX,
    PRICE_FIELDS,
    TIERS,
    Announced,
    ModelInfo,
    Offering,
    OfferingKey,
    Provider,
    ScrapeResult,
)
from core.values import TOKENS, USD_PER_MTOK, Provenance, Value, limit, price, unknown
from scrapers._base import Fetched, Page, Source
from scrapers._markdown import table

PROVIDER = Provider("minimax", "MiniMax", "https://www.minimax.io")
PRICING_URL = "https://platform.minimax.io/docs/guides/pricing-paygo.md"
MODELS_URL = "https://platform.minimax.io/docs/guides/models-intro.md"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/markdown"),
           Source("models", MODELS_URL, kind="page", expects="text/markdown", required=False))
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=10)  # 31 offerings (43 price rows) in 2026

SECTIONS = ("LLM", "Audio", "Video", "Music", "Image", "MCP")  # each must yield a price row
NAME_COLUMNS = ("Model", "Model / API", "API")  # the first present names the model
PRICE_COLUMNS = {"Input": "input", "Input Price": "input", "Output": "output", "Output Price": "output",
                 "Prompt caching Read": "cached_input", "Prompt caching Write": "cache_write",
                 "Price": None, "List Price": None}  # None: the unit says what is priced
OTHER_COLUMNS = {"API", "Resolution", "Description", "Endpoint", "Billing Rules"}
SKIPPED = {"Material Type", "Notes", "Server Tool"}  # marks a table not read (see the docstring)
APIS = {"T2A (Sync)": "sync", "T2A": "sync", "T2A Async": "async"}  # the legacy table's "T2A" is the sync one
UNITS = ((r"/M tokens", "", USD_PER_MTOK), (r"/hour", "audio_hour", "USD per hour"),
         (r"/M characters", "characters", "USD per M characters"), (r"/second", "video", "USD per second"),
         (r"per (\d+P), (\d+s) video", "video_{0}_{1}", "USD per video"),
         (r"/up-to-5 minutes music", "music", "USD per up-to-5 minutes music"), (r"/per song", "song", "USD per song"),
         (r"per image", "image", "USD per image"), (r"/request", "request", "USD per request"))
_DOLLARS = r"\$(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_PRICE = re.compile(rf"(?:~~(?P<list>{_DOLLARS})~~\s*)?(?P<amount>{_DOLLARS})\s*(?P<unit>.+)")
_HEADING, _TITLE = re.compile(r"#{2,3}\s+([^<]+?)\s*(?:<.*)?"), re.compile(r"\*\*([^*]+)\*\*")
_ACCORDION, _TAB = re.compile(r'<Accordion title="([^"]*)">'), re.compile(r'<Tab title="([^"]*)">')
_COUNT = r"(\d[\d,]*[kM]?)"
LIMITS = (("context_window", rf"Context Length: {_COUNT} tokens"), ("context_window", rf"\b{_COUNT} context window"),
          ("max_output_tokens", rf"Maximum Output: {_COUNT} tokens"))
_NOTICE = re.compile(r"Effective (?P<date>\w+ \d{1,2}, \d{4}), the (?P<model>\S+) price will be adjusted to "
                     rf"(?P<amount>{_DOLLARS}) per (?:call|request)\b")


@dataclass
class _Table:
    section: str
    title: str
    tab: str
    lines: list[str] = field(default_factory=list)


_Found = dict[OfferingKey, tuple[str, dict[str, Value]]]  # per offering: the model's name as written, its prices


def parse(fetched: Fetched) -> ScrapeResult:
    """One offering per model and tier priced on the pay-as-you-go page; limits from the models page."""
    page = fetched.pages["pricing"][0]
    found: _Found = {}
    skipped, sections = [], set()
    for tbl in _tables(page.text()):
        header, rows = table(tbl.lines, page.url, tbl.title)
        if SKIPPED & {h.strip("*") for h in header}:
            skipped.append(tbl.title)
        elif _read(tbl, [h.strip("*") for h in header], rows, page.url, found):
            sections.add(tbl.section)
    if missing := [s for s in SECTIONS if s not in sections]:
        raise ParseError(f"{page.url}: no price row under {missing[0]!r}")
    limits, failure = _models_limits(fetched)
    offerings = [_offering(key, name, values, limits, page.url) for key, (name, values) in found.items()]
    warnings = [f"tables not read (no per-model price column): {', '.join(skipped)}"] if skipped else []
    if failure:
        warnings.append(f"models page not read ({failure}): context windows and max outputs stay as stored")
    return ScrapeResult(offerings, {PRICING_URL}, warnings + _announce(page, offerings))


def _tables(text: str) -> list[_Table]:
    """Every table of a page, with the heading, bold title or accordion above it and the tab it sits in."""
    tables, current, section, title, tab = [], None, "", "", ""
    for line in map(str.strip, text.splitlines()):
        if line.startswith("|"):
            if current is None:
                tables.append(current := _Table(section, title, tab))
            current.lines.append(line)
            continue
        current = None
        if match := _HEADING.fullmatch(line):
            section = title = match.group(1)
        elif match := _TITLE.fullmatch(line) or _ACCORDION.fullmatch(line):
            title = match.group(1) if line.startswith("**") else f"{section} · {match.group(1)}"
        elif match := _TAB.fullmatch(line):
            tab = match.group(1)
        elif line == "</Tabs>":
            tab = ""
    return tables


def _read(tbl: _Table, header: list[str], rows: list[list[str]], url: str, found: _Found) -> bool:
    """Add a table's prices to ``found``; True when it had a price row."""
    if unknown_columns := [c for c in header if c not in PRICE_COLUMNS and c not in OTHER_COLUMNS | {*NAME_COLUMNS}]:
        raise ParseError(f"{url}: table {tbl.title!r}: unknown column {unknown_columns[0]!r}")
    if not (named_by := next((c for c in NAME_COLUMNS if c in header), None)):
        raise ParseError(f"{url}: table {tbl.title!r} has no column naming the model (columns: {header})")
    tier = (tbl.tab or "Standard").rstrip("*").lower()  # "Priority*": the asterisk points at the tab's footnote
    if tier not in TIERS:
        raise ParseError(f"{url}: tab {tbl.tab!r} is not a tier")
    for row in rows:
        _row(dict(zip(header, row, strict=True)), named_by, tier, tbl, url, found)
    return bool(rows)


def _row(cells: dict[str, str], named_by: str, tier: str, tbl: _Table, url: str, found: _Found) -> None:
    head, _, band = cells[named_by].partition("<br />")
    suffix = _qualifier(cells, named_by, url, tbl.title) + _band(band, url, tbl.title)
    for name in _plain(head).removesuffix(" (Discontinued)").split(" / "):  # "speech-2.6-hd / speech-02-hd"
        key = OfferingKey(name if " " not in name else name.lower().replace(" ", "-"), tier)
        values = found.setdefault(key, (name, {}))[1]
        for column in (c for c in cells if c in PRICE_COLUMNS):
            label = " · ".join(filter(None, (tbl.title, tbl.tab, _plain(cells[named_by]), column)))
            for priced, value in _prices(cells[column], PRICE_COLUMNS[column], suffix,
                                         Provenance(url, label, raw=cells[column])).items():
                if priced in values:
                    raise ParseError(f"{url}: {key} {priced} is priced twice")
                values[priced] = value


def _plain(cell: str) -> str:
    """A cell's text: tags, bold, escapes and link targets removed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"<[^>]*>", " ", cell))
    return " ".join(text.replace("**", "").replace("\\", "").split())


def _qualifier(cells: dict[str, str], named_by: str, url: str, where: str) -> str:
    """What tells a model's prices apart within a table: the video resolution, the T2A endpoint."""
    if "Resolution" in cells:
        return "_" + re.sub(r"[^a-z0-9]+", "_", cells["Resolution"].lower().replace("→", "to")).strip("_")
    if named_by != "API" and "API" in cells:
        if (api := _plain(cells["API"])) not in APIS:
            raise ParseError(f"{url}: table {where!r}: unknown API {api!r}")
        return "_" + APIS[api]
    return ""


def _band(text: str, url: str, where: str) -> str:
    """'≤ 512k input tokens' prices the base fields, '> 512k input tokens' the fields above 512k."""
    text = re.sub(r"<span.*?</span>|\\\*", "", text).strip()  # the discount badge; a footnote mark
    if not text:
        return ""
    if not (match := re.fullmatch(r"(≤|>) (\d+k) input tokens", text)):
        raise ParseError(f"{url}: table {where!r}: input band {text!r} is not '≤ <n>k' or '> <n>k input tokens'")
    return "" if match.group(1) == "≤" else f"_above_{match.group(2).lower()}"


def _prices(cell: str, token_field: str | None, suffix: str, source: Provenance) -> dict[str, Value]:
    """The price charged, and the struck-through list price beside it if any."""
    if not (match := _PRICE.fullmatch(" ".join(cell.replace("\\$", "$").split()))):
        raise ParseError(f"{source.source}: {source.label}: {cell!r} is not a price")
    stem, unit = _unit(re.sub(r"\s*/\s*", "/", match["unit"]), token_field, source)
    name = stem + suffix  # "input_above_512k", "video_768p", "characters_async"
    field_name = name if name in PRICE_FIELDS else OTHER_PREFIX + name
    values = {field_name: price(parse_dollars(match["amount"]), source, unit)}
    if match["list"]:
        values[f"{OTHER_PREFIX}{name}_list_price"] = price(parse_dollars(match["list"]), source, unit)
    return values


def _unit(written: str, token_field: str | None, source: Provenance) -> tuple[str, str]:
    """The field a price goes to (before its suffix) and its unit, from the unit written after the amount."""
    for pattern, stem, unit in UNITS:
        if not (found := re.fullmatch(pattern, written)):
            continue
        if unit != USD_PER_MTOK:
            return stem.format(*map(str.lower, found.groups())), unit
        if token_field is None:
            raise ParseError(f"{source.source}: {source.label}: a token price in a column naming no token kind")
        return token_field, unit
    raise ParseError(f"{source.source}: {source.label}: unknown unit {written!r} in {source.raw!r}")


def _models_limits(fetched: Fetched) -> tuple[dict[str, dict[str, Value]] | None, str | None]:
    """Per model name, the limits the models page states; None and why when it could not be read (it is optional)."""
    if "models" not in fetched.pages:
        return None, fetched.failures.get("models", "no response")
    page = fetched.pages["models"][0]
    try:
        tables = [t for t in _tables(page.text()) if t.section == "Language"]
        if not tables:
            raise ParseError(f"{page.url}: no table under 'Language'")
        return dict(_row_limits(row, page.url) for t in tables for row in table(t.lines, page.url, t.title)[1]), None
    except ParseError as exc:
        return None, str(exc)


def _row_limits(row: list[str], url: str) -> tuple[str, dict[str, Value]]:
    name, text = _plain(row[0]), _plain(" ".join(row))
    values = {f: unknown(Provenance(url, f"Language · {name}"), TOKENS) for f in LIMIT_FIELDS}
    for limit_field, pattern in LIMITS:
        for match in re.finditer(pattern, text):
            written = values[limit_field].provenance.raw
            if written is not None and written != match.group(1):
                raise ParseError(f"{url}: {name}: two different {limit_field} values")
            values[limit_field] = _limit(match.group(1), Provenance(url, f"Language · {name}", raw=match.group(1)))
    return name, values


def _limit(written: str, source: Provenance) -> Value:
    # "200k", "1M" are rounded by the page (MiniMax-M2's "200k" is 196,608 tokens on other routes):
    # kept as written in provenance, the exact count unknown, as for Public AI and DeepSeek.
    if written[-1] in "kM":
        return unknown(source, TOKENS)
    return limit(int(written.replace(",", "")), source)


def _offering(key: OfferingKey, name: str, values: dict[str, Value], limits: dict | None, url: str) -> Offering:
    full = {f: unknown(Provenance(url, name)) for f in PRICE_FIELDS} | values
    if limits is None:  # the models page was not read: the stored limits stand
        return Offering(key, ModelInfo(key.model, name), full, PRICING_URL, frozenset(LIMIT_FIELDS))
    stated = limits.get(name) or {f: unknown(Provenance(MODELS_URL, name), TOKENS) for f in LIMIT_FIELDS}
    return Offering(key, ModelInfo(key.model, name), full | stated, PRICING_URL)


def _announce(page: Page, offerings: list[Offering]) -> list[str]:
    """Attach the notices' future prices to their offerings; warnings for notices not understood or contradicted."""
    warnings, by_model = [], {o.key.model: o for o in offerings if o.key.tier == "standard"}
    for line in (line for line in page.text().splitlines() if "Pricing Update Notice" in line):
        match = _NOTICE.search(line.replace("\\$", "$"))
        if not match or match["model"] not in by_model or not (when := _date(match["date"])):
            warnings.append(f"{page.url}: a pricing notice not understood: {_plain(line)[:200]!r}")
            continue
        offering = by_model[match["model"]]
        value = price(parse_dollars(match["amount"]), Provenance(page.url, f"Pricing Update Notice · {match['model']}",
                                                                 raw=match.group(0)), "USD per request")
        if when > page.fetched_at.date():  # announced ahead: stored apart, never applied early
            offering.announced += (Announced(OTHER_PREFIX + "request", value, when),)
        elif offering.values.get(OTHER_PREFIX + "request") != value:
            warnings.append(f"{page.url}: {offering.key}: the notice's price in force since {when} is not the table's")
    return warnings


def _date(written: str) -> date | None:
    try:
        return datetime.strptime(written, "%B %d, %Y").date()
    except ValueError:
        return None
