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
Not read (one warning): the per-image / per-second / per-song tables (Imagen, Veo, Lyria) and the
tools and agents tables. The page states no context windows.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import (
    LIMIT_FIELDS,
    MAIN_FIELDS,
    OTHER_PREFIX,
    PRICE_FIELDS,
    Announced,
    ModelInfo,
    Offering,
    OfferingKey,
    Provider,
    ScrapeResult,
)
from core.values import TOKENS, USD_PER_MTOK, Provenance, Status, Value, not_offered, price, unknown
from scrapers._base import Fetched, Page, Source
from scrapers._html import clean, node_text, table_rows

PROVIDER = Provider("google", "Google Gemini API", "https://ai.google.dev")
PRICING_URL = "https://ai.google.dev/gemini-api/docs/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=26)  # 78 model x tier tables in August 2026

COLUMNS = ["", "Free Tier", "Paid Tier, per 1M tokens in USD"]
MEDIA_COLUMNS = ("Paid Tier, per Image in USD", "Paid Tier, per second in USD", "Paid Tier, per request in USD")
NOT_MODELS = ("Pricing for tools", "Pricing for agents")
TABS = {"Standard": "standard", "Batch": "batch", "Flex": "flex", "Priority": "priority"}
ROWS = {"Input price": "input", "Input price (text, image, video)": "input", "Text input price": "input",
        "Image input price": "input_image", "Audio input price": "input_audio", "Video input price": "input_video",
        "Output price": "output", "Output price (including thinking tokens)": "output",
        "Context caching price": "cached_input", "Context caching (storage)": "cache_storage",
        "Grounding with Google Search": "grounding_search", "Grounding with Google Maps": "grounding_maps",
        "Grounding with Google Web and Image Search": "grounding_search",
        "Tuning price": "tuning", "Image generation pricing": "image_generation", "Used to improve our products": None}
_NOT_AVAILABLE = re.compile(r"Not available( \(shut down\))?")
SAME = "Same as Standard"
_ITEM = re.compile(r"\$(?P<amount>[\d,]*\.?\d+)(?: or \$(?P<minute>[\d.]+)/min)?"
                   r"(?P<storage> / 1,000,000 tokens per hour(?: \(storage price\))?)?(?: / 1,000,000 tokens)?"
                   r"(?: per (?P<per>[\w./ ]+?))?(?: \((?P<mod>[a-z ,/]+)\))?"
                   r"(?:,? prompts (?P<cmp><=|>) (?P<threshold>\d+k)(?: tokens?)?)?"
                   r"(?: (?P<when>through|starting) (?P<day>[A-Z][a-z]+ \d{1,2}, \d{4}))?")
_GROUNDING = re.compile(r".+?, then \$(?P<amount>[\d.,]+) (?:/|per) 1,000 "
                        r"(?:grounded prompts|requests|search queries)(?: for [\w -]+)?\.?")
Cell = tuple[dict[str, Value], list[Announced]]  # a cell's values now, and those announced for later
Section = tuple[str, list[str], list[tuple[str, LexborNode]]]


def parse(fetched: Fetched) -> ScrapeResult:
    """One offering per model section and tab (tier) with a paid price."""
    page = fetched.pages["pricing"][0]
    offerings, skipped = [], []
    for name, ids, tables in _sections(LexborHTMLParser(page.text()), page.url):
        standard: dict[str, Cell] = {}
        for tier, table in tables:
            header, rows = table_rows(table)
            if name in NOT_MODELS or header and header[-1] in MEDIA_COLUMNS or _unpriced(rows):
                skipped.append(name)
                continue
            if header != COLUMNS:
                raise ParseError(f"{page.url}: {name} · {tier}: table has columns {header}, expected {COLUMNS}")
            if not ids:
                raise ParseError(f"{page.url}: section {name!r} has prices but no model id (<code>)")
            offerings.append(_offering(ids[0], name, tier, rows, standard, page))
    if not offerings:
        raise ParseError(f"{page.url}: no model price tables found")
    warning = f"not read: {', '.join(dict.fromkeys(skipped))} (media, tools and agents tables; free-tier-only models)"
    return ScrapeResult(offerings, {PRICING_URL}, [warning] if skipped else [])


