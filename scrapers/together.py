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
"""

from __future__ import annotations

import re
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, USD_PER_MTOK, Provenance, Status, Value, not_offered, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import expect_header, node_text, table_rows

PROVIDER = Provider("together", "Together AI", "https://www.together.ai")
PRICING_URL = "https://www.together.ai/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
# 99 models in 116 rows in August 2026. The page writes "$0.00" for a free model (Ternary Bonsai 27B).
GUARD = GuardPolicy(min_offerings=33, zero_means_free=True)

SECTION = "Serverless Inference"
IN, OUT = ("input", USD_PER_MTOK), ("output", USD_PER_MTOK)
TOKEN_TAB = ("price per 1m tokens", {"input": (IN,), "output": (OUT,)})
# Each tab: its unit caption (lower case, "" for none) and its columns after Model, each with the
# fields its price goes to and their unit. Header texts are compared in lower case: the page writes
# "output" and "Price per iMAGE".
TABS = {
    "Chat": TOKEN_TAB, "Vision": TOKEN_TAB,
    "Image": ("", {"price per mp": ((OTHER_PREFIX + "megapixel", "USD per MP"),),
                   "price per image": ((OTHER_PREFIX + "image", "USD per image"),), "default steps": ()}),
    "Audio": ("price per 1m characters", {"price": ((OTHER_PREFIX + "1m_characters", "USD per 1M characters"),)}),
    "Video": ("price per video", {"price": ((OTHER_PREFIX + "video", "USD per video"),)}),
    "Transcribe": ("price per audio minute", {"price": ((OTHER_PREFIX + "audio_minute", "USD per audio minute"),)}),
    "Embeddings": ("price per 1m tokens", {"price": (IN,)}),  # embedding and reranking generate no tokens
    "Rerank": ("price per 1m tokens", {"price": (IN,)}),
    "Moderation": ("price per 1m tokens", {"price": (IN, OUT)}),  # a chat model priced alike both ways
}
_CELL = re.compile(r"^(?:-|(?P<price>\$[\d.,]+)(?: (?P<cached>\$[\d.,]+) \(cached\))?)$")


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per model, merged over the tabs listing it; batch where a discount is set."""
    page = fetched.pages["pricing"][0]
    sections = _sections(LexborHTMLParser(page.text()))
    if SECTION not in sections:
        raise ParseError(f"{page.url}: section {SECTION!r} not found")
    found: dict[OfferingKey, Offering] = {}
    cross_listed = []
    for tab, content in _tabs(sections.pop(SECTION), page.url):
        toggle = content.css_first('[fs-list-element="toggle"]') is not None
        for cells in _rows(content, tab, page.url):
            standard, *batch = _offerings(cells, tab, toggle, page.url)
            if _cross_listed(standard, found.get(standard.key)):
                cross_listed.append(f"{standard.model.name} ({tab})")
                continue
            for offering in (standard, *batch):
                _merge(found, offering, page.url)
    return ScrapeResult(list(found.values()), {PRICING_URL}, _warnings(sections, cross_listed))


def _warnings(skipped: dict[str, LexborNode], cross_listed: list[str]) -> list[str]:
    tables = sum(len(section.css("table")) for section in skipped.values())
    warnings = [f"not read: {tables} tables of {', '.join(skipped)} (GPU, PTU, compute, storage and training "
                f"prices, not a model's inference price)"] if tables else []
    if cross_listed:
        warnings.append(f"not read: chat models listed in a media tab with only their token input price or '-': "
                        f"{', '.join(cross_listed)}")
    return warnings


def _sections(tree: LexborHTMLParser) -> dict[str, LexborNode]:
    """The page's pricing sections by heading (each an accordion with one h2)."""
    return {node_text(heading): section for section in tree.css("[data-accordion-status]")
            if (heading := section.css_first("h2.pricing-row_heading")) is not None}


def _tabs(section: LexborNode, url: str) -> list[tuple[str, LexborNode]]:
    """The tab names and their contents, paired in page order (as Webflow pairs them)."""
    names = [node_text(item) for item in section.css('[data-tabs="menu-item"]')]
    contents = section.css('[data-tabs="content"]')
    unknown_tabs, missing = [n for n in names if n not in TABS], [n for n in TABS if n not in names]
    if unknown_tabs or missing or len(contents) != len(names):
        raise ParseError(f"{url}: {SECTION!r} tabs are {names} with {len(contents)} contents "
                         f"(new: {unknown_tabs}, missing: {missing})")
    return list(zip(names, contents, strict=True))


def _rows(content: LexborNode, tab: str, url: str) -> list[list[LexborNode]]:
    caption, columns = TABS[tab]
    found = next((node_text(p).lower() for p in content.css("p.body-s")), "")
    if found != caption:
        raise ParseError(f"{url}: tab {tab!r}: unit caption {found!r}, expected {caption!r}")
    table = content.css_first("table")
    if table is None:
        raise ParseError(f"{url}: tab {tab!r}: price table not found")
    header, rows = table_rows(table)
    expect_header([h.lower() for h in header], ["model", *columns], tab, url)
    return rows


