"""DeepSeek: prices from its "Models & Pricing" docs page.

Source: https://api-docs.deepseek.com/quick_start/pricing (HTML, prices "per 1M tokens", USD).
One table with a column per model, headed by the API model ids (MODEL row), and a row per
property. Its labels span rows and columns (PRICING spans six rows, each price kind two), so
the table is first expanded into a plain grid. Prices: 1M INPUT TOKENS (CACHE HIT) is
cached input, (CACHE MISS) is input, 1M OUTPUT TOKENS is output, each at OFF-PEAK and PEAK.
PEAK, the full rate, is the standard tier; OFF-PEAK is the off_peak tier, with the hours as
the footnote stating them (found by its wording, "Peak hours are ...", not its number) writes
them in each off-peak price's provenance label. Footnote marks beside a model id ("deepseek-v4-flash (3)") are
not part of the id. Cache writes are not
priced on the page (unknown). CONTEXT LENGTH ("1M") and MAX OUTPUT ("MAXIMUM: 384K") are
rounded (1,000,000 or 1,048,576?): kept as written in provenance, the token count unknown,
as for Public AI. Not read: base URLs, model versions, thinking mode, features, concurrency.
"""

from __future__ import annotations

import re
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, limit, not_offered, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import node_text

PROVIDER = Provider("deepseek", "DeepSeek", "https://www.deepseek.com")
PRICING_URL = "https://api-docs.deepseek.com/quick_start/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=2)  # 3 models x 2 tiers = 6 offerings in August 2026

KINDS = {"1M INPUT TOKENS (CACHE HIT)": "cached_input", "1M INPUT TOKENS (CACHE MISS)": "input",
         "1M OUTPUT TOKENS": "output"}
TIERS = {"PEAK": "standard", "OFF-PEAK": "off_peak"}
LIMITS = {"CONTEXT LENGTH": "context_window", "MAX OUTPUT": "max_output_tokens"}
NOT_READ = ("BASE URL", "MODEL VERSION", "THINKING MODE", "FEATURES", "Concurrency Limit")
NOT_OFFERED = ("-", "—", "N/A", "Not available")
_MODEL_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
_HOURS = re.compile(r"(Peak hours are [^.]+)\.")
_FOOTNOTE_MARKS = re.compile(r"(?:\s*\(\d+\))+$")  # "deepseek-v4-flash (1)(3)": the marks are not the id
_ROUNDED = re.compile(r"(?:MAXIMUM: )?\d+(?:\.\d+)?[KM]")  # "1M", "MAXIMUM: 384K"
_EXACT = re.compile(r"(?:MAXIMUM: )?(\d{1,3}(?:,\d{3})+|\d+)(?: tokens)?")


def parse(fetched: Fetched) -> ScrapeResult:
    """A standard (peak) and an off_peak offering per model column."""
    page = fetched.pages["pricing"][0]
    tree = LexborHTMLParser(page.text())
    table = tree.css_first("table")
    if table is None:
        raise ParseError(f"{page.url}: model and pricing table not found")
    hours = _peak_hours(tree, page.url)
    grid = _grid(table, page.url)
    cells = _rows_by_label(grid[1:], page.url)
    offerings = [_offering(model, tier, column, cells, hours, page.url)
                 for column, model in enumerate(_models(grid[0], page.url)) for tier in TIERS.values()]
    return ScrapeResult(offerings, {PRICING_URL})


def _peak_hours(tree: LexborHTMLParser, url: str) -> str:
    """The peak-hours sentence, as written, of the footnote stating it: found by what it says, not by
    its number (the page has renumbered its footnotes before)."""
    for paragraph in tree.css("p"):
        text = node_text(paragraph)
        if re.match(r"\(\d+\)", text) and (hours := _HOURS.search(text)):
            return hours.group(1)
    raise ParseError(f"{url}: the footnote stating the peak hours ('Peak hours are ...') not found")


