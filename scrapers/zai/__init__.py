"""Z.ai (Zhipu): GLM prices from its pricing docs page.

Source: https://docs.z.ai/guides/overview/pricing (HTML; "All prices are in USD"). Tables are looked
up in the content area (#content): the navigation repeats titles such as "Agents" as headings.

Text Models and Vision Models ("Prices per 1M tokens."): Model | Input | Cached Input | Cached
Input Storage | Output, bare amounts whose unit is the caption ("Prices per 1M tokens."; see below).
"Free" and "Limited-time Free" are free as scrapers/_words.py says (the words kept in provenance); "-" is not offered;
"\\" (GLM-OCR) is not explained, so unknown. A struck-through list price beside the price charged
(``<del>$0.15</del> $0.075``) is read as the price charged, the list price kept as
other:<field>_list_price. Cached-input storage is priced in a unit the table does not give: kept
apart in ``other_prices`` (``cached_input_storage``). A footnote mark after a name ("GLM-5¹",
"GLM-5 (1)", "GLM-5*", <sup>) is not part of it.

Built-in Tools (Tool | Cost), Image Generation, Video Generation and Audio Models (Model | Price),
Agents (Agent | Price): one price a row, never split into input and output, so the token fields stay
unknown and the price is kept in its unit (see cells): ``other:use``, ``other:image``, ``other:video``,
``other:tokens``, in "USD per <unit>"; a unit stated nowhere is recorded unknown and the run warns
naming the table. Image, video and audio models are offerings like the text ones (id: the name in lower
case). Tools and agents belong to no model; they are kept, not dropped, as offerings of kind
"price_class": ``tool/web-search``, ``agent/glm-slide-poster-agent`` (the name in lower case with
hyphens, a note in parentheses such as "(beta)" left out so that the id outlives it).

Read strictly (the run fails): #content and the Text Models table (its heading, columns and caption).
Named and skipped, the rest read (see scrapers/_partial.py): each other table missing, with other columns
or, for Vision Models, another caption; a row of an unfamiliar cell, or of another number of cells (its
model is left unobserved, or added with unknown values when new; a row whose cells do not fit names none).
Tables are picked by heading: a new table under another heading is not read.

Submodules: cells (price cells, units, captions, names).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import OTHER_PREFIX, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, USD_PER_MTOK, Provenance, Value, unknown
from scrapers._base import Fetched, Source
from scrapers._html import charged_and_listed, rows_under, without_marks
from scrapers._partial import Parts
from scrapers.zai.cells import NO_UNIT, caption_unit, check_token_caption, read_price, slug, unit_prices

PROVIDER = Provider("zai", "Z.ai", "https://z.ai")
PRICING_URL = "https://docs.z.ai/guides/overview/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "3"
# 35 offerings in 2026: 21 text and vision models, 10 image, video and audio models, 1 tool, 3 agents.
GUARD = GuardPolicy(min_offerings=12)

MAIN = "Text Models"  # the table that defines the catalogue: without it, the run fails
TABLES = (MAIN, "Vision Models")
COLUMNS = ["Model", "Input", "Cached Input", "Cached Input Storage", "Output"]
FIELDS = ("input", "cached_input", OTHER_PREFIX + "cached_input_storage", "output")
STORAGE_UNIT = "USD per cached-input storage unit (as given)"
ONE_PRICE = {  # title: (columns, id prefix of what is no model)
    "Built-in Tools": (["Tool", "Cost"], "tool/"),
    "Image Generation Models": (["Model", "Price"], ""),
    "Video Generation Models": (["Model", "Price"], ""),
    "Audio Models": (["Model", "Price"], ""),
    "Agents": (["Agent", "Price"], "agent/"),
}


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per row of every price table."""
    page = fetched.pages["pricing"][0]
    content = LexborHTMLParser(page.text()).css_first("#content")
    if content is None:
        raise ParseError(f"{page.url}: the page's content area (#content) not found")
    parts, warnings = Parts(page.url), []
    offerings = _token_table(content, MAIN, page.url, parts)
    for title in TABLES[1:]:
        with parts.table(title):
            offerings += _token_table(content, title, page.url, parts)
    for title, (columns, prefix) in ONE_PRICE.items():
        with parts.table(title):
            rows, unit = rows_under(content, title, columns, page.url), caption_unit(content, title)
            read = partial(_one_price, title=title, prefix=prefix, caption=unit, url=page.url)
            table = _rows(rows, title, len(columns), prefix, parts, read)
            offerings += table
            if any(NO_UNIT in o.values for o in table):
                warnings.append(f"table {title!r}: a price's unit is stated neither in its cell nor under the "
                                "heading; recorded as unknown with the text kept")
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, warnings, parts.unread)


