"""Together AI: serverless inference prices from its pricing page.

Source: https://www.together.ai/pricing (Webflow HTML). The "Serverless Inference" section holds
one table per tab (Chat, Vision, Image, Audio, Video, Transcribe, Embeddings, Rerank, Moderation),
under a caption naming its unit. Chat and Vision: Model | Input | Output in USD per 1M tokens, an
input cell holding the cached-input price too when there is one ("$0.30 $0.06 (cached)"). Image:
Model | Price per MP | Price per image | Default steps (the steps a price includes: kept in its
provenance label). Audio (per 1M characters), Video (per video) and Transcribe (per audio minute):
one price, kept as an ``other:`` value in that unit. Embeddings and Rerank (input tokens) and
Moderation (every token, input and output alike): one price per 1M tokens. "-" is not offered,
"$0.00" and "Free" (any case) are free, the word kept in provenance. A struck-through list price
beside the price charged (<del>, <s>, <strike>) is read as the price charged, the list price kept as
other:<field>_list_price. A model listed in several tabs is one offering (Vision repeats Chat rows
without their cached price).

Read strictly: the Serverless Inference section and its Chat tab (caption, columns), and the pairing
of tab names with contents; else the run fails. Named and skipped, never guessed (scrapers/_partial.py):
a tab the parser does not know, a tab missing or whose caption or columns changed (nothing on the page is
delisted that run; the fields such a tab prices are unobserved where no tab read states them); a row
with an unfamiliar cell or cell count, or whose prices disagree with another tab's: its model (named by
the row when its cell count is right) is dropped whole, in every tab and tier, and left unobserved.

Model ids: the page shows display names, and links only to Together's web pages (/models/<slug>),
not to API ids: an id is the name in lower case with hyphens ("Kimi K2.7 Code" -> "kimi-k2.7-code"),
footnote marks after it ("(1)", "*", "¹", <sup>) left out.

Batch: Chat and Transcribe have a "Batch API price" toggle, which shows each price less the percent
in its ``data-batch`` attribute. Every one is empty in August 2026, so there is no batch offering; a
percent set there gives a batch offering derived from it (Provenance.rule).

Quirk: the CMS also lists chat models in media tabs, showing their per-token input price under the
tab's unit (Inkling "$1.00" per 1M characters, Qwen3.6-Plus "$0.50" per video) or only "-". Such
rows are not read, and each run says so in a warning. No context windows are stated.

Not read (one warning per run): the Provisioned Throughput, Dedicated Inference, GPU Clusters,
Sandbox, Storage and Fine-Tuning tables (per PTU, GPU hour, vCPU hour, GiB month, training token):
not inference prices of a model.

Submodules: tabs (sections, tabs, their units and tables), cells (price cells, batch discounts),
offerings (a row's offerings, cross-listed rows, merging over tabs).
"""

from __future__ import annotations

from dataclasses import replace

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import Offering, OfferingKey, Provider, ScrapeResult
from core.values import Status
from scrapers._base import Fetched, Source
from scrapers._partial import Parts
from scrapers.together.cells import model_id, model_name
from scrapers.together.offerings import PRICING_URL, cross_listed, merge, row_offerings
from scrapers.together.tabs import MAIN, SECTION, TABS, find_sections, find_tabs, tab_fields, tab_rows

PROVIDER = Provider("together", "Together AI", "https://www.together.ai")
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "2"
# 99 models in 116 rows in August 2026. The page writes "$0.00" for a free model (Ternary Bonsai 27B).
GUARD = GuardPolicy(min_offerings=33, zero_means_free=True)

Found = dict[OfferingKey, Offering]


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per model, merged over the tabs listing it; batch where a discount is set."""
    page = fetched.pages["pricing"][0]
    parts = Parts(page.url)
    sections = find_sections(LexborHTMLParser(page.text()))
    if SECTION not in sections:
        raise ParseError(f"{page.url}: section {SECTION!r} not found")
    found: Found = {}
    not_read: list[str] = []
    read_tabs = set()
    for tab, content in find_tabs(sections.pop(SECTION), parts):
        if (rows := _rows(tab, content, parts)) is not None:
            read_tabs.add(tab)
            not_read += _read_tab(tab, content, rows, found, parts)
    offerings = [o for key, o in found.items() if key not in parts.dropped]
    offerings = _unobserved(offerings, [tab for tab in TABS if tab not in read_tabs])
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, _warnings(sections, not_read), parts.unread)


def _rows(tab: str, content: LexborNode, parts: Parts) -> list[list[LexborNode]] | None:
    """A tab's rows; None (the tab named as not read) when a tab other than Chat has another caption or columns."""
    if tab == MAIN:
        return tab_rows(content, tab, parts.url)  # most of the catalogue: strict
    with parts.table(tab):
        return tab_rows(content, tab, parts.url)
    return None


def _read_tab(tab: str, content: LexborNode, rows: list[list[LexborNode]], found: Found, parts: Parts) -> list[str]:
    """Merge a tab's offerings into ``found``; the cross-listed rows not read, as "<name> (<tab>)". A row not
    read drops its model whole (its other tabs' rows too: they would make its values look changed)."""
    toggle = content.css_first('[fs-list-element="toggle"]') is not None
    skipped: list[str] = []
    for cells in rows:
        name = model_name(cells[0]) if cells else "(empty row)"
        key = OfferingKey(model_id(name))
        if key in parts.dropped:
            continue  # its row in an earlier tab is named already: it is not named again
        named = key.model if len(cells) == len(TABS[tab][1]) + 1 else None  # another shape: what it names is unknown
        with parts.row(tab, name, named) as row:
            skipped += _read_row(cells, tab, toggle, found, parts.url)
        if not row.read:
            parts.dropped.update({key, replace(key, tier="batch")})
    return skipped


def _read_row(cells: list[LexborNode], tab: str, toggle: bool, found: Found, url: str) -> list[str]:
    standard, *batch = row_offerings(cells, tab, toggle, url)
    if cross_listed(standard, found.get(standard.key)):
        return [f"{standard.model.name} ({tab})"]
    for offering in (standard, *batch):
        merge(found, offering, url)
    return []


def _unobserved(offerings: list[Offering], tabs: list[str]) -> list[Offering]:
    """The offerings with the fields the tabs not read price left unobserved (kept as stored) where no tab read
    states them."""
    fields = {f for tab in tabs for f in tab_fields(tab)}
    return [_without(o, {f for f in fields if f not in o.values or o.values[f].status is Status.UNKNOWN})
            for o in offerings] if fields else offerings


def _without(offering: Offering, unobserved: set[str]) -> Offering:
    values = {f: v for f, v in offering.values.items() if f not in unobserved}
    return replace(offering, values=values, unobserved=frozenset(unobserved))


def _warnings(skipped: dict[str, LexborNode], rows: list[str]) -> list[str]:
    """One warning for the sections not read, one for the cross-listed rows not read."""
    tables = sum(len(section.css("table")) for section in skipped.values())
    warnings = [f"not read: {tables} tables of {', '.join(skipped)} (GPU, PTU, compute, storage and training "
                f"prices, not a model's inference price)"] if tables else []
    if rows:
        warnings.append(f"not read: chat models listed in a media tab with only their token input price or '-': "
                        f"{', '.join(rows)}")
    return warnings