def _offerings(cells: list[LexborNode], tab: str, toggle: bool, url: str) -> list[Offering]:
    """The standard offering of a row, then a batch one if a batch discount is set on its prices."""
    name, columns = node_text(cells[0]), list(TABS[tab][1])
    if len(cells) != len(columns) + 1:
        raise ParseError(f"{url}: tab {tab!r}: row {name!r} has {len(cells)} cells, expected {len(columns) + 1}")
    steps = _steps(cells[columns.index("default steps") + 1], name, url) if "default steps" in columns else ""
    standard: dict[str, Value] = {}
    batch: dict[str, Value] = {}
    for column, cell in zip(columns, cells[1:], strict=True):
        source = Provenance(url, f"{tab} · {name} · {column.capitalize()}{steps}", raw=node_text(cell))
        standard |= _prices(TABS[tab][1][column], source)
        if toggle and TABS[tab][1][column]:
            batch |= _batch(cell, TABS[tab][1][column], standard, source)
    model_id = re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")
    return [_offering(model_id, name, tier, values, url) for tier, values in (("standard", standard), ("batch", batch))
            if values]


def _steps(cell: LexborNode, name: str, url: str) -> str:
    """" (50 default steps)" for the provenance label of an image price, "" for "-"."""
    text = node_text(cell)
    if text != "-" and not text.isdigit():
        raise ParseError(f"{url}: Image · {name}: default steps {text!r} is not a number")
    return "" if text == "-" else f" ({text} default steps)"


def _prices(fields: tuple[tuple[str, str], ...], source: Provenance) -> dict[str, Value]:
    """The values a cell (its text in ``source.raw``) states for ``fields``, and its cached price if it has one."""
    if not fields:  # Default steps: not a price
        return {}
    match = _CELL.match(source.raw or "")
    if not match or (match["cached"] and fields != (IN,)):
        raise ParseError(f"{source.source}: {source.label}: {source.raw!r} is not a price "
                         f"('$0.30', '$0.30 $0.06 (cached)' or '-')")
    if not match["price"]:
        return {f: not_offered(source, unit) for f, unit in fields}
    try:
        values = {f: price(parse_dollars(match["price"]), source, unit) for f, unit in fields}
        cached = Provenance(source.source, f"{source.label} (cached)", raw=source.raw)
        return values | ({"cached_input": price(parse_dollars(match["cached"]), cached)} if match["cached"] else {})
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {exc}") from exc


def _batch(cell: LexborNode, fields: tuple[tuple[str, str], ...], standard: dict[str, Value],
           source: Provenance) -> dict[str, Value]:
    """The batch prices of a cell whose price carries a ``data-batch`` percent off (the toggle's rule)."""
    marked = cell.css_first("[data-batch]")
    percent = (marked.attributes.get("data-batch") or "").strip() if marked is not None else ""
    if not percent or not standard[fields[0][0]].has_amount:
        return {}
    if not re.fullmatch(r"\d+(\.\d+)?", percent) or not 0 < Decimal(percent) < 100:
        raise ParseError(f"{source.source}: {source.label}: batch discount {percent!r} is not a percent")
    derived = Provenance(source.source, source.label, f"Batch API price: {percent}% off the listed price", source.raw)
    return {f: price(standard[f].amount * (100 - Decimal(percent)) / 100, derived, unit) for f, unit in fields}


def _offering(model_id: str, name: str, tier: str, values: dict[str, Value], url: str) -> Offering:
    blank = {f: unknown(Provenance(url, name)) for f in PRICE_FIELDS}
    blank |= {f: unknown(Provenance(url, name), TOKENS) for f in ("context_window", "max_output_tokens")}
    return Offering(OfferingKey(model_id, tier), ModelInfo(model_id, name), blank | values, PRICING_URL)


def _cross_listed(offering: Offering, known: Offering | None) -> bool:
    """A media-tab row of a model priced per token in an earlier tab, showing only that input price or "-"."""
    stated = [v for f, v in offering.values.items() if f.startswith(OTHER_PREFIX)]
    if known is None or not known.values["input"].has_amount or not stated:
        return False
    return all(v.status is Status.NOT_OFFERED or v.amount == known.values["input"].amount for v in stated)


def _merge(found: dict[OfferingKey, Offering], offering: Offering, url: str) -> None:
    """Add an offering, or its stated values to the one another tab listed; tabs may not disagree."""
    known = found.setdefault(offering.key, offering)
    for field, value in offering.values.items() if known is not offering else ():
        old = known.values.get(field)
        if old is None or old.status is Status.UNKNOWN:
            known.values[field] = value
        elif value.status is not Status.UNKNOWN and value != old:
            raise ParseError(f"{url}: {offering.key}: {field} is {old.amount_text() or old.status.value} in "
                             f"{old.provenance.label!r} but {value.amount_text() or value.status.value} in "
                             f"{value.provenance.label!r}")
