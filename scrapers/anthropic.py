"""Anthropic (Claude API): prices from its pricing docs page, in its Markdown rendering.

Source: https://docs.claude.com/en/docs/about-claude/pricing.md (prices in USD, "MTok" = 1M tokens).
Every price cell is written "\\$<amount> / MTok" (Markdown escapes the dollar sign). Read:
- "Model pricing": Model | Base Input Tokens | 5m Cache Writes | 1h Cache Writes | Cache Hits & Refreshes |
  Output Tokens -> the standard tier's input, cache_write (5 minutes, the default), other:cache_write_1h,
  cached_input and output.
- "Batch processing": Model | Batch input | Batch output -> the batch tier's input and output, as stated (not
  derived from the stated discount). The page states no batch cache prices: unknown.
- "Long context pricing": one table "≤ 200K input tokens | > 200K input tokens" with an Input and an Output row,
  for the models its opening sentence names. The prices above the threshold go on those models' standard
  offerings as other:input_above_200k and other:output_above_200k; the "≤" prices must equal their base prices.
  Long-context cache and batch prices are given only as rules (multipliers "on top", the batch discount): not derived.
Model ids: the page gives labels, not API ids, so the id is the label in lower case with hyphens ("Claude Opus 4.1"
-> "claude-opus-4-1"; "Claude Haiku 3" -> "claude-haiku-3", not the API's "claude-3-haiku-..."). A label's
"([deprecated](...))" note is kept in the provenance label. The page states no context windows or output limits.
Priced tools, tied to no model: the price sentence of "Web search tool" and of "Code execution tool" -> an offering
of kind "price_class", tier standard, id "tool/<heading less ' tool', in lower case with hyphens>", its price in its
unit (other:search "USD per 1,000 searches", other:container_hour "USD per container-hour"; the daily free hours kept
in the raw text), token fields and limits unknown. A "$" in any other tool section is a layout change.
Not read (one warning per run): tool token overheads (system prompt, bash, text editor, computer use: extra tokens
at the model's prices, not prices; web fetch: no charge beyond tokens); third-party platforms price on their pages.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, not_offered, price, unknown
from scrapers._base import Fetched, Source
from scrapers._markdown import sections, table

PROVIDER = Provider("anthropic", "Anthropic", "https://www.anthropic.com")
PRICING_URL = "https://docs.claude.com/en/docs/about-claude/pricing.md"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/markdown"),)
PARSER_VERSION = "2"
GUARD = GuardPolicy(min_offerings=6)  # 9 models x (standard, batch) + 2 tools = 20 offerings in late 2025

STANDARD = {"Base Input Tokens": "input", "5m Cache Writes": "cache_write",
            "1h Cache Writes": OTHER_PREFIX + "cache_write_1h", "Cache Hits & Refreshes": "cached_input",
            "Output Tokens": "output"}
BATCH = {"Batch input": "input", "Batch output": "output"}
TABLES = {"Model pricing": ("standard", STANDARD), "Batch processing": ("batch", BATCH)}
LONG_CONTEXT = "Long context pricing"
LONG_FIELDS = {"Input": "input", "Output": "output"}
NOT_OFFERED = ("-", "—", "N/A", "Not available")
TOOLS = {  # section: (its price sentence, other: field, unit); the free allowance is kept in the raw text
    "Web search tool": (r"available on the Claude API for (\$[\d.,]+) per 1,000 searches", "search",
                        "USD per 1,000 searches"),
    "Code execution tool": (r"Each organization receives \d+ free hours [^.]*\. Additional usage beyond the first \d+ "
                            r"hours is billed at (\$[\d.,]+) per hour, per container\.", "container_hour",
                            "USD per container-hour")}
NOT_READ = ("not read: tool token overheads (extra tokens at the model's prices, not prices); third-party platform "
            "prices (Bedrock, Vertex AI, Foundry: on their own pages)")
_MODEL = re.compile(r"^(?P<name>[^()\[\]]+?)(?:\s+\(\[(?P<note>[^\]]+)\]\([^)]*\)\))?$")
_PRICE = re.compile(r"^(?P<amount>\$[\d.,]+) / MTok$")
_LONG_CELL = re.compile(r"^(?P<kind>\w+): (?P<price>.+)$")
_THRESHOLD = re.compile(r"^(?P<side>≤|>) (?P<threshold>\d+K) input tokens$")
_LONG_MODELS = re.compile(r"When using (?P<models>.+?) with the ")


def parse(fetched: Fetched) -> ScrapeResult:
    """A standard and a batch offering per model, long-context prices on those they apply to; the priced tools."""
    page = fetched.pages["pricing"][0]
    found = sections(page.text())
    offerings = [o for title, (tier, columns) in TABLES.items() for o in _table(found, title, tier, columns, page.url)]
    _long_context(found, {o.model.name: o for o in offerings if o.key.tier == "standard"}, page.url)
    return ScrapeResult(offerings + _tools(found, page.url), {PRICING_URL}, [NOT_READ])


def _rows(found: dict[str, list[str]], title: str, url: str) -> tuple[list[str], list[list[str]]]:
    if title not in found:
        raise ParseError(f"{url}: section {title!r} not found")
    return table(found[title], url, title)


def _table(found: dict[str, list[str]], title: str, tier: str, columns: dict[str, str], url: str) -> list[Offering]:
    header, rows = _rows(found, title, url)
    if header != ["Model", *columns]:
        unknown_columns = [c for c in header[1:] if c not in columns]
        named = f" (unknown column {unknown_columns[0]!r})" if unknown_columns else ""
        raise ParseError(f"{url}: table {title!r} has columns {header}, not {['Model', *columns]}{named}")
    return [_offering(row, header, tier, columns, url) for row in rows]


def _offering(row: list[str], header: list[str], tier: str, columns: dict[str, str], url: str) -> Offering:
    match = _MODEL.match(row[0])
    if not match:
        raise ParseError(f"{url}: model cell {row[0]!r} is not '<name>' or '<name> ([note](link))'")
    name = match["name"]
    written = f"{name} ({match['note']})" if match["note"] else name  # "(deprecated)" stays readable
    model_id = _slug(name)
    values = _unknowns(Provenance(url, f"{written} · {tier}"))
    for column, cell in zip(header[1:], row[1:], strict=True):
        values[columns[column]] = _price(cell, Provenance(url, f"{written} · {column}", raw=cell))
    return Offering(OfferingKey(model_id, tier), ModelInfo(model_id, name), values, PRICING_URL)


def _price(cell: str, source: Provenance) -> Value:
    text = cell.replace("\\$", "$")  # Markdown's escaped dollar sign
    if text in NOT_OFFERED:
        return not_offered(source)
    if text == "Free":
        return price(Decimal(0), source)
    if not (match := _PRICE.match(text)):
        raise ParseError(f"{source.source}: {source.label}: {cell!r} is not '$<amount> / MTok'")
    return price(parse_dollars(match["amount"]), source)


def _long_context(found: dict[str, list[str]], standard: dict[str, Offering], url: str) -> None:
    """other:<field>_above_<threshold> on the named models' standard offerings, whose base prices the "≤" side is."""
    header, rows = _rows(found, LONG_CONTEXT, url)
    threshold = _threshold(header, url)
    models = _long_context_models(" ".join(found[LONG_CONTEXT]), standard, url)
    for row in rows:
        (kind, base), (kind_above, above) = (_long_cell(c, url) for c in row)
        if kind != kind_above or kind not in LONG_FIELDS:
            raise ParseError(f"{url}: {LONG_CONTEXT!r}: row {row} is not 'Input: <price>' or 'Output: <price>'")
        field, base_price = LONG_FIELDS[kind], _price(base, Provenance(url, f"{LONG_CONTEXT} · {header[0]}"))
        for offering in models:
            if offering.values[field] != base_price:  # Values compare by state, amount and unit
                raise ParseError(f"{url}: {LONG_CONTEXT!r}: {row[0]!r} is not {offering.model.name}'s base {field}")
            source = Provenance(url, f"{offering.model.name} · {header[1]} · {kind}", raw=row[1])
            offering.values[f"{OTHER_PREFIX}{field}_above_{threshold}"] = _price(above, source)


