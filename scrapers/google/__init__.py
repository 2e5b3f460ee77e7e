"""Google Gemini API: prices from the Gemini Developer API pricing page.

Source: https://ai.google.dev/gemini-api/docs/pricing (HTML). One section per model: an h2, the API
model id in a ``<code>`` under it (the first one; gemini-3.1-pro-preview's "-customtools" variant is
priced the same and not listed apart), then one table per tab (Standard, Batch, Flex, Priority; a
section without tabs is Standard), each row | Free Tier | Paid Tier, per 1M tokens in USD.

Only the Paid Tier column is read: the Free Tier is a quota-limited free allowance, not a price
route, so it is never an offering. A table whose every paid cell is "Not available" (Gemma 4, free
tier only) has no paid price and gives no offering. Cells hold one price a line: "$2.00, prompts
<= 200k tokens" / "$4.00, prompts > 200k" (-> other:<field>_above_200k), "$0.25 (text / image /
video)" / "$0.50 (audio)" (the text price is the field, the others other:<field>_<modality>; a
cell of one modality, e.g. a TTS model's audio output, is the field), "$x / 1,000,000 tokens per
hour (storage price)" (other:cache_storage, USD per 1M tokens per hour), "or $x/min" and "$x per
1K image" (kept per minute / per image). Grounding with Google Search / Maps is kept per 1,000
requests (the free allowance stays in the raw text). "Not available" is not offered; "Same as
Standard" followed by prices is read, alone it is derived from the Standard table.
Time-bounded prices ("$0.75 through December 31, 2026." / "$1.50 starting January 1, 2027."):
the value is the price in force at the page's fetch time; a later one is ``Offering.announced``.
Imagen, Veo and Lyria (media.py): one offering per model id and tab, each price in its own unit
(other:output_per_image, other:output_per_second[_<resolution>], other:output_per_song; USD per <unit>).
Tools (tools.py): Google Search, Google Maps and File search are offerings of kind "price_class"
(tool/google-search, ...), their prices in their units, free allowances in the raw text.
Not read (one warning per run, naming them): Gemma 4, whose every paid cell is "Not available". Its
only route is the Free Tier, which is not an offering; an offering of "not offered" values would list a
paid route the page says does not exist (and the section gives no model id). Also named: the tools and
agents billed at the model's and tools' rates (code execution, URL context, computer use, the Custom
Tools endpoint, the agents), which have no price of their own. The page states no context windows.

Submodules: tables (sections, tabs), offerings (rows, one offering per table), cells (a paid cell's
grammar), dated (prices in force and announced), fields (field keys, amounts), media (Imagen, Veo,
Lyria), tools (tools and agents).
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import Offering, Provider, ScrapeResult
from scrapers._base import Fetched, Page, Source
from scrapers._html import table_rows
from scrapers.google.fields import Cell
from scrapers.google.media import media_offerings
from scrapers.google.offerings import PRICING_URL, offering, unpriced
from scrapers.google.tables import COLUMNS, MEDIA_COLUMNS, NOT_MODELS, find_sections
from scrapers.google.tables import TABS as TABS
from scrapers.google.tools import tool_offerings

PROVIDER = Provider("google", "Google Gemini API", "https://ai.google.dev")
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "2"
GUARD = GuardPolicy(min_offerings=26)  # 92 in August 2026: 78 model x tier tables, 11 media models, 3 tools


def parse(fetched: Fetched) -> ScrapeResult:
    """One offering per model section and tab (tier) with a paid price, and one per priced tool."""
    page = fetched.pages["pricing"][0]
    offerings, skipped = [], []
    for name, ids, tables in find_sections(LexborHTMLParser(page.text()), page.url):
        standard: dict[str, Cell] = {}
        for tier, table in tables:
            read, unread = _table(name, ids, tier, table, standard, page)
            offerings += read
            skipped += unread
    if not offerings:
        raise ParseError(f"{page.url}: no model price tables found")
    warning = f"not read: {', '.join(dict.fromkeys(skipped))}"
    return ScrapeResult(offerings, {PRICING_URL}, [warning] if skipped else [])


def _table(name: str, ids: list[str], tier: str, table: LexborNode, standard: dict[str, Cell],
           page: Page) -> tuple[list[Offering], list[str]]:
    """The offerings of one tab's table, and what it names but prices at no rate of its own."""
    header, rows = table_rows(table)
    if name in NOT_MODELS:
        return tool_offerings(name, header, rows, page)
    if unpriced(rows):
        return [], [f"{name} (free tier only: every paid cell 'Not available')"]
    if header and header[-1] in MEDIA_COLUMNS:
        return media_offerings(name, ids, tier, header, rows, page), []
    if header != COLUMNS:
        raise ParseError(f"{page.url}: {name} · {tier}: table has columns {header}, expected {COLUMNS}")
    if not ids:
        raise ParseError(f"{page.url}: section {name!r} has prices but no model id (<code>)")
    return [offering(ids[0], name, tier, rows, standard, page)], []
