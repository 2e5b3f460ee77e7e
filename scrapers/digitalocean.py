"""DigitalOcean Inference (formerly Gradient): prices from its Inference pricing docs page.

Source: https://docs.digitalocean.com/products/inference/details/pricing/ (HTML). Serverless
Inference: one ``<details>`` accordion per maker (Anthropic, Arcee, fal, OpenAI, DigitalOcean-
Hosted), each a table Model | Serverless Inference (the hosted one starts with Provider). A
price cell is a grid of parts, "Input/output tokens", "Prompt caching", "Prompts ≤200K tokens",
"Prompts >272K tokens", "Prompt caching (Prompts >272K tokens)", "Text input", "Image output"...,
each one price a line, "$12.50 per 1M cache creation 5m input tokens" (USD per 1M tokens): 5-minute
cache writes are ``cache_write``, 1-hour ones ``other:cache_write_1h``; a part above a prompt
length goes to ``other:<field>_above_<n>k``; image tokens to ``other:image_*``. A cell that is
no grid is one price in another unit (per compute second, megapixel, 1000 characters, 1M
character tokens, video, image), kept in that unit as ``other:<unit>``. Knowledge Bases: the
embedding and reranking models, per 1M tokens read, are models priced for ``input``.

The page shows no DigitalOcean API model ids (its links go to the makers' pages, several rows
to one page): a model's id is its label (the ``code`` text for knowledge-base models) in lower
case with hyphens; "(Fast Mode)" rows are the ``fast`` tier of the model. Context windows are
stated only in prose for a few models: not read. Not read, and each run says so in one warning:
the Dedicated Inference GPU-hour table, the Agent Guardrails table (not models), the tool prices
per 1000 requests and BYOM storage per month; batch is "up to a 50% discount", which states no price.
"""

from __future__ import annotations

import re
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import node_text, table_rows

PROVIDER = Provider("digitalocean", "DigitalOcean Inference", "https://www.digitalocean.com/products/inference")
PRICING_URL = "https://docs.digitalocean.com/products/inference/details/pricing/"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
# 73 models in August 2026 (66 serverless, 7 knowledge-base). GPT Image 2 text output is written "$0.00".
GUARD = GuardPolicy(min_offerings=24, zero_means_free=True)

GROUPS = ("Anthropic Models", "Arcee Models", "fal Models", "OpenAI Models", "DigitalOcean-Hosted Models")
COLUMNS = (["Model", "Serverless Inference"], ["Provider", "Model", "Serverless Inference"])
KB_COLUMNS = ["Model", "Price"]
# A grid part's label -> {unit as written: field}.
PARTS = {
    "Input/output tokens": {"1M input tokens": "input", "1M output tokens": "output"},
    "Prompt caching": {"1M cache creation 5m input tokens": "cache_write", "1M cache write input tokens": "cache_write",
                       "1M cache creation 1h input tokens": OTHER_PREFIX + "cache_write_1h",
                       "1M cache read input tokens": "cached_input"},
    "Text input": {"1M tokens": "input"}, "Text output": {"1M tokens": "output"},
    "Text cache read": {"1M tokens": "cached_input"}, "Image input": {"1M tokens": OTHER_PREFIX + "image_input"},
    "Image output": {"1M tokens": OTHER_PREFIX + "image_output"},
    "Image cache read": {"1M tokens": OTHER_PREFIX + "image_cached_input"},
}
# The DigitalOcean-hosted rows write every line "per 1M tokens": the order says which is which.
IN_ORDER = {"Input/output tokens": ("input", "output"), "Prompt caching": ("cached_input",)}
OTHER_UNITS = ("compute second", "megapixel", "1000 characters", "1M character tokens", "video", "image")
KB_UNITS = ("1M input tokens", "1,000,000 tokens", "1M reranking tokens")
NOT_READ = ("not read (not model prices, or no price stated): the Dedicated Inference GPU-hour table, the Agent "
            "Guardrails table, tool prices per 1000 requests, BYOM storage per month, batch 'up to a 50% discount'")
_LINE = re.compile(r"^(\$[\d,]*\.?\d+) per (.+)$")
_LONG = re.compile(r"Prompts ([≤>])(\d+K) tokens")


def parse(fetched: Fetched) -> ScrapeResult:
    """One offering per serverless and knowledge-base model row."""
    page = fetched.pages["pricing"][0]
    tree = LexborHTMLParser(page.text())
    groups = {node_text(d.css_first("summary")): d for d in _under(tree, "Serverless Inference", "details", page.url)}
    if missing := [g for g in GROUPS if g not in groups]:
        raise ParseError(f"{page.url}: serverless price table {missing[0]!r} not found (found {list(groups)})")
    offerings = [_serverless(cells, group, page.url) for group, details in groups.items()
                 for cells in _rows(details.css_first("table"), COLUMNS, group, page.url)]
    offerings += [_knowledge_base(cells, page.url) for table in _under(tree, "Knowledge Bases", "table", page.url)
                  for cells in _rows(table, (KB_COLUMNS,), "Knowledge Bases", page.url)]
    return ScrapeResult(offerings, {PRICING_URL}, [NOT_READ])


