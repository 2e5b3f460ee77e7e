"""The "Long context pricing" table: prices above an input-length threshold, on the standard offerings of the
models its opening sentence names.

One table "≤ 200K input tokens | > 200K input tokens" with an Input and an Output row. The "≤" prices must
equal the models' base prices; the ">" ones are other:input_above_200k and other:output_above_200k.
Long-context cache and batch prices are given only as rules (multipliers "on top", the batch discount): not derived.
"""

from __future__ import annotations

import re

from core.errors import ParseError
from core.offering import OTHER_PREFIX, Offering
from core.values import Provenance
from scrapers.anthropic.cells import read_price
from scrapers.anthropic.tables import rows

LONG_CONTEXT = "Long context pricing"
LONG_FIELDS = {"Input": "input", "Output": "output"}
_LONG_CELL = re.compile(r"^(?P<kind>\w+): (?P<price>.+)$")
_THRESHOLD = re.compile(r"^(?P<side>≤|>) (?P<threshold>\d+K) input tokens$")
_LONG_MODELS = re.compile(r"When using (?P<models>.+?) with the ")


def add_long_context(found: dict[str, list[str]], standard: dict[str, Offering], url: str) -> None:
    """other:<field>_above_<threshold> on the named models' standard offerings, whose base prices the "≤" side is."""
    header, body = rows(found, LONG_CONTEXT, url)
    threshold = _threshold(header, url)
    models = _models(" ".join(found[LONG_CONTEXT]), standard, url)
    for row in body:
        _add_row(row, header, threshold, models, url)


def _add_row(row: list[str], header: list[str], threshold: str, models: list[Offering], url: str) -> None:
    (kind, base), (kind_above, above) = (_cell(c, url) for c in row)
    if kind != kind_above or kind not in LONG_FIELDS:
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: row {row} is not 'Input: <price>' or 'Output: <price>'")
    field, base_price = LONG_FIELDS[kind], read_price(base, Provenance(url, f"{LONG_CONTEXT} · {header[0]}"))
    for offering in models:
        if offering.values[field] != base_price:  # Values compare by state, amount and unit
            raise ParseError(f"{url}: {LONG_CONTEXT!r}: {row[0]!r} is not {offering.model.name}'s base {field}")
        source = Provenance(url, f"{offering.model.name} · {header[1]} · {kind}", raw=row[1])
        offering.values[f"{OTHER_PREFIX}{field}_above_{threshold}"] = read_price(above, source)


def _threshold(header: list[str], url: str) -> str:
    sides = [_THRESHOLD.match(cell) for cell in header]
    if not all(sides) or [m["side"] for m in sides] != ["≤", ">"] or len({m["threshold"] for m in sides}) != 1:
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: columns {header} are not '≤ <n>K input tokens | > <n>K ...'")
    return sides[1]["threshold"].lower()


def _models(text: str, standard: dict[str, Offering], url: str) -> list[Offering]:
    if not (match := _LONG_MODELS.search(text)):
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: no 'When using <models> with the ...' sentence naming its models")
    names = re.split(r",\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+", match["models"])
    # The sentence drops "Claude" after the first name ("Claude Sonnet 4 or Sonnet 4.5").
    models = [standard.get(n) or standard.get(f"Claude {n}") for n in names]
    if None in models:
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: {names[models.index(None)]!r} is not in the model pricing table")
    return models


def _cell(cell: str, url: str) -> tuple[str, str]:
    if not (match := _LONG_CELL.match(cell)):
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: cell {cell!r} is not '<Input|Output>: <price>'")
    return match["kind"], match["price"]
