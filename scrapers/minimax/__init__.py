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
What the parser does not know is named and skipped, never guessed (see scrapers/_partial.py): a row with an
unfamiliar cell (its model and tier are left unobserved), a table with unfamiliar columns or tab, a section
other than LLM without a price table. Without an LLM price table the run fails.

Submodules: tables (the pages' tables and where they sit), cells (price cells, units), offerings (rows to
prices by model and tier; offerings), limits (the models page), notices (Pricing Update Notices).
"""

from __future__ import annotations

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import Provider, ScrapeResult
from scrapers._base import Fetched, Page, Source
from scrapers._markdown import table
from scrapers._partial import Parts
from scrapers.minimax.limits import models_limits
from scrapers.minimax.notices import announce
from scrapers.minimax.offerings import MODELS_URL, PRICING_URL, Found, offering, read
from scrapers.minimax.tables import find_tables

PROVIDER = Provider("minimax", "MiniMax", "https://www.minimax.io")
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/markdown"),
           Source("models", MODELS_URL, kind="page", expects="text/markdown", required=False))
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=10)  # 31 offerings (43 price rows) in 2026

MAIN = "LLM"  # the section that defines the catalogue: without a price row there, the run fails
SECTIONS = (MAIN, "Audio", "Video", "Music", "Image", "MCP")  # each other one missing is named as not read
SKIPPED = {"Material Type", "Notes", "Server Tool"}  # marks a table not read (see the docstring)


def parse(fetched: Fetched) -> ScrapeResult:
    """One offering per model and tier priced on the pay-as-you-go page; limits from the models page."""
    page = fetched.pages["pricing"][0]
    parts = Parts(page.url)
    found, skipped = _prices(page, parts)
    limits, failure = models_limits(fetched)
    offerings = [offering(key, name, values, limits, page.url) for key, (name, values) in found.items()]
    warnings = [f"tables not read (no per-model price column): {', '.join(skipped)}"] if skipped else []
    if failure:
        warnings.append(f"models page not read ({failure}): context windows and max outputs stay as stored")
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, warnings + announce(page, offerings),
                        parts.unread)


def _prices(page: Page, parts: Parts) -> tuple[Found, list[str]]:
    """The prices of every table read, by offering, and the titles of the tables not read (on purpose)."""
    found: Found = {}
    skipped, sections, named = [], set(), set()
    for tbl in find_tables(page.text()):
        before = len(parts.unread)
        with parts.table(tbl.title):
            header, rows = table(tbl.lines, page.url, tbl.title)
            if SKIPPED & {h.strip("*") for h in header}:
                skipped.append(tbl.title)
            elif read(tbl, [h.strip("*") for h in header], rows, page.url, found, parts):
                sections.add(tbl.section)
        if len(parts.unread) > before:
            named.add(tbl.section)  # a table or row of the section is already named as not read
    if MAIN not in sections:
        raise ParseError(f"{page.url}: no price row under {MAIN!r}")
    for section in (s for s in SECTIONS if s not in sections | named):
        parts.name("section", section, "no price row found")
    return found, skipped
