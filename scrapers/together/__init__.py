"""Together AI: serverless inference prices from its pricing page.

Source: https://www.together.ai/pricing (Webflow HTML). The "Serverless Inference" section holds
one table per tab (Chat, Vision, Image, Audio, Video, Transcribe, Embeddings, Rerank, Moderation),
under a caption naming its unit. Chat and Vision: Model | Input | Output in USD per 1M tokens, an
input cell holding the cached-input price too when there is one ("$0.30 $0.06 (cached)"). Image:
Model | Price per MP | Price per image | Default steps (the steps a price includes: kept in its
provenance label). Audio (per 1M characters), Video (per video) and Transcribe (per audio minute):
one price, kept as an ``other:`` value in that unit. Embeddings and Rerank (input tokens) and
Moderation (every token, input and output alike): one price per 1M tokens. "-" is not offered,
"$0.00" is free. A model listed in several tabs is one offering (Vision repeats Chat rows without
their cached price); two tabs stating different prices for it is a ParseError.

Model ids: the page shows display names, and links only to Together's web pages (/models/<slug>),
not to API ids: an id is the name in lower case with hyphens ("Kimi K2.7 Code" -> "kimi-k2.7-code").

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

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import Offering, OfferingKey, Provider, ScrapeResult
from scrapers._base import Fetched, Source
from scrapers.together.offerings import PRICING_URL, cross_listed, merge, row_offerings
from scrapers.together.tabs import SECTION, find_sections, find_tabs, tab_rows

PROVIDER = Provider("together", "Together AI", "https://www.together.ai")
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
# 99 models in 116 rows in August 2026. The page writes "$0.00" for a free model (Ternary Bonsai 27B).
GUARD = GuardPolicy(min_offerings=33, zero_means_free=True)


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per model, merged over the tabs listing it; batch where a discount is set."""
    page = fetched.pages["pricing"][0]
    sections = find_sections(LexborHTMLParser(page.text()))
    if SECTION not in sections:
        raise ParseError(f"{page.url}: section {SECTION!r} not found")
    found: dict[OfferingKey, Offering] = {}
    not_read: list[str] = []
    for tab, content in find_tabs(sections.pop(SECTION), page.url):
        not_read += _read_tab(tab, content, found, page.url)
    return ScrapeResult(list(found.values()), {PRICING_URL}, _warnings(sections, not_read))


def _read_tab(tab: str, content: LexborNode, found: dict[OfferingKey, Offering], url: str) -> list[str]:
    """Merge a tab's offerings into ``found``; the cross-listed rows not read, as "<name> (<tab>)"."""
    toggle = content.css_first('[fs-list-element="toggle"]') is not None
    skipped = []
    for cells in tab_rows(content, tab, url):
        standard, *batch = row_offerings(cells, tab, toggle, url)
        if cross_listed(standard, found.get(standard.key)):
            skipped.append(f"{standard.model.name} ({tab})")
            continue
        for offering in (standard, *batch):
            merge(found, offering, url)
    return skipped


def _warnings(skipped: dict[str, LexborNode], rows: list[str]) -> list[str]:
    """One warning for the sections not read, one for the cross-listed rows not read."""
    tables = sum(len(section.css("table")) for section in skipped.values())
    warnings = [f"not read: {tables} tables of {', '.join(skipped)} (GPU, PTU, compute, storage and training "
                f"prices, not a model's inference price)"] if tables else []
    if rows:
        warnings.append(f"not read: chat models listed in a media tab with only their token input price or '-': "
                        f"{', '.join(rows)}")
    return warnings