def _under(tree: LexborHTMLParser, heading: str, selector: str, url: str) -> list[LexborNode]:
    """The ``selector`` nodes between the h2 starting with ``heading`` and the next h2."""
    found, inside = [], False
    for node in tree.css(f"h2, {selector}"):
        if node.tag == "h2":
            inside = node_text(node).startswith(heading)
        elif inside:
            found.append(node)
    if not found:
        raise ParseError(f"{url}: no {selector} under the heading {heading!r}")
    return found


def _rows(table: LexborNode | None, columns: tuple[list[str], ...], what: str, url: str) -> list[list[LexborNode]]:
    if table is None:
        raise ParseError(f"{url}: {what!r} has no table")
    header, rows = table_rows(table)
    if header not in columns:
        raise ParseError(f"{url}: table {what!r} has columns {header}, expected {columns[-1]}")
    return rows


def _serverless(cells: list[LexborNode], group: str, url: str) -> Offering:
    link = cells[-2].css_first("a")  # "MiniMax M2.5 (Public Preview)": the note is outside the link
    label = node_text(link if link is not None else cells[-2])
    name = label.removesuffix(" (Fast Mode)")
    where = f"{group} · {label}"
    grid = cells[-1].css_first("span.gen-ai-pricing-grid")
    read = _grid(grid, where, url) if grid is not None else _other_unit(node_text(cells[-1]), where, url)
    return _offering(name, "fast" if name != label else "standard", read, where, url)


def _knowledge_base(cells: list[LexborNode], url: str) -> Offering:
    name, written = node_text(cells[0]), node_text(cells[1])
    where = f"Knowledge Bases · {name}"
    amount, unit = _split(written, where, url)
    if unit not in KB_UNITS:
        raise ParseError(f"{url}: {where}: unknown unit in {written!r}")
    return _offering(name, "standard", {"input": price(amount, Provenance(url, where, raw=written))}, where, url)


def _offering(name: str, tier: str, read: dict[str, Value], where: str, url: str) -> Offering:
    model_id = re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")
    values = {f: unknown(Provenance(url, where)) for f in ("input", "cached_input", "cache_write", "output")}
    values |= {f: unknown(Provenance(url, where), TOKENS) for f in ("context_window", "max_output_tokens")}
    return Offering(OfferingKey(model_id, tier), ModelInfo(model_id, name), values | read, PRICING_URL)


def _grid(grid: LexborNode, where: str, url: str) -> dict[str, Value]:
    """A price grid: its spans alternate a part's label and its lines (separated by <br>)."""
    spans = [child for child in grid.iter() if child.tag == "span"]
    values: dict[str, Value] = {}
    for label_span, lines_span in zip(spans[::2], spans[1::2], strict=True):
        label = node_text(label_span)
        lines = [" ".join(line.split()) for line in lines_span.text(separator="\n").split("\n") if line.strip()]
        for field, line in _fields(label, lines, f"{where} · {label}", url):
            if field in values:
                raise ParseError(f"{url}: {where}: {field} stated twice")
            values[field] = price(_split(line, where, url)[0], Provenance(url, f"{where} · {label}", raw=line))
    return values


def _fields(label: str, lines: list[str], where: str, url: str) -> list[tuple[str, str]]:
    """Each line's field; a part above a prompt length ("Prompts >272K tokens") gets the suffix _above_272k."""
    part, suffix = label, ""
    if long := _LONG.search(label):
        part = label[:long.start()].strip(" (") or "Input/output tokens"
        suffix = f"_above_{long.group(2).lower()}" if long.group(1) == ">" else ""
    units = [_split(line, where, url)[1] for line in lines]
    if part in IN_ORDER and set(units) == {"1M tokens"} and len(units) == len(IN_ORDER[part]):
        fields = list(IN_ORDER[part])
    elif part in PARTS and all(unit in PARTS[part] for unit in units):
        fields = [PARTS[part][unit] for unit in units]
    else:
        raise ParseError(f"{url}: {where}: unknown price part or unit {units}")
    named = [f if not suffix else OTHER_PREFIX + f.removeprefix(OTHER_PREFIX) + suffix for f in fields]
    return list(zip(named, lines, strict=True))


def _other_unit(written: str, where: str, url: str) -> dict[str, Value]:
    """A single price in a non-token unit, kept in that unit as written."""
    amount, unit = _split(written, where, url)
    if unit not in OTHER_UNITS:
        raise ParseError(f"{url}: {where}: unknown unit in {written!r}")
    key = OTHER_PREFIX + re.sub(r"[^a-z0-9]+", "_", unit.lower())
    return {key: price(amount, Provenance(url, where, raw=written), f"USD per {unit}")}


def _split(line: str, where: str, url: str) -> tuple[Decimal, str]:
    """'$0.0011 per compute second' -> (Decimal('0.0011'), 'compute second')."""
    match = _LINE.match(line)
    if not match:
        raise ParseError(f"{url}: {where}: {line!r} is not '$<amount> per <unit>'")
    return parse_dollars(match.group(1)), match.group(2)
