"""A paid cell's grammar: one price a line, each with its modality, threshold, unit or dates.

"$2.00, prompts <= 200k tokens" / "$4.00, prompts > 200k" (-> other:<field>_above_200k), "$0.25 (text /
image / video)" / "$0.50 (audio)" (the text price is the field, the others other:<field>_<modality>),
"$x / 1,000,000 tokens per hour (storage price)" (other:cache_storage), "or $x/min", "$x per 1K image".
"Free" (as scrapers/_words.py says) / "Free of charge" is free; a struck-through list price before the price charged
("~~$0.30~~ $0.15", from <del>, <s> or <strike>: see offerings.cell_lines) is other:<key>_list_price.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

from core.errors import ParseError
from core.values import USD_PER_MTOK, Provenance, Value, not_offered, price
from scrapers._words import FREE_WORD, MARK, is_free
from scrapers.google.dated import Item, dated
from scrapers.google.fields import Cell, key, money, slug

NOT_AVAILABLE = re.compile(r"Not available( \(shut down\))?")
SAME = "Same as Standard"
_OF_CHARGE = re.compile(r"(?i)(?<=free) of charge")  # Google's "Free of charge": the same as "Free"
GROUNDING_UNIT = "USD per 1,000 requests"
WHOLE_UNITS = {"cache_storage": "USD per 1M tokens per hour", "grounding_search": GROUNDING_UNIT,
               "grounding_maps": GROUNDING_UNIT}
_ITEM = re.compile(r"(?:~~\$(?P<listed>[\d,]*\.?\d+)~~ ?)?"  # a struck-through list price, then the one charged
                   rf"(?:\$(?P<amount>[\d,]*\.?\d+)|(?P<free>{FREE_WORD}(?i: of charge)?{MARK}*))"  # "$0.30", "Free"
                   r"(?: or \$(?P<minute>[\d.]+)/min)?"
                   r"(?P<storage> / 1,000,000 tokens per hour(?: \(storage price\))?)?(?: / 1,000,000 tokens)?"
                   r"(?: per (?P<per>[\w./ ]+?))?(?: \((?P<mod>[a-z ,/]+)\))?"
                   r"(?:,? prompts (?P<cmp><=|>) (?P<threshold>\d+k)(?: tokens?)?)?"
                   r"(?: (?P<when>through|starting) (?P<day>[A-Z][a-z]+ \d{1,2}, \d{4}))?")
_GROUNDING = re.compile(r".+?, then \$(?P<amount>[\d.,]+) (?:/|per) 1,000 "
                        r"(?:grounded prompts|requests|search queries)(?: for [\w -]+)?\.?")


def stated_free(text: str) -> bool:
    """"Free" as scrapers/_words.py says ("Free", "free*"), or Google's "Free of charge" (any case)."""
    return is_free(_OF_CHARGE.sub("", text, count=1))


def read_cell(field: str, lines: list[str], source: Provenance, standard: Cell | None, today: date) -> Cell:
    """The values of a paid cell whose row names ``field``; ``standard`` is the Standard tab's cell of the row."""
    if not lines:  # an empty paid cell: a shape the parser does not know, never read as anything
        raise ParseError(f"{source.source}: {source.label}: the paid cell is empty")
    if (value := _whole(field, " ".join(lines), source)) is not None:
        return {key(field): value}, []
    if lines[0] == SAME:
        if len(lines) == 1:
            return _same(standard, source)
        lines = lines[1:]  # the cell restates the Standard prices under "Same as Standard": read them
    return dated(_items(field, lines, source), source, today)


def _whole(field: str, text: str, source: Provenance) -> Value | None:
    """The value of a cell read as a whole: "Not available", "Free of charge", a grounding price."""
    if NOT_AVAILABLE.fullmatch(text):
        return not_offered(replace(source, raw=text))
    if stated_free(text):  # a whole cell says no amount, no unit: the unit its row's prices are in
        return price(Decimal(0), replace(source, raw=text), WHOLE_UNITS.get(field, USD_PER_MTOK))
    return _grounding(text, source) if field.startswith("grounding") else None


