"""The price tables of the page: each table component under its section heading and tier pane.

Sections are the page's h2/h3 headings; each states its unit in a "Prices per ..." line,
checked so that a changed unit is never read as per 1M tokens. The tier is the content-switcher
pane holding the table (Standard, Batch, Flex, Fast mode); a table outside any pane is standard.
Tools (each cell states its unit) and Finetuning (not read) state no "Prices per" line; they are
found all the same (their absence is a layout change).

The Flagship section's Standard pane defines the catalogue: without it, or when that section's
unit or its table's props cannot be read, the run fails. Any other section missing, stating another
unit or under a heading the parser does not know, a pane of another tier, props that cannot be
decoded: named as not read in ``Parts`` and skipped (a missing Finetuning section holds nothing read).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.values import Provenance
from scrapers._html import node_text
from scrapers._partial import Parts
from scrapers.openai.props import read_props

COMPONENTS = ("TextTokenPricingTables", "GroupedPricingTable", "PricingTable")
# The "fast" pane is Priority processing renamed (July 30, 2026): tier priority, so the offering's
# history goes on across the rename instead of a priority offering delisted and a fast one added.
PANES = {"standard": "standard", "batch": "batch", "flex": "flex", "fast": "priority"}
PER_MTOK, UNLESS_NOTED = "Prices per 1M tokens.", "Prices per 1M tokens unless noted."
MAIN = "Flagship models"  # its Standard pane is the catalogue's main table: its loss fails the run
UNITS = {MAIN: PER_MTOK, "Cyber models": PER_MTOK, "Realtime and audio generation models": UNLESS_NOTED,
         "Image generation models": PER_MTOK, "Video generation models": "Prices per second.",
         "Transcription models": UNLESS_NOTED, "Specialized models": PER_MTOK}
NOT_READ = "Finetuning"  # found, not read (see the package docstring)
NO_UNIT_LINE = ("Tools", NOT_READ)


@dataclass(frozen=True)
class Table:
    """One price table component: the section heading above it, its switcher pane, its decoded props."""

    section: str
    pane: str
    props: dict[str, Any]
    node: LexborNode
    url: str

    @property
    def name(self) -> str:
        return f"{self.section} ({self.pane})"

    @property
    def tier(self) -> str:
        return PANES[self.pane]

    def source(self, model: str, column: str, raw: str | None = None) -> Provenance:
        return Provenance(self.url, f"{self.section} · {self.pane} · {model} · {column}", raw=raw)

    def prop(self, name: str) -> Any:
        if name not in self.props:
            raise ParseError(f"{self.url}: the {self.section!r} table ({self.pane}) has no {name!r} in its props")
        return self.props[name]


def find_tables(tree: LexborHTMLParser, url: str, parts: Parts) -> list[Table]:
    """The price tables to read in page order, each under the latest h2/h3; what cannot be read is named."""
    section, islands, units = "", [], {}
    for node in tree.css("article h2, article h3, article small, article p, article astro-island"):
        if node.tag in ("h2", "h3"):
            section = node_text(node)
        elif node.tag == "astro-island" and node.attributes.get("component-export") in COMPONENTS:
            islands.append((section, node))
        elif node_text(node).startswith("Prices per"):
            units.setdefault(section, set()).add(node_text(node))
    skipped = _check_sections({s for s, _ in islands}, units, parts)
    tables = []
    for section, node in (i for i in islands if i[0] not in skipped):
        pane = _pane(node)
        main = section == MAIN and pane == "standard"
        with nullcontext() if main else parts.table(f"{section} ({pane})"):
            if pane not in PANES:
                raise ParseError(f"{url}: unknown price tier pane {pane!r}")
            tables.append(Table(section, pane, read_props(node, url), node, url))
    if not any(t.section == MAIN and t.pane == "standard" for t in tables):
        raise ParseError(f"{url}: no Standard price table under {MAIN!r}")
    return tables


def _check_sections(found: set[str], units: dict[str, set[str]], parts: Parts) -> set[str]:
    """The sections not read: a known one without tables or stating another unit, one under a heading the
    parser does not know; Finetuning (never read)."""
    skipped = {NOT_READ} | found - set(UNITS) - set(NO_UNIT_LINE)
    for heading in [*UNITS, *NO_UNIT_LINE]:
        if heading not in found:
            _not_read(parts, heading, f"price table under {heading!r} not found")
    for heading in sorted(skipped - {NOT_READ}):
        _not_read(parts, heading, f"unexpected price table under {heading!r}")
    for heading, statement in UNITS.items():
        if heading in found and statement not in units.get(heading, ()):
            skipped.add(heading)
            _not_read(parts, heading, f"{heading!r} says {sorted(units.get(heading, ()))}, not {statement!r}")
    return skipped


def _not_read(parts: Parts, heading: str, reason: str) -> None:
    if heading == MAIN:
        raise ParseError(f"{parts.url}: {reason}")
    models = frozenset() if heading == NOT_READ else None  # Finetuning holds no offering read: nothing unobserved
    parts.name("table", heading, reason, models)


def _pane(node: LexborNode) -> str:
    """The value of the switcher pane ("standard", "batch", "flex", "fast") holding a table; standard without one."""
    while (node := node.parent) is not None:
        if "data-content-switcher-pane" in node.attributes:
            return node.attributes.get("data-value") or ""
    return "standard"