def _sections(tree: LexborHTMLParser, url: str) -> list[Section]:
    """(h2 text, model ids, [(tier, table)]) per h2 section, in page order."""
    found: list[Section] = []
    for node in tree.css("h2, div.heading-group code, table.pricing-table"):
        if node.tag == "h2":
            found.append((re.sub(r"[^\w)]+$", "", node_text(node)), [], []))
        elif found and node.tag == "code":
            found[-1][1].append(node_text(node))
        elif found:
            found[-1][2].append((_tier(node, found[-1][0], url), node))
    return found


def _tier(table: LexborNode, section: str, url: str) -> str:
    tab = table.parent.css_first("h3") if table.parent and table.parent.tag == "section" else None
    if tab is None:  # a model with one table has no tabs
        return "standard"
    if node_text(tab) not in TABS:
        raise ParseError(f"{url}: {section}: unknown tab {node_text(tab)!r}, expected one of {list(TABS)}")
    return TABS[node_text(tab)]


def _unpriced(rows: list[list[LexborNode]]) -> bool:
    """Every paid cell says "Not available": a free-tier-only model (Gemma 4)."""
    cells = [row[-1] for row in rows if ROWS.get(_label(row[0]), "unknown row") is not None]
    return bool(cells) and all(_NOT_AVAILABLE.fullmatch(node_text(cell)) for cell in cells)


def _offering(model_id: str, name: str, tier: str, rows: list[list[LexborNode]], standard: dict[str, Cell],
              page: Page) -> Offering:
    values: dict[str, Value] = {f: unknown(Provenance(page.url, f"{model_id} · {tier}")) for f in PRICE_FIELDS}
    values |= {f: unknown(Provenance(page.url, model_id), TOKENS) for f in LIMIT_FIELDS}
    announced: list[Announced] = []
    for cells in rows:
        label = _label(cells[0])
        if label not in ROWS:
            raise ParseError(f"{page.url}: {name} · {tier}: unknown row {label!r}")
        if ROWS[label] is None:
            continue
        source = Provenance(page.url, f"{model_id} · {tier} · {label}")
        cell = _cell(ROWS[label], _lines(cells[-1]), source, standard.get(label), page.fetched_at.date())
        if tier == "standard":
            standard[label] = cell
        if clash := [key for key in cell[0] if values.get(key, unknown()).status is not Status.UNKNOWN]:
            raise ParseError(f"{page.url}: {name} · {tier}: row {label!r} gives {clash[0]!r} a second time")
        values |= cell[0]
        announced += cell[1]
    return Offering(OfferingKey(model_id, tier), ModelInfo(model_id, name), values, PRICING_URL,
                    announced=tuple(announced))


def _label(cell: LexborNode) -> str:
    return node_text(cell).rstrip("* ")  # footnote stars: "Grounding with Google Search*"


def _lines(cell: LexborNode) -> list[str]:
    """The cell's lines (separated by <br>), footnote stars removed."""
    lines = [""]
    for child in cell.iter(include_text=True):
        if child.tag == "br":
            lines.append("")
        else:
            lines[-1] += child.text(deep=True)
    return [clean(line).replace("*", "") for line in lines if clean(line)]


def _cell(field: str, lines: list[str], source: Provenance, standard: Cell | None, today: date) -> Cell:
    text = " ".join(lines)
    if _NOT_AVAILABLE.fullmatch(text):
        return {_key(field): not_offered(replace(source, raw=text))}, []
    if text == "Free of charge":
        return {_key(field): price(Decimal(0), replace(source, raw=text))}, []
    if field.startswith("grounding"):
        return {_key(field): _grounding(text, source)}, []
    if lines[0] == SAME:
        if len(lines) > 1:  # the cell restates the Standard prices under "Same as Standard": read them
            lines = lines[1:]
        elif standard is None:
            raise ParseError(f"{source.source}: {source.label}: {SAME!r} but the Standard table has no such row")
        else:
            return _derived(standard, source)
    return _dated(_items(field, lines, source), source, today)


