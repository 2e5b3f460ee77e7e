"""The "Long context pricing" table: prices above an input-length threshold, on the standard offerings of the
models its opening sentence names.

One table "≤ 200K input tokens | > 200K input tokens" with an Input and an Output row. The "≤" prices must
equal the models' base prices; the ">" ones are other:input_above_200k and other:output_above_200k.
Long-context cache and batch prices are given only as rules (multipliers "on top", the batch discount): not derived.
A part of it that cannot be read is named and skipped; the standard offerings it would have added to are then
dropped whole (their values would be half-read): those of the models the sentence names, or every one when the
sentence cannot be read.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace

from core.errors import ParseError
from core.offering import OTHER_PREFIX, Offering
from core.values import Provenance
from scrapers._markdown import cells_of, table
from scrapers._partial import Parts
from scrapers.anthropic.cells import read_prices

LONG_CONTEXT = "Long context pricing"
LONG_FIELDS = {"Input": "input", "Output": "output"}
_LONG_CELL = re.compile(r"^(?P<kind>\w+): (?P<price>.+)$")
_THRESHOLD = re.compile(r"^(?P<side>≤|>) (?P<threshold>\d+K) input tokens$")
_LONG_MODELS = re.compile(r"When using (?P<models>.+?) with the ")


def add_long_context(found: dict[str, list[str]], standard: dict[str, Offering], not_read: set[str],
                     parts: Parts) -> set[str] | None:
    """other:<field>_above_<threshold> on the named models' standard offerings, whose base prices the "≤" side is.
    Returns the model ids whose standard offerings could not be completed (None: they cannot be named, so all)."""
    before, url, models = len(parts.unread), parts.url, None
    with parts.table(LONG_CONTEXT):
        if LONG_CONTEXT not in found:
            raise ParseError(f"{url}: section {LONG_CONTEXT!r} not found")
        names = _names(" ".join(found[LONG_CONTEXT]), url)
        models = [standard[key] for n in names if (key := _lookup(standard, n))]
        # a model whose own row was not read is unobserved already; one the table does not list is an error
        if missing := [n for n in names if not _lookup(standard, n) and not _lookup(not_read, n)]:
            raise ParseError(f"{url}: {LONG_CONTEXT!r}: {missing[0]!r} is not in the model pricing table")
        header, body = table(found[LONG_CONTEXT], url, LONG_CONTEXT)
        threshold = _threshold(header, url)
        for row in body:
            with parts.row(LONG_CONTEXT, " | ".join(row)):
                _add_row(cells_of(header, row, url, LONG_CONTEXT), header, threshold, models, url)
    if len(parts.unread) == before:
        return set()
    if models is None:
        return None
    held = frozenset(o.key.model for o in models)  # the part held these models' offerings: unobserved
    parts.unread[before:] = [replace(part, models=held) for part in parts.unread[before:]]
    return set(held)


def _lookup(names: Collection[str], name: str) -> str | None:
    """The model name the sentence means: it drops "Claude" after the first name ("Claude Sonnet 4 or Sonnet 4.5")."""
    return next((candidate for candidate in (name, f"Claude {name}") if candidate in names), None)


def _add_row(row: list[str], header: list[str], threshold: str, models: list[Offering], url: str) -> None:
    (kind, base), (kind_above, above) = (_cell(c, url) for c in row)
    if kind != kind_above or kind not in LONG_FIELDS:
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: row {row} is not 'Input: <price>' or 'Output: <price>'")
    field = LONG_FIELDS[kind]
    base_price = read_prices(base, field, Provenance(url, f"{LONG_CONTEXT} · {header[0]}"))[field]
    for offering in models:
        if offering.values[field] != base_price:  # Values compare by state, amount and unit
            raise ParseError(f"{url}: {LONG_CONTEXT!r}: {row[0]!r} is not {offering.model.name}'s base {field}")
        source = Provenance(url, f"{offering.model.name} · {header[1]} · {kind}", raw=row[1])
        offering.values |= read_prices(above, f"{OTHER_PREFIX}{field}_above_{threshold}", source)


def _threshold(header: list[str], url: str) -> str:
    sides = [_THRESHOLD.match(cell) for cell in header]
    if not all(sides) or [m["side"] for m in sides] != ["≤", ">"] or len({m["threshold"] for m in sides}) != 1:
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: columns {header} are not '≤ <n>K input tokens | > <n>K ...'")
    return sides[1]["threshold"].lower()


def _names(text: str, url: str) -> list[str]:
    if not (match := _LONG_MODELS.search(text)):
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: no 'When using <models> with the ...' sentence naming its models")
    return re.split(r",\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+", match["models"])


def _cell(cell: str, url: str) -> tuple[str, str]:
    if not (match := _LONG_CELL.match(cell)):
        raise ParseError(f"{url}: {LONG_CONTEXT!r}: cell {cell!r} is not '<Input|Output>: <price>'")
    return match["kind"], match["price"]
