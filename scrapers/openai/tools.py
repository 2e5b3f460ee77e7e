"""The Tools table: prices of built-in tools, tied to no model, kept as offerings of kind "price_class".

Rows are Tool | Details | Pricing, grouped by tool. One offering per row as the page lists it (a
row is a distinct price: the web search rows differ by the models they are used with), tier
standard, id "tool/<name in lower case with hyphens>". The name is the row's Details, prefixed by
its Tool unless it names it ("File search" + "Storage"). A Details note in parentheses is the
models the price applies to: "(all models)" conditions nothing and is left out; another note's
first part stays in the id ("Web search preview (non-reasoning models)" ->
tool/web-search-preview-non-reasoning-models), the whole note in the name and provenance label.
Each price is kept in its own unit: other:call ("USD per 1k calls"), other:gb_day ("USD per
GB-day", written "/ GB per day" or "/ GB-day"), and the containers' sizes other:session_<n>gb
("USD per 20-minute container session", as the cell's "per 20-minute session per container").
Free allowances ("(1 GB free)") and notes ("+ Search content tokens are free.") stay in the
cell text kept as the provenance raw, not as prices. Token fields and limits are unknown. The
notes under the table are rules, not read: containers billed by the minute with a 5-minute
minimum; search content tokens of two mini models billed as a fixed 8,000 input tokens a call.
"Free / 1k calls" ("Free" as scrapers/_words.py says) is 0 in that unit. A cell of another shape (another unit, a bare
"Free" stating no unit) is named as not read with its tool id, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey
from core.values import Provenance, Value, price
from scrapers._partial import Parts
from scrapers._words import FREE_WORD, MARK, is_free
from scrapers.openai.cells import cell_text
from scrapers.openai.fields import defaults
from scrapers.openai.readers import groups
from scrapers.openai.rows import row
from scrapers.openai.tables import Table

UNITS = {"1k calls": ("call", "USD per 1k calls"), "GB per day": ("gb_day", "USD per GB-day"),
         "GB-day": ("gb_day", "USD per GB-day")}
SESSION_UNIT = "USD per 20-minute container session"
# A price per unit, then at most a note or a free allowance, neither stating an amount.
_PER_UNIT = re.compile(rf"(\$[\d.,]+|{FREE_WORD}{MARK}*) / ({'|'.join(UNITS)})"
                       r"(?: \+ [^$]+| \(\d+ GB free\)| after \d+ GB free [^$]+)?")
_SESSIONS = re.compile(r"(?:\d+ GB \$[\d.]+, )*\d+ GB \$[\d.]+ per 20-minute session per container\.")
_SIZE = re.compile(r"(\d+) GB (\$[\d.]+)")  # "1 GB $0.03, 4 GB $0.12": the comma separates sizes
_NOTE = re.compile(r"\s*\(([^),]*)[^)]*\)$")  # "(reasoning models, including gpt-5, o-series)"


def tool_offerings(table: Table, parts: Parts, listed_by: str) -> Iterator[Offering]:
    """A price-class offering per row of the Tools table; a row that cannot be read is named (with its tool id
    when its cells give one); two rows of the same id are both dropped (which of the two prices is right?)."""
    seen: set[str] = set()
    found = []
    for group, cells in groups(table):
        tool, details = cell_text(group), _details(cells)
        tool_id = None if details is None else _tool_id(details if tool.lower() in details.lower() else
                                                        f"{tool} {details}")
        model = None if tool_id is None else ModelInfo(tool_id, f"{tool} · {details}", "price_class")
        with row(table, parts, model.name if model else tool, model):
            if model is None:
                raise ParseError(f"{table.url}: {table.section!r}: row {cells!r} of {tool!r} is not 2 cells")
            if tool_id in seen:
                raise ParseError(f"{table.url}: {table.section!r}: two rows are both {tool_id!r}")
            seen.add(tool_id)
            values = defaults(table, tool_id) | _prices(cell_text(cells[1]), f"{table.section} · {tool} · {details}",
                                                        table)
            found.append(Offering(OfferingKey(tool_id, table.tier), model, values, listed_by))
    yield from found


def _details(cells: Any) -> str | None:
    """A row's Details cell as text, None for a row that is not two cells."""
    if not isinstance(cells, list) or len(cells) != 2:
        return None
    # Inline <code> splits the text: "including gpt-5 , o-series )" is read "including gpt-5, o-series)".
    return re.sub(r" ([,)])", r"\1", cell_text(cells[0]))


def _tool_id(name: str) -> str:
    """tool/<name>: a note's first part kept ("(non-reasoning models)"), "(all models)" left out."""
    note = _NOTE.search(name)
    kept = f" {note.group(1)}" if note and note.group(1) != "all models" else ""
    return "tool/" + re.sub(r"[^a-z0-9]+", "-", (_NOTE.sub("", name) + kept).lower()).strip("-")


def _prices(text: str, label: str, table: Table) -> dict[str, Value]:
    """A pricing cell: "$x / <unit>" with a note or allowance, or the containers' "<n> GB $x, ..." sizes."""
    if match := _PER_UNIT.fullmatch(text):
        field, unit = UNITS[match.group(2)]
        source = Provenance(table.url, f"{label} · {OTHER_PREFIX}{field}", raw=text)
        amount = Decimal(0) if is_free(match.group(1)) else parse_dollars(match.group(1))  # "Free / 1k calls"
        return {OTHER_PREFIX + field: price(amount, source, unit)}
    sizes = _SIZE.findall(text)
    if _SESSIONS.fullmatch(text) and len(dict(sizes)) == len(sizes):  # each size once
        fields = {f"{OTHER_PREFIX}session_{size}gb": amount for size, amount in sizes}
        return {f: price(parse_dollars(a), Provenance(table.url, f"{label} · {f}", raw=text), SESSION_UNIT)
                for f, a in fields.items()}
    raise ParseError(f"{table.url}: {label}: {text!r} is not a tool price ('$<amount> / <unit>' with a unit of "
                     f"{sorted(UNITS)}, or '<n> GB $<amount>, ... per 20-minute session per container.')")
