"""DeepSeek: prices from its "Models & Pricing" docs page.

Source: https://api-docs.deepseek.com/quick_start/pricing (HTML, prices "per 1M tokens", USD).
One table with a column per model, headed by the API model ids (MODEL row), and a row per
property. Its labels span rows and columns (PRICING spans six rows, each price kind two), so
the table is first expanded into a plain grid. Prices: 1M INPUT TOKENS (CACHE HIT) is
cached input, (CACHE MISS) is input, 1M OUTPUT TOKENS is output, each at OFF-PEAK and PEAK.
PEAK, the full rate, is the standard tier; OFF-PEAK is the off_peak tier, with the hours as
the footnote stating them (found by its wording, "Peak hours are ...", not its number) writes
them in each off-peak price's provenance label. Footnote marks beside a model id ("deepseek-v4-flash (3)",
"deepseek-v4-flash¹", "deepseek-v4-flash*", <sup>) are not part of the id. "Free" is free as scrapers/_words.py
says ("Free", "free*"), the word kept in provenance; a struck-through list price beside the price charged (<del>,
<s>, <strike>) is read as the price charged, the list price kept as other:<field>_list_price. Cache writes are not
priced on the page (unknown). CONTEXT LENGTH ("1M") and MAX OUTPUT ("MAXIMUM: 384K") are
rounded (1,000,000 or 1,048,576?): kept as written in provenance, the token count unknown,
as for Public AI. Not read: base URLs, model versions, thinking mode, features, concurrency.

Read strictly (the run fails): the table whose first row is the MODEL row, as a grid of equal widths.
Named and skipped, the rest read (see scrapers/_partial.py): a model column whose head is no model id; a
row of an unknown label (it spans every model column: those models are named); a model's offering in a
tier whose cell is of an unfamiliar shape, whose price row is missing, or, off-peak, whose hours footnote is
not found (that offering is left unobserved, or added with unknown values when new: never half-read).

Submodules: table (the model table, its grid, model columns and rows by what they price).
"""

from __future__ import annotations

import re
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser

from core.errors import ParseError
from core.guard import GuardPolicy
from core.money import parse_dollars
from core.offering import ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from core.values import TOKENS, Provenance, Value, limit, not_offered, price, unknown
from scrapers._base import Fetched, Source
from scrapers._html import charged_prices, node_text
from scrapers._partial import Parts
from scrapers._words import is_free
from scrapers.deepseek.table import (
    KINDS,
    LIMITS,
    TABLE,
    TIERS,
    Cells,
    grid,
    model_columns,
    model_table,
    peak_hours,
    rows_by_label,
)

PROVIDER = Provider("deepseek", "DeepSeek", "https://www.deepseek.com")
PRICING_URL = "https://api-docs.deepseek.com/quick_start/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=2)  # 3 models x 2 tiers = 6 offerings in August 2026

NOT_OFFERED = ("-", "—", "N/A", "Not available")
_ROUNDED = re.compile(r"(?:MAXIMUM: )?\d+(?:\.\d+)?[KM]")  # "1M", "MAXIMUM: 384K"
_EXACT = re.compile(r"(?:MAXIMUM: )?(\d{1,3}(?:,\d{3})+|\d+)(?: tokens)?")


def parse(fetched: Fetched) -> ScrapeResult:
    """A standard (peak) and an off_peak offering per model column."""
    page = fetched.pages["pricing"][0]
    tree, parts = LexborHTMLParser(page.text()), Parts(page.url)
    rows = grid(model_table(tree, page.url), page.url)
    models = model_columns(rows[0], parts)
    cells = rows_by_label(rows[1:], set(models.values()), parts)
    hours = peak_hours(tree)
    offerings = []
    for column, model in models.items():
        for period, tier in TIERS.items():
            with parts.row(TABLE, f"{model} · {period}", model, tier):  # one model in one tier
                offerings.append(_offering(model, tier, column, cells, hours, page.url))
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, unread=parts.unread)


def _offering(model: str, tier: str, column: int, cells: Cells, hours: str | None, url: str) -> Offering:
    if missing := [f"{f} ({tier})" for f in [*KINDS.values(), *LIMITS.values()] if (f, tier) not in cells]:
        raise ParseError(f"{url}: no row for {', '.join(missing)}")
    if hours is None and tier == "off_peak":  # the off-peak prices are charged at hours the page must state
        raise ParseError(f"{url}: the footnote stating the peak hours ('Peak hours are ...') not found")
    period = {"standard": "PEAK", "off_peak": f"OFF-PEAK · {hours}"}[tier]  # off-peak: the hours as written
    values = {"cache_write": unknown(Provenance(url, model))}
    for label, field in KINDS.items():
        values |= charged_prices(field, cells[field, tier][column], f"{model} · {label} · {period}", url, _price)
    for label, field in LIMITS.items():
        written = node_text(cells[field, tier][column])
        values[field] = _limit(written, Provenance(url, f"{model} · {label}", raw=written))
    return Offering(OfferingKey(model, tier), ModelInfo(model, model), values, PRICING_URL)


def _price(written: str, source: Provenance) -> Value:
    if written in NOT_OFFERED:
        return not_offered(source)
    if is_free(written):  # "Free": stated free, the word kept in provenance
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
