"""Groq: prices and limits from its "Supported Models" docs page, in its Markdown rendering.

Source: https://console.groq.com/docs/models.md (no key; the capture's URL is assumed, see
../shared/fixtures/PROVENANCE.md). Three tables: Production Models, Production Systems and
Preview Models, each with MODEL ID, PRICE PER 1M TOKENS, CONTEXT WINDOW (TOKENS) and MAX
COMPLETION TOKENS. A price cell is "$0.15 input$0.60 output" (per 1M tokens), a price in
another unit ("$0.111 per hour", "$40.00 per 1M characters", kept in that unit),
"ContactSales" (no price to read) or "-" (not stated). "Free" (scrapers/_words.py) is free (alone: input and
output, the column's unit); a struck-through list price ("~~$0.30~~ $0.15 input") is kept as
other:<field>_list_price. A footnote mark after a model id ("(1)", "¹", "*") is not part of it.

Read strictly (the run fails): the Production Models table and its columns. Named and skipped
(see scrapers/_partial.py): a row the parser cannot read (its model, when the row names one, is
left unobserved), the Production Systems or Preview Models table when missing or of other
columns, and a table under any other heading (a table the parser does not know).
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from decimal import Decimal

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, USD_PER_MTOK, Provenance, Value, limit, price, unknown
from scrapers._base import Fetched, Source
from scrapers._markdown import cells_of, sections, table
from scrapers._partial import Parts
from scrapers._words import FREE_WORD, MARK, is_free

PROVIDER = Provider("groq", "Groq", "https://groq.com")
MODELS_URL = "https://console.groq.com/docs/models.md"
SOURCES = (Source("models", MODELS_URL, kind="page", expects="text/markdown"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=5)  # 16 models and systems in 2026

MAIN = "Production Models"  # the catalogue: without it, or with other columns, the run fails
TABLES = (MAIN, "Production Systems", "Preview Models")
COLUMNS = {"id": "MODEL ID", "price": "PRICE PER 1M TOKENS", "context": "CONTEXT WINDOW (TOKENS)",
           "output": "MAX COMPLETION TOKENS"}
_MODEL_CELL = re.compile(r"^\[!\[[^\]]*\]\([^)]*\)(?P<name>.*?)\]\((?P<link>[^)]*)\)(?P<tail>.+)$")
_DOLLARS = r"\$(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_FOOTNOTE = re.compile(rf"(?:\s*(?:{MARK}|\\\*))+$")  # scrapers/_words.py's marks, and Markdown's escaped "id\*"


def _priced(name: str) -> str:
    """A price as written, and the struck-through list price before it if any: "~~$0.30~~ $0.15"."""
    return rf"(?:~~(?P<{name}_list>{_DOLLARS})~~\s*)?(?P<{name}>{_DOLLARS}|{FREE_WORD}{MARK}*)"


_TOKEN_PRICES = re.compile(rf"^{_priced('input')} input\s*{_priced('output')} output$")
# Prices in other units, by the words after the amount; the unit they are kept in.
OTHER_UNITS = {"per hour": ("audio_hour", "USD per hour of audio"),
               "per 1M characters": ("characters", "USD per 1M characters")}
_OTHER_PRICE = re.compile(rf"^{_priced('amount')} (?P<words>{'|'.join(OTHER_UNITS)})$")
NO_PRICE = ("ContactSales", "-")


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per row of the three tables."""
    page = fetched.pages["models"][0]
    found, parts = sections(page.text()), Parts(page.url)
    offerings = []
    for title in TABLES:
        with nullcontext() if title == MAIN else parts.table(title):  # the main table's loss fails the run
            offerings += _table(found.get(title), title, page.url, parts)
    for title in (t for t, lines in found.items() if t not in TABLES and _table_lines(lines)):
        with parts.table(title):  # a new table: its rows may price anything, none is named
            raise ParseError(f"{page.url}: a table under {title!r}, not one of {list(TABLES)}")
    unpriced = [o.key.model for o in offerings if o.values["input"].provenance.raw == "ContactSales"]
    warnings = [f"no price to read for {', '.join(unpriced)} (\"ContactSales\"): recorded as unknown"] \
        if unpriced else []
    return ScrapeResult(offerings + parts.placeholders, {MODELS_URL}, warnings, parts.unread)


def _table_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if line.lstrip().startswith("|")]


