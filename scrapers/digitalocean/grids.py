"""A serverless price grid: parts ("Input/output tokens", "Prompt caching", "Prompts >272K tokens", "Image
output"...), each one price a line in USD per 1M tokens, and the field each line's unit says it prices.

5-minute cache writes are ``cache_write``, 1-hour ones ``other:cache_write_1h``; a part above a prompt
length goes to ``other:<field>_above_<n>k``; image tokens to ``other:image_*``. A line may be "Free per ..."
or hold a struck-through list price (see cells). A part or unit not known is a ParseError: the row is named.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.offering import OTHER_PREFIX
from core.values import USD_PER_MTOK, Value
from scrapers._html import node_text
from scrapers.digitalocean.cells import Written, read_price, values_of

# A grid part's label -> {unit as written: field}.
PARTS = {
    "Input/output tokens": {"1M input tokens": "input", "1M output tokens": "output"},
    "Prompt caching": {"1M cache creation 5m input tokens": "cache_write", "1M cache write input tokens": "cache_write",
                       "1M cache creation 1h input tokens": OTHER_PREFIX + "cache_write_1h",
                       "1M cache read input tokens": "cached_input"},
    "Text input": {"1M tokens": "input"}, "Text output": {"1M tokens": "output"},
    "Text cache read": {"1M tokens": "cached_input"}, "Image input": {"1M tokens": OTHER_PREFIX + "image_input"},
    "Image output": {"1M tokens": OTHER_PREFIX + "image_output"},
    "Image cache read": {"1M tokens": OTHER_PREFIX + "image_cached_input"},
}
# The DigitalOcean-hosted rows write every line "per 1M tokens": the order says which is which.
IN_ORDER = {"Input/output tokens": ("input", "output"), "Prompt caching": ("cached_input",)}
_LONG = re.compile(r"Prompts ([≤>])(\d+K) tokens")
_BREAK = re.compile(r"<br\s*/?>")


def grid(node: LexborNode, where: str, url: str) -> dict[str, Value]:
    """A price grid: its spans alternate a part's label and its lines (separated by <br>)."""
    spans = [child for child in node.iter() if child.tag == "span"]
    if len(spans) % 2:
        raise ParseError(f"{url}: {where}: a price grid of {len(spans)} parts and lines, not pairs")
    values: dict[str, Value] = {}
    for label_span, lines_span in zip(spans[::2], spans[1::2], strict=True):
        label = node_text(label_span)
        lines = [read_price(line, f"{where} · {label}", url) for line in _lines(lines_span)]
        for field, line in _fields(label, lines, f"{where} · {label}", url):
            found = values_of(field, line, f"{where} · {label}", url, USD_PER_MTOK)
            if set(found) & set(values):
                raise ParseError(f"{url}: {where}: {field} stated twice")
            values |= found
    return values


def _lines(span: LexborNode) -> list[LexborNode]:
    """A part's lines, each a node of its own (a line may hold a struck-through price in <del>)."""
    inner = re.sub(r"^<span[^>]*>|</span>$", "", span.html or "")
    nodes = [LexborHTMLParser(f"<div>{part}</div>").css_first("div") for part in _BREAK.split(inner)]
    return [line for line in nodes if node_text(line)]


def _fields(label: str, lines: list[Written], where: str, url: str) -> list[tuple[str, Written]]:
    """Each line's field; a part above a prompt length ("Prompts >272K tokens") gets the suffix _above_272k."""
    part, suffix = _part(label)
    fields = _by_unit(part, [line.unit for line in lines], where, url)
    named = [f if not suffix else OTHER_PREFIX + f.removeprefix(OTHER_PREFIX) + suffix for f in fields]
    return list(zip(named, lines, strict=True))


def _part(label: str) -> tuple[str, str]:
    """A part's label less its prompt length ("Prompts ≤200K tokens" alone is the input/output part), and the
    suffix its prices take: _above_<n>k above the length, none at or below it."""
    if not (long := _LONG.search(label)):
        return label, ""
    part = label[:long.start()].strip(" (") or "Input/output tokens"
    return part, f"_above_{long.group(2).lower()}" if long.group(1) == ">" else ""


def _by_unit(part: str, units: list[str], where: str, url: str) -> list[str]:
    if part in IN_ORDER and set(units) == {"1M tokens"} and len(units) == len(IN_ORDER[part]):
        return list(IN_ORDER[part])
    if part in PARTS and all(unit in PARTS[part] for unit in units):
        return [PARTS[part][unit] for unit in units]
    raise ParseError(f"{url}: {where}: unknown price part or unit {units}")
