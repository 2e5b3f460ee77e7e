"""Groq: prices and limits from its "Supported Models" docs page, in its Markdown rendering.

Source: https://console.groq.com/docs/models.md (no key; the capture's URL is assumed, see
../shared/fixtures/PROVENANCE.md). Three tables: Production Models, Production Systems and
Preview Models, each with MODEL ID, PRICE PER 1M TOKENS, CONTEXT WINDOW (TOKENS) and MAX
COMPLETION TOKENS. A price cell is "$0.15 input$0.60 output" (per 1M tokens), a price in
another unit ("$0.111 per hour", "$40.00 per 1M characters", kept in that unit),
"ContactSales" (no price to read) or "-" (not stated).
"""

from __future__ import annotations

import re

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, limit, price, unknown
from scrapers._base import Fetched, Source
from scrapers._markdown import sections, table

PROVIDER = Provider("groq", "Groq", "https://groq.com")
MODELS_URL = "https://console.groq.com/docs/models.md"
SOURCES = (Source("models", MODELS_URL, kind="page", expects="text/markdown"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=5)  # 16 models and systems in 2026

TABLES = ("Production Models", "Production Systems", "Preview Models")
COLUMNS = {"id": "MODEL ID", "price": "PRICE PER 1M TOKENS", "context": "CONTEXT WINDOW (TOKENS)",
           "output": "MAX COMPLETION TOKENS"}
_MODEL_CELL = re.compile(r"^\[!\[[^\]]*\]\([^)]*\)(?P<name>.*?)\]\((?P<link>[^)]*)\)(?P<tail>.+)$")
_TOKEN_PRICES = re.compile(r"^(?P<input>\$[\d.,]+) input\s*(?P<output>\$[\d.,]+) output$")
# Prices in other units, by the words after the amount; the unit they are kept in.
OTHER_UNITS = {"per hour": ("audio_hour", "USD per hour of audio"),
               "per 1M characters": ("characters", "USD per 1M characters")}
NO_PRICE = ("ContactSales", "-")


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per row of the three tables."""
    page = fetched.pages["models"][0]
    found = sections(page.text())
    offerings, unpriced = [], []
    for title in TABLES:
        if title not in found:
            raise ParseError(f"{page.url}: table {title!r} not found")
        header, rows = table(found[title], page.url, title)
        at = _columns(header, page.url, title)
        for row in rows:
            offering = _offering(row, at, page.url, title)
            offerings.append(offering)
            if row[at["price"]] == "ContactSales":
                unpriced.append(offering.key.model)
    warnings = [f"no price to read for {', '.join(unpriced)} (\"ContactSales\"): recorded as unknown"] \
        if unpriced else []
    return ScrapeResult(offerings, {MODELS_URL}, warnings)


def _columns(header: list[str], url: str, title: str) -> dict[str, int]:
    missing = [name for name in COLUMNS.values() if name not in header]
    if missing:
        raise ParseError(f"{url}: table {title!r} has no column {missing[0]!r} (columns: {header})")
    return {key: header.index(name) for key, name in COLUMNS.items()}


def _offering(row: list[str], at: dict[str, int], url: str, title: str) -> Offering:
    model_id, name = _model(row[at["id"]], url, title)
    source = Provenance(url, f"{title} · {model_id}", raw=row[at["price"]])
    values = _prices(row[at["price"]], source, url)
    values["context_window"] = _limit(row[at["context"]], Provenance(url, f"{title} · {model_id} · context"), url)
    values["max_output_tokens"] = _limit(row[at["output"]], Provenance(url, f"{title} · {model_id} · max completion"),
                                         url)
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, MODELS_URL)


def _model(cell: str, url: str, title: str) -> tuple[str, str]:
    """The model id and name of a MODEL ID cell: "[![logo](...)Name](/docs/model/org/id)[badge]org/id"."""
    match = _MODEL_CELL.match(cell)
    if not match:
        raise ParseError(f"{url}: {title!r}: model cell {cell[:60]!r} is not '[logo name](link)id'")
    tail, path = match.group("tail"), match.group("link").removeprefix("/docs/model/")
    # The id follows the link, after an optional badge ("Enterprise"): the link's path ends it.
    model_id = path if tail.endswith(path) else tail.removeprefix("Enterprise")
    return model_id, match.group("name")


def _prices(cell: str, source: Provenance, url: str) -> dict[str, Value]:
    values = {f: unknown(source) for f in PRICE_FIELDS}
    if cell in NO_PRICE:
        return values
    if match := _TOKEN_PRICES.match(cell):
        return values | {f: price(parse_dollars(match.group(f)), source) for f in ("input", "output")}
    for words, (kind, unit) in OTHER_UNITS.items():
        amount = cell.removesuffix(" " + words)
        if amount != cell:  # a price in another unit: kept in it, never in the per-token fields
            return values | {OTHER_PREFIX + kind: price(parse_dollars(amount), source, unit)}
    raise ParseError(f"{url}: {source.label}: price cell {cell!r} is not in a known form")


def _limit(cell: str, source: Provenance, url: str) -> Value:
    if cell == "-":
        return unknown(source, TOKENS)
    if not re.fullmatch(r"\d{1,3}(,\d{3})*|\d+", cell):
        raise ParseError(f"{url}: {source.label}: {cell!r} is not a token count")
    return limit(int(cell.replace(",", "")), source)