def _threshold(header: list[str], url: str) -> str:
    sides = [_THRESHOLD.match(cell) for cell in header]
    if not all(sides) or [m["side"] for m in sides] != ["≤", ">"] or len({m["threshold"] for m in sides}) != 1:
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: columns {header} are not '≤ <n>K input tokens | > <n>K ...'")
    return sides[1]["threshold"].lower()


def _long_context_models(text: str, standard: dict[str, Offering], url: str) -> list[Offering]:
    if not (match := _LONG_MODELS.search(text)):
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: no 'When using <models> with the ...' sentence naming its models")
    names = re.split(r",\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+", match["models"])
    # The sentence drops "Claude" after the first name ("Claude Sonnet 4 or Sonnet 4.5").
    models = [standard.get(n) or standard.get(f"Claude {n}") for n in names]
    if None in models:
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: {names[models.index(None)]!r} is not in the model pricing table")
    return models


def _long_cell(cell: str, url: str) -> tuple[str, str]:
    if not (match := _LONG_CELL.match(cell)):
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: cell {cell!r} is not '<Input|Output>: <price>'")
    return match["kind"], match["price"]


def _unknowns(source: Provenance) -> dict[str, Value]:
    """Every price field and limit unknown until a cell states it (the page states no limits)."""
    values = {f: unknown(source) for f in PRICE_FIELDS}
    return values | {f: unknown(source, TOKENS) for f in ("context_window", "max_output_tokens")}


def _tools(found: dict[str, list[str]], url: str) -> list[Offering]:
    """A price-class offering per priced tool; a token-only tool section that starts stating a price fails."""
    tools = [_tool(" ".join(line.strip() for line in found.get(title, [])), title, url) for title in TOOLS]
    for title in (t for t in found if t.endswith(" tool") and t not in TOOLS and "\\$" in "".join(found[t])):
        raise ParseError(f"{url}: section {title!r} states a price that is not read")
    return tools


def _tool(text: str, title: str, url: str) -> Offering:
    pattern, field, unit = TOOLS[title]
    if not (match := re.search(pattern, text.replace("\\$", "$").replace("**", ""))):  # no escapes, no bold
        raise ParseError(f"{url}: section {title!r} not found or has no sentence stating its price in {unit!r}")
    name, field = title.removesuffix(" tool"), OTHER_PREFIX + field
    values = _unknowns(Provenance(url, title))
    values[field] = price(parse_dollars(match[1]), Provenance(url, f"{title} · {field}", raw=match[0]), unit)
    tool_id = "tool/" + _slug(name)
    return Offering(OfferingKey(tool_id), ModelInfo(tool_id, name, "price_class"), values, PRICING_URL)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
