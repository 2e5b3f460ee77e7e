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
Shut down models (notes.py): a section's warning "has been shut down June 1, 2026" / "will be shut down on
June 30, 2026": on or before the page's fetch date its models are no offering (history delists them); a later
date keeps them. Footnotes (notes.py): "Image output is priced at $30 per 1,000,000 tokens ... equivalent to
$0.039 per image" is other:output_images (USD per 1M tokens) of the tab whose per-image output price it names.
Not read (one warning per run, naming them): Gemma 4, whose every paid cell is "Not available". Its
only route is the Free Tier, which is not an offering; an offering of "not offered" values would list a
paid route the page says does not exist (and the section gives no model id). Also named: the tools and
agents billed at the model's and tools' rates (code execution, URL context, computer use, the Custom
Tools endpoint, the agents), which have no price of their own; the models shut down by the fetch date and
those with a shutdown date announced, each with its date; the footnote prices no offering holds (the "effective
price of approximately $x per minute / per second" of Live Translate and Omni Flash, which restate the token
prices). The page states no context windows.
"Free" / "Free of charge" (any case) is free, in its line's or row's unit; a struck-through list price (<del>,
<s>, <strike>) before the price charged is other:<key>_list_price; a footnote mark after a model id is not the id's.

Read strictly (the run fails): the model price tables (per 1M tokens); none read, the page is not the one the
parser knows. Named and skipped (scrapers/_partial.py): a row it cannot read (that model and tier is not given,
being all its rows or none: unobserved, or a placeholder when new); a table of unknown columns or tab, or whose
rows do not name the section's models one each, and the tools section when missing (then nothing on the page is
delisted this run); a shutdown warning it cannot read (the section's models are neither listed nor delisted).
What cannot be read of models shut down by the fetch date is not named: they are delisted all the same.

Submodules: tables (sections, tabs), offerings (rows, one offering per table), cells (a paid cell's
grammar), dated (prices in force and announced), fields (field keys, amounts), media (Imagen, Veo,
Lyria), tools (tools and agents), notes (shutdown warnings, footnotes).
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import Offering, Provider, ScrapeResult, Unread
from scrapers._base import Fetched, Page, Source
from scrapers._html import table_rows
from scrapers._partial import Parts
from scrapers.google.fields import Cell
from scrapers.google.media import media_offerings
from scrapers.google.notes import footnotes, shutdowns
from scrapers.google.offerings import PRICING_URL, offering, unpriced
from scrapers.google.tables import COLUMNS, MEDIA_COLUMNS, NOT_MODELS, Section, find_sections, tier
from scrapers.google.tables import TABS as TABS
from scrapers.google.tools import TOOLS, tool_offerings

PROVIDER = Provider("google", "Google Gemini API", "https://ai.google.dev")
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "3"
# 85 in August 2026: 74 model x tier tables, 8 media models, 3 tools (92 before dropping the 7 shut down models)
GUARD = GuardPolicy(min_offerings=26)
# The parts of the run's one warning, in this order.
NOT_READ, SHUT_DOWN, TO_SHUT_DOWN, FOOTNOTES = ("not read", "shut down by the fetch date, not listed",
                                               "shutdown announced, still listed", "footnote prices not read")


def parse(fetched: Fetched) -> ScrapeResult:
    """One offering per model section and tab (tier) with a paid price, and one per priced tool."""
    page = fetched.pages["pricing"][0]
    parts = Parts(page.url)
    offerings: list[Offering] = []
    notes: dict[str, list[str]] = {part: [] for part in (NOT_READ, SHUT_DOWN, TO_SHUT_DOWN, FOOTNOTES)}
    sections, main = find_sections(LexborHTMLParser(page.text())), 0
    for section in sections:
        read, tables = _section(section, page, parts, notes)
        offerings, main = offerings + read, main + tables
    if not main:  # no model price table (per 1M tokens) read: the page is not the one the parser knows
        raise ParseError(f"{page.url}: no model price table could be read (first not read: {parts.unread[0]})"
                         if parts.unread else f"{page.url}: no model price tables found")
    if TOOLS not in {section.name for section in sections}:
        with parts.table(TOOLS):  # its tools would look delisted: nothing on the page is, this run
            raise ParseError(f"{page.url}: section {TOOLS!r} not found")
    warning = "; ".join(f"{part}: {', '.join(dict.fromkeys(named))}" for part, named in notes.items() if named)
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, [warning] if warning else [], parts.unread)