def _token_table(content: LexborNode, title: str, url: str, parts: Parts) -> list[Offering]:
    rows = rows_under(content, title, COLUMNS, url)
    check_token_caption(content, title, url)
    return _rows(rows, title, len(COLUMNS), "", parts, partial(_offering, title=title, url=url))


def _rows(rows: list[list[LexborNode]], title: str, width: int, prefix: str, parts: Parts,
          read: Callable[[list[LexborNode]], Offering]) -> list[Offering]:
    """The offering of each row ``read`` can read; a row it cannot is named, with its model when its cells fit."""
    found = []
    for cells in rows:
        label = without_marks(cells[0]) if cells else "(no cells)"
        model = _model(label, prefix) if len(cells) == width else None  # cells that do not fit name no model
        with parts.row(title, label, model):
            if len(cells) != width:
                raise ParseError(f"{parts.url}: a row of {len(cells)} cells, expected {width}")
            found.append(read(cells))
    return found


def _model(label: str, prefix: str) -> ModelInfo:
    """The model a row prices: the API's names are the table's in lower case ("glm-4.7"); a tool or an
    agent is a price class named by its prefix and the name with hyphens."""
    model_id = prefix + slug(label) if prefix else label.lower()
    return ModelInfo(model_id, label, "price_class" if prefix else "model")


def _offering(cells: list[LexborNode], title: str, url: str) -> Offering:
    model = _model(without_marks(cells[0]), "")
    values: dict[str, Value] = {"cache_write": unknown(Provenance(url, f"{title} · {model.name}"))}
    for field, cell in zip(FIELDS, cells[1:], strict=True):
        written, listed = charged_and_listed(cell)  # a discount: "<del>$0.15</del> $0.075"
        unit = STORAGE_UNIT if field.startswith(OTHER_PREFIX) else USD_PER_MTOK
        label = f"{title} · {model.name} · {field}"
        values[field] = read_price(written, Provenance(url, label, raw=written), unit)
        if listed is not None:  # the list price struck through, kept beside the price charged (as MiniMax's)
            list_field = f"{OTHER_PREFIX}{field.removeprefix(OTHER_PREFIX)}_list_price"
            values[list_field] = read_price(listed, Provenance(url, f"{label} (list price)", raw=listed), unit)
    values |= {f: unknown(Provenance(url, model.name), TOKENS) for f in ("context_window", "max_output_tokens")}
    return Offering(OfferingKey(model.id), model, values, PRICING_URL)


def _one_price(cells: list[LexborNode], title: str, prefix: str, caption: str | None, url: str) -> Offering:
    model, (written, listed) = _model(without_marks(cells[0]), prefix), charged_and_listed(cells[1])
    row = Provenance(url, f"{title} · {model.name}")
    values = {f: unknown(row) for f in PRICE_FIELDS}
    values |= {f: unknown(row, TOKENS) for f in ("context_window", "max_output_tokens")}
    values |= unit_prices(written, caption, f"{title} · {model.name}", url)
    if listed is not None:  # a struck-through list price, kept beside the price charged
        values |= {f"{field}_list_price": value
                   for field, value in unit_prices(listed, caption, f"{title} · {model.name} (list price)",
                                                   url).items()}
    return Offering(OfferingKey(model.id), model, values, PRICING_URL)