def _table(lines: list[str] | None, title: str, url: str, parts: Parts) -> list[Offering]:
    """The offerings of a table's rows, each row read on its own."""
    if lines is None:
        raise ParseError(f"{url}: table {title!r} not found")
    head = _table_lines(lines)[:2]
    at = _columns(table(head, url, title)[0], url, title)
    offerings = []
    for line in _table_lines(lines)[2:]:
        cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))  # the MODEL ID cell, to name the row
        cell = cells[at["id"]].strip().replace("\\-", "-") if at["id"] < len(cells) else line.strip()
        model = _MODEL_CELL.match(cell)
        with parts.row(title, _model_id(model) if model else cell[:60], model and _model_id(model)):
            header, (row,) = table([*head, line], url, title)
            row = cells_of(header, row, url, title)  # a row of another cell count is named alone
            offerings.append(_offering(row, at, model, url, title))
    return offerings


def _columns(header: list[str], url: str, title: str) -> dict[str, int]:
    missing = [name for name in COLUMNS.values() if name not in header]
    if missing:
        raise ParseError(f"{url}: table {title!r} has no column {missing[0]!r} (columns: {header})")
    return {key: header.index(name) for key, name in COLUMNS.items()}


def _offering(row: list[str], at: dict[str, int], model: re.Match[str] | None, url: str, title: str) -> Offering:
    if model is None:
        raise ParseError(f"{url}: {title!r}: model cell {row[at['id']][:60]!r} is not '[logo name](link)id'")
    model_id = _model_id(model)
    source = Provenance(url, f"{title} · {model_id}", raw=row[at["price"]])
    values = _prices(row[at["price"]], source, url)
    values["context_window"] = _limit(row[at["context"]], Provenance(url, f"{title} · {model_id} · context"), url)
    values["max_output_tokens"] = _limit(row[at["output"]], Provenance(url, f"{title} · {model_id} · max completion"),
                                         url)
    return Offering(OfferingKey(model_id), ModelInfo(model_id, model.group("name")), values, MODELS_URL)


def _model_id(match: re.Match[str]) -> str:
    """The id of a MODEL ID cell "[![logo](...)Name](/docs/model/org/id)[badge]org/id[footnote mark]"."""
    tail, path = _FOOTNOTE.sub("", match.group("tail")), match.group("link").removeprefix("/docs/model/")
    # The id follows the link, after an optional badge ("Enterprise"): the link's path ends it.
    return path if tail.endswith(path) else tail.removeprefix("Enterprise")


def _prices(cell: str, source: Provenance, url: str) -> dict[str, Value]:
    values = {f: unknown(source) for f in PRICE_FIELDS}
    if cell in NO_PRICE:
        return values
    if is_free(cell):  # alone, in the column's unit: both token prices are free
        cell = "Free inputFree output"
    if match := _TOKEN_PRICES.match(cell):
        return values | _stated(match, {"input": "input", "output": "output"}, USD_PER_MTOK, source)
    if match := _OTHER_PRICE.match(cell):  # a price in another unit: kept in it, never in the per-token fields
        kind, unit = OTHER_UNITS[match["words"]]
        return values | _stated(match, {"amount": OTHER_PREFIX + kind}, unit, source)
    raise ParseError(f"{url}: {source.label}: price cell {cell!r} is not in a known form")


def _stated(match: re.Match[str], fields: dict[str, str], unit: str, source: Provenance) -> dict[str, Value]:
    """The prices a cell's match names (group -> field), with the struck-through list prices beside them."""
    values = {}
    for group, field in fields.items():
        values[field] = price(_dollars(match[group]), source, unit)
        if match[f"{group}_list"]:
            values[f"{OTHER_PREFIX}{field.removeprefix(OTHER_PREFIX)}_list_price"] = price(
                _dollars(match[f"{group}_list"]), source, unit)
    return values


def _dollars(written: str) -> Decimal:
    return Decimal(0) if is_free(written) else parse_dollars(written)  # "Free" stays in the raw text


def _limit(cell: str, source: Provenance, url: str) -> Value:
    if cell == "-":
        return unknown(source, TOKENS)
    if not re.fullmatch(r"\d{1,3}(,\d{3})*|\d+", cell):
        raise ParseError(f"{url}: {source.label}: {cell!r} is not a token count")
    return limit(int(cell.replace(",", "")), source)
