"""Z.ai (Zhipu): GLM prices from its pricing docs page.

Source: https://docs.z.ai/guides/overview/pricing (HTML; "All prices are in USD"). Tables are looked
up in the content area (#content): the navigation repeats titles such as "Agents" as headings.

Text Models and Vision Models ("Prices per 1M tokens."): Model | Input | Cached Input | Cached
Input Storage | Output, bare amounts whose unit is the caption (anything but "Prices per 1M
tokens." fails the run). "Free" and "Limited-time Free" are free (the words kept in provenance);
"-" is not offered (GLM-4-32B has no cached input); "\\" (GLM-OCR) is not explained, so unknown.
A struck-through list price beside the price charged (``<del>$0.15</del> $0.075``) is read as the
price charged, the list price kept as other:<field>_list_price.
Cached-input storage is priced in a unit the table does not
give: kept apart in ``other_prices`` (``cached_input_storage``).

Built-in Tools (Tool | Cost), Image Generation, Video Generation and Audio Models (Model | Price),
Agents (Agent | Price): one price a row, never split into input and output, so the token fields stay
unknown and the price is kept in its unit, the cell's ("$0.01 / use") or else that of the caption
under the heading ("Prices per image."): ``other:use``, ``other:image``, ``other:video``, in
"USD per <unit>". "/ MTok" (per 1M tokens, of no stated kind) is ``other:tokens`` in USD per
1M tokens. The audio cell's "(equivalent to approximately $0.0024/minute)" is ``other:minute``,
derived (the page's own conversion; tokens are what is billed). A unit given by neither the cell
nor a caption is not guessed: ``other:price`` is unknown, its text kept, and the run warns naming
the table. Image, video and audio models are offerings like the text ones (id: the name in lower
case). Tools and agents belong to no model; they are kept, not dropped, as offerings of kind
"price_class": ``tool/web-search``, ``agent/glm-slide-poster-agent`` (the name in lower case with
hyphens, a note in parentheses such as "(beta)" left out so that the id outlives it).
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, USD_PER_MTOK, Provenance, Value, not_offered, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import charged_and_listed, node_text, rows_under

PROVIDER = Provider("zai", "Z.ai", "https://z.ai")
PRICING_URL = "https://docs.z.ai/guides/overview/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "3"
# 35 offerings in 2026: 21 text and vision models, 10 image, video and audio models, 1 tool, 3 agents.
GUARD = GuardPolicy(min_offerings=12)

TABLES = ("Text Models", "Vision Models")
COLUMNS = ["Model", "Input", "Cached Input", "Cached Input Storage", "Output"]
FIELDS = ("input", "cached_input", OTHER_PREFIX + "cached_input_storage", "output")
STORAGE_UNIT = "USD per cached-input storage unit (as given)"
NOT_OFFERED = "-"  # the page's mark for a price a model does not have (GLM-4-32B has no cached input)
NOTHING = "\\"  # GLM-OCR's cells: the page does not say what it means, so the value is unknown
ONE_PRICE = {  # title: (columns, id prefix of what is no model)
    "Built-in Tools": (["Tool", "Cost"], "tool/"),
    "Image Generation Models": (["Model", "Price"], ""),
    "Video Generation Models": (["Model", "Price"], ""),
    "Audio Models": (["Model", "Price"], ""),
    "Agents": (["Agent", "Price"], "agent/"),
}
TOKEN_UNITS = ("MTok", "1M tokens")
NO_UNIT = OTHER_PREFIX + "price"
_AMOUNT = r"\$\d+(?:\.\d+)?"
_CELL = re.compile(rf"^({_AMOUNT}|Free|Limited-time Free|-|\\)(?: ?/ ?([^()$/]+?))?"
                   rf"(?: \(equivalent to approximately ({_AMOUNT}) ?/ ?(\w+)\))?$")
_CAPTION = re.compile(r"^Prices per (.+?)\.?$")


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard-tier offering per row of every price table."""
    page = fetched.pages["pricing"][0]
    content = LexborHTMLParser(page.text()).css_first("#content")
    if content is None:
        raise ParseError(f"{page.url}: the page's content area (#content) not found")
    offerings, warnings = [], []
    for title in TABLES:
        rows = rows_under(content, title, COLUMNS, page.url)
        _check_token_caption(content, title, page.url)
        offerings += [_offering(cells, title, page.url) for cells in rows]
    for title, (columns, prefix) in ONE_PRICE.items():
        rows, unit = rows_under(content, title, columns, page.url), _caption_unit(content, title)
        table = [_one_price(cells, title, prefix, unit, page.url) for cells in rows]
        offerings += table
        if any(NO_UNIT in o.values for o in table):
            warnings.append(f"table {title!r}: a price's unit is stated neither in its cell nor under the heading; "
                            "recorded as unknown with the text kept")
    return ScrapeResult(offerings, {PRICING_URL}, warnings)


