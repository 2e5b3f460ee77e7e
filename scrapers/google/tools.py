"""Pricing for tools and for agents: a tool with a price of its own is an offering of kind "price_class".

Google Search, Google Maps and File search state their own prices: offering ``tool/<name in lower case with
hyphens>``, tier standard, token fields and limits unknown. Grounding prices are ``other:grounding_search`` /
``other:grounding_maps`` in USD per 1,000 requests, the unit the model tables' grounding rows get ("grounded
prompts" and "requests" alike; the words stay in the raw text). A price the page gives per model family
("Gemini 2.5 models:" / "Gemini 3 models:") is one key per family (``other:grounding_search_gemini_2_5``), the
family also in the provenance label. File search's "Charged for embeddings at $0.15 / 1M tokens" is
``other:embeddings`` in USD per 1M tokens, not ``input``: it prices indexing, not the tool's prompt tokens.
Free allowances ("1,500 RPD free", "10,000 RPD free for Pro") are no prices: they stay in the raw text; a
cell (or family) that says only "Free" is free. A struck-through list price is other:<key>_list_price.
The other tools and the agents are billed at the model's and tools' rates ("per model pricing", "standard
Gemini list rates", environment compute "not billed during the preview period"): no offering, named in the
run's warning. A "$" in any of them, or a cell that says neither, is a row not read (named, with no tool id).
"""

from __future__ import annotations

import re

from core.errors import ParseError
from core.offering import Announced, ModelInfo, Offering, OfferingKey
from core.values import USD_PER_MTOK, Provenance, Value
from scrapers._base import Page
from scrapers._html import node_text
from scrapers._partial import Parts
from scrapers.google.cells import stated_free
from scrapers.google.dated import dated
from scrapers.google.fields import key, money, slug
from scrapers.google.offerings import PRICING_URL, Rows, blank, cell_lines, row_label
from scrapers.google.tables import AGENT_COLUMNS, COLUMNS

TOOLS = "Pricing for tools"
PRICED = {"Google Search": "grounding_search", "Google Maps": "grounding_maps", "File search": "embeddings"}
_NO_OWN_PRICE = re.compile(r"standard (?:token|Gemini list) rates|per model pricing|per existing pricing"
                           r"|is not billed|^Same as .+ pricing$")
_FAMILY = re.compile(r"(?P<family>.+) models:")
_PRICE = re.compile(r"(?:.+[.,] [Tt]hen |[Tt]hen |Charged for [\w ]+ at )(?:~~\$(?P<listed>[\d,]*\.?\d+)~~ ?)?"
                    r"\$(?P<amount>[\d,]*\.?\d+) (?:/|per) "
                    r"(?P<per>1,000 (?:grounded prompts|requests)|1M tokens)"
                    r"(?:,? (?P<when>through|starting) (?P<day>[A-Z][a-z]+ \d{1,2}, \d{4}))?\.?")


def tool_offerings(name: str, header: list[str], rows: Rows, page: Page,
                   parts: Parts) -> tuple[list[Offering], list[str]]:
    """The priced tools' offerings, and a note naming the tools or agents billed at the model's rates; a row
    that cannot be read is named in ``parts`` (with its tool's id when the tool is one with a price)."""
    expected = COLUMNS if name == TOOLS else AGENT_COLUMNS
    if header != expected:
        raise ParseError(f"{page.url}: {name}: table has columns {header}, expected {expected}")
    offerings, unpriced = [], []
    for cells in rows:
        tool = row_label(cells[0])
        priced = name == TOOLS and tool in PRICED
        with parts.row(name, tool, ModelInfo(_id(tool), tool, kind="price_class") if priced else None) as row:
            if priced:
                offerings.append(_tool(tool, cell_lines(cells[-1]), page))
            else:  # the tools' Free Tier column is a quota, not read; both agent columns say how usage is billed
                _no_own_price(name, tool, cells[-1:] if name == TOOLS else cells[1:], page.url)
        if row.read and not priced:
            unpriced.append(tool)
    what = "tools" if name == TOOLS else "agents"
    return offerings, [f"{what} with no price of their own ({', '.join(unpriced)})"] if unpriced else []


def _no_own_price(name: str, tool: str, cells: list, url: str) -> None:
    for text in map(node_text, cells):
        if "$" in text or not _NO_OWN_PRICE.search(text):
            raise ParseError(f"{url}: {name} · {tool}: {text!r} is not read (neither a known tool's price "
                             "nor billing at model rates)")


def _id(tool: str) -> str:
    return "tool/" + re.sub(r"[^a-z0-9]+", "-", tool.lower()).strip("-")


def _tool(tool: str, lines: list[str], page: Page) -> Offering:
    tool_id = _id(tool)
    values: dict[str, Value] = {}
    announced: list[Announced] = []
    for family, group in _families(lines):
        label = f"{tool_id} · standard · {tool}" + (f" · {family} models" if family else "")
        field = PRICED[tool] + (f"_{slug(family)}" if family else "")
        now, later = _group(field, group, Provenance(page.url, label), page)
        if clash := set(now) & set(values):
            raise ParseError(f"{page.url}: {label}: {sorted(clash)[0]!r} priced twice")
        values, announced = values | now, announced + later
    return Offering(OfferingKey(tool_id), ModelInfo(tool_id, tool, kind="price_class"),
                    blank(tool_id, "standard", page.url) | values, PRICING_URL, announced=tuple(announced))


def _families(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    """The cell's lines under each "<family> models:" line (None: lines before any)."""
    groups: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lines:
        if family := _FAMILY.fullmatch(line):
            groups.append((family["family"], []))
        else:
            groups[-1][1].append(line)
    return [(family, group) for family, group in groups if group]


def _group(field: str, lines: list[str], source: Provenance, page: Page) -> tuple[dict[str, Value], list[Announced]]:
    """The price of one group of lines; its other lines (free allowances) stay in the raw text."""
    raw = " ".join(lines)
    unit = USD_PER_MTOK if field == "embeddings" else "USD per 1,000 requests"
    if stated_free(raw):  # stated free, in the unit the tool's price is in
        return {key(field): money("0", source, raw, unit)}, []
    priced = [line for line in lines if "$" in line]
    if not priced:
        raise ParseError(f"{page.url}: {source.label}: {raw!r} states no price")
    items = []
    for line in priced:
        if not (m := _PRICE.fullmatch(line)):
            raise ParseError(f"{page.url}: {source.label}: {line!r} is not a price per 1,000 requests or 1M tokens")
        unit = USD_PER_MTOK if m["per"] == "1M tokens" else "USD per 1,000 requests"
        items.append((field, money(m["amount"], source, raw, unit), m["when"], m["day"]))
        if m["listed"]:  # a struck-through list price beside the price charged
            items.append((f"{field}_list_price", money(m["listed"], source, raw, unit), m["when"], m["day"]))
    return dated(items, source, page.fetched_at.date())