def _section(section: Section, page: Page, parts: Parts, notes: dict[str, list[str]]) -> tuple[list[Offering], int]:
    """The section's current offerings, and how many of them are from model price tables; what it names but
    does not price, or no longer offers, goes in ``notes``; a table that cannot be read, in ``parts``."""
    offerings, standard, main, own = [], {}, 0, Parts(page.url)
    for tab, table in section.tables:
        with own.table(section.name if section.name in NOT_MODELS else f"{section.name} · {TABS.get(tab, tab)}"):
            read, unread, is_main = _table(section, tier(tab, section.name, page.url), table, standard, page, own)
            offerings, main = offerings + read, main + (len(read) if is_main else 0)
            notes[NOT_READ] += unread
    gone = _shut_down(section, page, parts, notes)
    # What could not be read of models shut down does not matter: they are delisted, not left unobserved.
    every = bool(section.ids) and set(section.ids) <= gone
    parts.unread += [u for u in own.unread if not every and not (u.models and u.models <= gone)]
    parts.placeholders += [p for p in own.placeholders if p.key.model not in gone]
    if set(section.ids) - gone:  # a section whose every model is gone is named as such, its footnotes with it
        offerings, unread = footnotes(section, offerings, page.url)
        notes[FOOTNOTES] += unread
    return [o for o in offerings if o.key.model not in gone], main


def _shut_down(section: Section, page: Page, parts: Parts, notes: dict[str, list[str]]) -> set[str]:
    """The section's models shut down on or before the fetch date; each shutdown date is named in ``notes``.
    A warning whose date or models cannot be read leaves all the section's models unobserved (not listed)."""
    try:
        ends, today = shutdowns(section, page.url), page.fetched_at.date()
    except ParseError as exc:  # whether they are still offered is not known: neither listed nor delisted
        where = f"{page.url} · section {section.name!r} · warning"
        reason = str(exc).removeprefix(f"{page.url}: ")
        parts.unread.append(Unread(page.url, where, reason, frozenset(section.ids) or None))
        return set(section.ids)
    for day in sorted(set(ends.values())):
        models = ", ".join(model for model, end in ends.items() if end == day)
        notes[SHUT_DOWN if day <= today else TO_SHUT_DOWN].append(f"{section.name} ({models}) on {day.isoformat()}")
    return {model for model, day in ends.items() if day <= today}


def _table(section: Section, tier: str, table: LexborNode, standard: dict[str, Cell], page: Page,
           parts: Parts) -> tuple[list[Offering], list[str], bool]:
    """The offerings of one tab's table, what it names but prices at no rate of its own, and whether it is a
    model price table (per 1M tokens)."""
    (header, rows), name, ids = table_rows(table), section.name, section.ids
    if name in NOT_MODELS:
        return *tool_offerings(name, header, rows, page, parts), False
    if unpriced(rows):
        return [], [f"{name} (free tier only: every paid cell 'Not available')"], False
    if header and header[-1] in MEDIA_COLUMNS:
        return media_offerings(name, ids, tier, header, rows, page, parts), [], False
    if header != COLUMNS:
        raise ParseError(f"{page.url}: {name} · {tier}: table has columns {header}, expected {COLUMNS}")
    if not ids:
        raise ParseError(f"{page.url}: section {name!r} has prices but no model id (<code>)")
    found = offering(ids[0], name, tier, rows, standard, page, parts)
    return ([] if found is None else [found]), [], True