def _offering(cells: list[LexborNode], title: str, url: str) -> Offering:
    name = node_text(cells[0])
    model_id = name.lower()  # the API's model names are the table's, in lower case ("glm-4.7")
    values: dict[str, Value] = {"cache_write": unknown(Provenance(url, f"{title} · {name}"))}
    for field, cell in zip(FIELDS, cells[1:], strict=True):
        written, listed = charged_and_listed(cell)  # a discount: "<del>$0.15</del> $0.075"
        unit = STORAGE_UNIT if field.startswith(OTHER_PREFIX) else USD_PER_MTOK
        label = f"{title} · {name} · {field}"
        values[field] = _price(written, Provenance(url, label, raw=written), unit)
        if listed is not None:  # the list price struck through, kept beside the price charged (as MiniMax's)
            list_field = f"{OTHER_PREFIX}{field.removeprefix(OTHER_PREFIX)}_list_price"
            values[list_field] = _price(listed, Provenance(url, f"{label} (list price)", raw=listed), unit)
    values |= {f: unknown(Provenance(url, name), TOKENS) for f in ("context_window", "max_output_tokens")}
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name), values, PRICING_URL)


def _check_token_caption(content: LexborNode, title: str, url: str) -> None:
    # The token tables' cells are bare amounts: only the caption says they are per 1M tokens.
    if (caption := _caption_unit(content, title)) != "1M tokens":
        raise ParseError(f"{url}: table {title!r}: expected the caption 'Prices per 1M tokens.', found "
                         f"{'none' if caption is None else repr(caption)}")


def _price(written: str, source: Provenance, unit: str) -> Value:
    if written == NOT_OFFERED:
        return not_offered(source, unit)
    if written == NOTHING:
        return unknown(source, unit)
    if written in ("Free", "Limited-time Free"):  # free now; "Limited-time" stays in provenance
        return price(parse_dollars("$0"), source, unit)
    try:
        return price(parse_dollars(written), source, unit)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {written!r} is not a price") from exc


def _caption_unit(content: LexborNode, title: str) -> str | None:
    """The unit of the caption between a table's heading and the table ("Prices per image."), if any."""
    after = False
    for node in content.css('h2, h3, span[data-as="p"], table'):
        if node.tag in ("h2", "h3"):
            after = node_text(node).startswith(title)
        elif node.tag == "table" and after:
            return None
        elif after and (match := _CAPTION.match(node_text(node))):
            return match.group(1)
    return None


def _one_price(cells: list[LexborNode], title: str, prefix: str, caption: str | None, url: str) -> Offering:
    name, (written, listed) = node_text(cells[0]), charged_and_listed(cells[1])
    model_id = prefix + _slug(name) if prefix else name.lower()
    row = Provenance(url, f"{title} · {name}")
    values = {f: unknown(row) for f in PRICE_FIELDS}
    values |= {f: unknown(row, TOKENS) for f in ("context_window", "max_output_tokens")}
    values |= _unit_prices(written, caption, f"{title} · {name}", url)
    if listed is not None:  # a struck-through list price, kept beside the price charged
        values |= {f"{field}_list_price": value
                   for field, value in _unit_prices(listed, caption, f"{title} · {name} (list price)", url).items()}
    return Offering(OfferingKey(model_id), ModelInfo(model_id, name, "price_class" if prefix else "model"),
                    values, PRICING_URL)


def _unit_prices(written: str, caption: str | None, label: str, url: str) -> dict[str, Value]:
    """The cell's price in the unit it is written in, and the page's stated per-minute equivalent."""
    match = _CELL.match(written)
    if not match:
        raise ParseError(f"{url}: {label}: {written!r} is not a price")
    amount, unit, approximate, approximate_unit = match.groups()
    if unit and caption and unit != caption:
        raise ParseError(f"{url}: {label}: {written!r} is priced per {unit!r}, the table per {caption!r}")
    unit = unit or caption
    if unit is None:  # not guessed: the run warns
        return {NO_UNIT: unknown(Provenance(url, f"{label} · {NO_UNIT}", raw=written), "USD per unit not stated")}
    field, unit = ("tokens", USD_PER_MTOK) if unit in TOKEN_UNITS else (_slug(unit, "_"), f"USD per {unit}")
    field = OTHER_PREFIX + field
    values = {field: _price(amount, Provenance(url, f"{label} · {field}", raw=written), unit)}
    if approximate:
        rule = f"equivalent to approximately {approximate}/{approximate_unit}, as the page states"
        source = Provenance(url, f"{label} · {OTHER_PREFIX}{approximate_unit}", rule=rule, raw=written)
        values[OTHER_PREFIX + approximate_unit] = price(parse_dollars(approximate), source,
                                                        f"USD per {approximate_unit}")
    return values


def _slug(name: str, joiner: str = "-") -> str:
    return re.sub(r"[^a-z0-9]+", joiner, re.sub(r"\(.*?\)", "", name).lower()).strip(joiner)