def _same(standard: Cell | None, source: Provenance) -> Cell:
    """"Same as Standard" alone: the Standard table's values, derived by that rule."""
    if standard is None:
        raise ParseError(f"{source.source}: {source.label}: {SAME!r} but the Standard table has no such row")
    rule = dict(label=source.label, rule=SAME, raw=SAME)
    values = {k: replace(v, provenance=replace(v.provenance, **rule)) for k, v in standard[0].items()}
    return values, [replace(a, value=replace(a.value, provenance=replace(a.value.provenance, **rule)))
                    for a in standard[1]]


def _items(field: str, lines: list[str], source: Provenance) -> list[Item]:
    """(key, value, "through"/"starting", date) of every price in the cell's lines."""
    parts = _parts(lines)
    matches = [_ITEM.fullmatch(part) for part in parts]
    for part, match in zip(parts, matches, strict=True):
        if not match:
            raise ParseError(f"{source.source}: {source.label}: {part!r} is not a price")
    # One modality (or none) among the token prices: it is the field (a TTS model's audio output).
    single = len({m["mod"] for m in matches if not m["per"] and not m["storage"]}) <= 1
    return [item for part, m in zip(parts, matches, strict=True) for item in _priced(field, part, m, single, source)]


def _parts(lines: list[str]) -> list[str]:
    """The prices of the cell's lines as written, one a part."""
    # "$0.0006 (image)" in a per-1M-token column is per image (footnote: "Image input is set at ... per image").
    return [re.sub(r"^\$([\d.]+) \(image\)$", r"$\1 per image", part)
            for line in lines for part in re.split(r",\s*(?:and\s+)?(?=\$)", _tidy(line))]


def _tidy(line: str) -> str:
    """A line without its lead-in ("and", "Equivalent to"), trailing punctuation and "($x per image)" brackets."""
    line = re.sub(r" \((\$[^)]+)\)", r", \1", line)  # "$0.45 ($0.00012 per image)": two prices
    return re.sub(r"^(?:and |equivalent to )", "", line, flags=re.IGNORECASE).rstrip(".,")


def _priced(field: str, part: str, m: re.Match[str], single: bool, source: Provenance) -> list[Item]:
    """A part's price, and the per-minute price beside it ("$x or $y/min")."""
    name = _item_key(field, m, single)
    unit = f"USD per {m['per']}" if m["per"] else "USD per 1M tokens per hour" if m["storage"] else None
    items = [(name, money(m["amount"] or "0", source, part, unit), m["when"], m["day"])]  # "Free" stays in raw
    if m["listed"]:  # a struck-through list price beside the price charged: "~~$0.30~~ $0.15"
        items.append((f"{name}_list_price", money(m["listed"], source, part, unit), m["when"], m["day"]))
    if m["minute"]:
        items.append((f"{name}_per_minute", money(m["minute"], source, part, "USD per minute"), m["when"], m["day"]))
    return items


def _item_key(field: str, m: re.Match[str], single: bool) -> str:
    if m["storage"]:
        return "cache_storage"
    if m["per"]:
        return f"{field}_per_{slug(m['per'])}"
    mod = m["mod"]
    name = field if single or not mod or "text" in mod else f"{field}_{slug(mod)}"
    return f"{name}_above_{m['threshold']}" if m["cmp"] == ">" else name


def _grounding(text: str, source: Provenance) -> Value:
    match = _GROUNDING.fullmatch(text)
    if not match:
        raise ParseError(f"{source.source}: {source.label}: {text!r} is not 'free allowance, then $x / 1,000 ...'")
    # "grounded prompts", "requests" and "search queries" are all billed requests: one unit for all.
    return money(match["amount"], source, text, GROUNDING_UNIT)