def _items(field: str, lines: list[str], source: Provenance) -> list[tuple[str, Value, str | None, str | None]]:
    """(key, value, "through"/"starting", date) of every price in the cell's lines."""
    # "$0.0006 (image)" in a per-1M-token column is per image (footnote: "Image input is set at ... per image").
    parts = [re.sub(r"^\$([\d.]+) \(image\)$", r"$\1 per image", part)
             for line in lines for part in re.split(r",\s*(?:and\s+)?(?=\$)", _tidy(line))]
    matches = [_ITEM.fullmatch(part) for part in parts]
    for part, match in zip(parts, matches, strict=True):
        if not match:
            raise ParseError(f"{source.source}: {source.label}: {part!r} is not a price")
    single = len({m["mod"] for m in matches if not m["per"] and not m["storage"]}) <= 1
    items = []
    for part, m in zip(parts, matches, strict=True):
        key = _item_key(field, m, single)
        unit = f"USD per {m['per']}" if m["per"] else "USD per 1M tokens per hour" if m["storage"] else None
        items.append((key, _money(m["amount"], source, part, unit), m["when"], m["day"]))
        if m["minute"]:
            items.append((f"{key}_per_minute", _money(m["minute"], source, part, "USD per minute"), m["when"],
                          m["day"]))
    return items


def _tidy(line: str) -> str:
    """A line without its lead-in ("and", "Equivalent to"), trailing punctuation and "($x per image)" brackets."""
    line = re.sub(r" \((\$[^)]+)\)", r", \1", line)  # "$0.45 ($0.00012 per image)": two prices
    return re.sub(r"^(?:and |equivalent to )", "", line, flags=re.IGNORECASE).rstrip(".,")


def _item_key(field: str, m: re.Match[str], single: bool) -> str:
    if m["storage"]:
        return "cache_storage"
    if m["per"]:
        return f"{field}_per_{_slug(m['per'])}"
    mod = m["mod"]
    key = field if single or not mod or "text" in mod else f"{field}_{_slug(mod)}"
    return f"{key}_above_{m['threshold']}" if m["cmp"] == ">" else key


def _dated(items: list[tuple[str, Value, str | None, str | None]], source: Provenance, today: date) -> Cell:
    """The prices in force on ``today``; those starting later are announced, those ended are dropped."""
    values: dict[str, Value] = {}
    announced = []
    for key, value, when, day in items:
        start = _date(day, source) if day else None
        if when == "starting" and start > today:
            announced.append(Announced(_key(key), value, start))
        elif when != "through" or today <= start:
            if _key(key) in values:
                raise ParseError(f"{source.source}: {source.label}: two prices for {key!r}")
            values[_key(key)] = value
    return values, announced


def _date(day: str, source: Provenance) -> date:
    try:
        return datetime.strptime(day, "%B %d, %Y").date()
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {day!r} is not a date") from exc


def _derived(standard: Cell, source: Provenance) -> Cell:
    rule = dict(label=source.label, rule=SAME, raw=SAME)
    values = {k: replace(v, provenance=replace(v.provenance, **rule)) for k, v in standard[0].items()}
    return values, [replace(a, value=replace(a.value, provenance=replace(a.value.provenance, **rule)))
                    for a in standard[1]]


def _grounding(text: str, source: Provenance) -> Value:
    match = _GROUNDING.fullmatch(text)
    if not match:
        raise ParseError(f"{source.source}: {source.label}: {text!r} is not 'free allowance, then $x / 1,000 ...'")
    # "grounded prompts", "requests" and "search queries" are all billed requests: one unit for all.
    return _money(match["amount"], source, text, "USD per 1,000 requests")


def _money(amount: str, source: Provenance, raw: str, unit: str | None) -> Value:
    return price(parse_dollars("$" + amount), replace(source, raw=raw), unit or USD_PER_MTOK)


def _key(field: str) -> str:
    return field if field in MAIN_FIELDS else OTHER_PREFIX + field


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