def _grid(table: LexborNode, url: str) -> list[list[str]]:
    """The table as rows of equal width: a cell spanning rows or columns is repeated in each."""
    grid: list[list[str]] = []
    above: dict[int, tuple[int, str]] = {}  # column -> (rows it still covers, text) of a rowspan cell
    for tr in table.css("tr"):
        row, cells = [], tr.css("td, th")
        while cells or len(row) in above:
            if len(row) in above:
                left, text = above.pop(len(row))
                if left > 1:
                    above[len(row)] = (left - 1, text)
                row.append(text)
                continue
            cell = cells.pop(0)
            height, width = _span(cell, "rowspan", url), _span(cell, "colspan", url)
            above |= {len(row) + i: (height - 1, node_text(cell)) for i in range(width) if height > 1}
            row += [node_text(cell)] * width
        grid.append(row)
    if len({len(row) for row in grid}) != 1 or len(grid[0]) < 4:
        raise ParseError(f"{url}: the table's rows have {[len(r) for r in grid]} columns, expected equal widths")
    return grid


def _models(header: list[str], url: str) -> list[str]:
    """The API model ids heading the model columns (the MODEL row)."""
    if header[:3] != ["MODEL"] * 3:
        raise ParseError(f"{url}: the table's first row is {header[:3]}, expected the MODEL row")
    models = [_FOOTNOTE_MARKS.sub("", cell) for cell in header[3:]]
    if bad := [m for m in models if not _MODEL_ID.fullmatch(m)]:
        raise ParseError(f"{url}: MODEL row cells {bad} are not API model ids")
    return models


def _span(cell: LexborNode, name: str, url: str) -> int:
    written = cell.attributes.get(name) or "1"
    if not written.isdigit() or int(written) < 1:
        raise ParseError(f"{url}: a cell has {name}={written!r}")
    return int(written)


def _rows_by_label(rows: list[list[str]], url: str) -> dict[tuple[str, str], list[str]]:
    """The model columns of each row read, by (field, tier); limits are the same in both tiers."""
    cells: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        if row[0].startswith("PRICING"):  # "PRICING (1)(2)": footnote marks follow the label
            if row[1] not in KINDS or row[2] not in TIERS:
                raise ParseError(f"{url}: unknown price row {row[1]!r} · {row[2]!r}")
            cells[KINDS[row[1]], TIERS[row[2]]] = row[3:]
        elif row[0] in LIMITS:
            cells |= {(LIMITS[row[0]], tier): row[3:] for tier in TIERS.values()}
        elif not row[0].startswith(NOT_READ):
            raise ParseError(f"{url}: unknown row {row[0]!r}")
    missing = [f"{f} ({t})" for f in [*KINDS.values(), *LIMITS.values()] for t in TIERS.values()
               if (f, t) not in cells]
    if missing:
        raise ParseError(f"{url}: no row for {', '.join(missing)}")
    return cells


def _offering(model: str, tier: str, column: int, cells: dict[tuple[str, str], list[str]], hours: str,
              url: str) -> Offering:
    period = {"standard": "PEAK", "off_peak": f"OFF-PEAK · {hours}"}[tier]  # off-peak: the hours as written
    values = {"cache_write": unknown(Provenance(url, model))}
    for label, field in KINDS.items():
        written = cells[field, tier][column]
        values[field] = _price(written, Provenance(url, f"{model} · {label} · {period}", raw=written))
    for label, field in LIMITS.items():
        written = cells[field, tier][column]
        values[field] = _limit(written, Provenance(url, f"{model} · {label}", raw=written))
    return Offering(OfferingKey(model, tier), ModelInfo(model, model), values, PRICING_URL)


def _price(written: str, source: Provenance) -> Value:
    if written in NOT_OFFERED:
        return not_offered(source)
    if written == "Free":
        return price(Decimal(0), source)
    try:
        return price(parse_dollars(written), source)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {written!r} is not a price") from exc


def _limit(written: str, source: Provenance) -> Value:
    if exact := _EXACT.fullmatch(written):
        return limit(int(exact.group(1).replace(",", "")), source)
    if _ROUNDED.fullmatch(written):  # "1M" may be 1,000,000 or 1,048,576: not guessed
        return unknown(source, TOKENS)
    raise ParseError(f"{source.source}: {source.label}: {written!r} is not a token count")
