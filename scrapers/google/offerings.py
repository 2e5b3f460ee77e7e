"""A model's offering for one tab, from its table's rows: each row's label names the field its paid cell prices.

Only the Paid Tier column is read: the Free Tier is a quota-limited free allowance, not a price route.
A row that cannot be read is named (scrapers/_partial.py) and its table gives no offering: never half of its rows.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from core.errors import ParseError
from core.offering import LIMIT_FIELDS, PRICE_FIELDS, Announced, ModelInfo, Offering, OfferingKey
from core.values import TOKENS, Provenance, Status, Value, unknown
from scrapers._base import Page
from scrapers._html import STRUCK, clean, node_text, without_marks
from scrapers._partial import Parts
from scrapers.google.cells import NOT_AVAILABLE, read_cell
from scrapers.google.fields import Cell

PRICING_URL = "https://ai.google.dev/gemini-api/docs/pricing"
ROWS = {"Input price": "input", "Input price (text, image, video)": "input", "Text input price": "input",
        "Image input price": "input_image", "Audio input price": "input_audio", "Video input price": "input_video",
        "Output price": "output", "Output price (including thinking tokens)": "output",
        "Context caching price": "cached_input", "Context caching (storage)": "cache_storage",
        "Grounding with Google Search": "grounding_search", "Grounding with Google Maps": "grounding_maps",
        "Grounding with Google Web and Image Search": "grounding_search",
        "Tuning price": "tuning", "Image generation pricing": "image_generation", "Used to improve our products": None}
Rows = list[list[LexborNode]]


def offering(model_id: str, name: str, tier: str, rows: Rows, standard: dict[str, Cell], page: Page,
             parts: Parts) -> Offering | None:
    """The offering of a model in one tier; a row may state a field only once. A row that cannot be read
    is named in ``parts`` and the offering is not given (its other rows alone would be half of it)."""
    values = blank(model_id, tier, page.url)
    announced: list[Announced] = []
    whole = True
    for cells in rows:
        label = row_label(cells[0])
        with parts.row(f"{name} · {tier}", label, ModelInfo(model_id, name), tier) as row:
            if (cell := _cell(label, cells, model_id, name, tier, standard, page)) is not None:
                if clash := [key for key in cell[0] if values.get(key, unknown()).status is not Status.UNKNOWN]:
                    raise ParseError(f"{page.url}: {name} · {tier}: row {label!r} gives {clash[0]!r} a second time")
                values |= cell[0]
                announced += cell[1]
        whole = whole and row.read
    return Offering(OfferingKey(model_id, tier), ModelInfo(model_id, name), values, PRICING_URL,
                    announced=tuple(announced)) if whole else None


def blank(model_id: str, tier: str, url: str) -> dict[str, Value]:
    """Every field unknown until a row states it (the page states no context windows)."""
    values = {f: unknown(Provenance(url, f"{model_id} · {tier}")) for f in PRICE_FIELDS}
    return values | {f: unknown(Provenance(url, model_id), TOKENS) for f in LIMIT_FIELDS}


def _cell(label: str, cells: list[LexborNode], model_id: str, name: str, tier: str, standard: dict[str, Cell],
          page: Page) -> Cell | None:
    """The values of a row's paid cell (None: a row of no price); the Standard tab's are kept in ``standard``
    for "Same as Standard"."""
    if label not in ROWS:
        raise ParseError(f"{page.url}: {name} · {tier}: unknown row {label!r}")
    if ROWS[label] is None:
        return None
    source = Provenance(page.url, f"{model_id} · {tier} · {label}")
    cell = read_cell(ROWS[label], cell_lines(cells[-1]), source, standard.get(label), page.fetched_at.date())
    if tier == "standard":
        standard[label] = cell
    return cell


def unpriced(rows: Rows) -> bool:
    """Every paid cell says "Not available": a free-tier-only model (Gemma 4)."""
    cells = [row[-1] for row in rows if ROWS.get(row_label(row[0]), "unknown row") is not None]
    return bool(cells) and all(NOT_AVAILABLE.fullmatch(node_text(cell)) for cell in cells)


def row_label(cell: LexborNode) -> str:
    return without_marks(cell)  # footnote marks: "Grounding with Google Search*"


def cell_lines(cell: LexborNode) -> list[str]:
    """The cell's lines (separated by <br>), footnote stars removed, struck-through parts as "~~$0.30~~"."""
    lines = [""]
    for child in cell.iter(include_text=True):
        if child.tag == "br":
            lines.append("")
        else:
            lines[-1] += _written(child)
    return [clean(line).replace("*", "") for line in lines if clean(line)]


def _written(node: LexborNode) -> str:
    """A node's text, a struck-through list price in it marked "~~...~~" (as Markdown writes it)."""
    if node.tag in ("del", "s", "strike"):
        return f"~~{clean(node.text(deep=True))}~~"
    if node.tag == "-text" or node.css_first(STRUCK) is None:
        return node.text(deep=True)
    return "".join(_written(child) for child in node.iter(include_text=True))
