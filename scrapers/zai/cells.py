"""Z.ai's price cells: an amount, "Free", "-" or "\\", in the unit of the cell or of the table's caption.

"Free" (as scrapers/_words.py says, "Limited-time Free" too) is free, the words kept in provenance; "-" is not offered
(GLM-4-32B has no cached input); "\\" (GLM-OCR) is not explained, so unknown. A one-price cell is kept in
its unit, the cell's ("$0.01 / use") or else that of the caption under the heading ("Prices per image.");
"/ MTok" (per 1M tokens, of no stated kind) is other:tokens. The audio cell's "(equivalent to approximately
$0.0024/minute)" is other:minute, derived (the page's own conversion; tokens are what is billed). A unit given
by neither the cell nor a caption is not guessed: other:price is unknown, its text kept.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import OTHER_PREFIX
from core.values import USD_PER_MTOK, Provenance, Value, not_offered, price, unknown
from scrapers._html import node_text
from scrapers._words import FREE, is_free  # "Free", "Limited-time Free", "free*": it costs nothing

NOT_OFFERED = "-"  # the page's mark for a price a model does not have (GLM-4-32B has no cached input)
NOTHING = "\\"  # GLM-OCR's cells: the page does not say what it means, so the value is unknown
TOKEN_UNITS = ("MTok", "1M tokens")
NO_UNIT = OTHER_PREFIX + "price"
_AMOUNT = r"\$\d+(?:\.\d+)?"
_CELL = re.compile(rf"^({_AMOUNT}|{FREE.pattern}|-|\\)(?: ?/ ?([^()$/]+?))?"
                   rf"(?: \(equivalent to approximately ({_AMOUNT}) ?/ ?(\w+)\))?$")
_CAPTION = re.compile(r"^Prices per (.+?)\.?$")


def read_price(written: str, source: Provenance, unit: str) -> Value:
    if written == NOT_OFFERED:
        return not_offered(source, unit)
    if written == NOTHING:
        return unknown(source, unit)
    if is_free(written):  # free now; "Limited-time" stays in provenance
        return price(parse_dollars("$0"), source, unit)
    try:
        return price(parse_dollars(written), source, unit)
    except ValueError as exc:
        raise ParseError(f"{source.source}: {source.label}: {written!r} is not a price") from exc


def caption_unit(content: LexborNode, title: str) -> str | None:
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


def check_token_caption(content: LexborNode, title: str, url: str) -> None:
    # The token tables' cells are bare amounts: only the caption says they are per 1M tokens.
    if (caption := caption_unit(content, title)) != "1M tokens":
        raise ParseError(f"{url}: table {title!r}: expected the caption 'Prices per 1M tokens.', found "
                         f"{'none' if caption is None else repr(caption)}")


def unit_prices(written: str, caption: str | None, label: str, url: str) -> dict[str, Value]:
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
    field, unit = ("tokens", USD_PER_MTOK) if unit in TOKEN_UNITS else (slug(unit, "_"), f"USD per {unit}")
    field = OTHER_PREFIX + field
    values = {field: read_price(amount, Provenance(url, f"{label} · {field}", raw=written), unit)}
    if approximate:
        rule = f"equivalent to approximately {approximate}/{approximate_unit}, as the page states"
        source = Provenance(url, f"{label} · {OTHER_PREFIX}{approximate_unit}", rule=rule, raw=written)
        values[OTHER_PREFIX + approximate_unit] = price(parse_dollars(approximate), source,
                                                        f"USD per {approximate_unit}")
    return values


def slug(text: str, joiner: str = "-") -> str:
    return re.sub(r"[^a-z0-9]+", joiner, re.sub(r"\(.*?\)", "", text).lower()).strip(joiner)
