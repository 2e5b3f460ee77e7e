"""The price tables of the page: each table component under its section heading and tier pane.

Sections are the page's h2/h3 headings; each states its unit in a "Prices per ..." line,
checked so that a changed unit fails instead of being read as per 1M tokens. The tier is
the content-switcher pane holding the table (Standard, Batch, Flex, Fast mode); a table
outside any pane is standard. Tools (each cell states its unit) and Finetuning (not read)
state no "Prices per" line; they are found all the same (their absence is a layout change).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.values import Provenance
from scrapers._html import node_text
from scrapers.openai.props import read_props

COMPONENTS = ("TextTokenPricingTables", "GroupedPricingTable", "PricingTable")
# The "fast" pane is Priority processing renamed (July 30, 2026): tier priority, so the offering's
# history goes on across the rename instead of a priority offering delisted and a fast one added.
PANES = {"standard": "standard", "batch": "batch", "flex": "flex", "fast": "priority"}
PER_MTOK, UNLESS_NOTED = "Prices per 1M tokens.", "Prices per 1M tokens unless noted."
UNITS = {"Flagship models": PER_MTOK, "Cyber models": PER_MTOK, "Realtime and audio generation models": UNLESS_NOTED,
         "Image generation models": PER_MTOK, "Video generation models": "Prices per second.",
         "Transcription models": UNLESS_NOTED, "Specialized models": PER_MTOK}
NO_UNIT_LINE = ("Tools", "Finetuning")


@dataclass(frozen=True)
class Table:
    """One price table component: the section heading above it, its switcher pane, its decoded props."""

    section: str
    pane: str
    props: dict[str, Any]
    node: LexborNode
    url: str

    def source(self, model: str, column: str, raw: str | None = None) -> Provenance:
        return Provenance(self.url, f"{self.section} · {self.pane} · {model} · {column}", raw=raw)

    def prop(self, name: str) -> Any:
        if name not in self.props:
            raise ParseError(f"{self.url}: the {self.section!r} table ({self.pane}) has no {name!r} in its props")
        return self.props[name]


def find_tables(tree: LexborHTMLParser, url: str) -> list[Table]:
    """The price tables in page order, each under the latest h2/h3; the sections' unit statements checked."""
    section, tables, units = "", [], {}
    for node in tree.css("article h2, article h3, article small, article p, article astro-island"):
        if node.tag in ("h2", "h3"):
            section = node_text(node)
        elif node.tag == "astro-island" and node.attributes.get("component-export") in COMPONENTS:
            tables.append(Table(section, _pane(node, url), read_props(node, url), node, url))
        elif node_text(node).startswith("Prices per"):
            units.setdefault(section, set()).add(node_text(node))
    _check_sections({t.section for t in tables}, units, url)
    return tables


def _check_sections(found: set[str], units: dict[str, set[str]], url: str) -> None:
    """Every known section has its tables and still states its unit; no table is under an unknown heading."""
    for heading in [*UNITS, *NO_UNIT_LINE]:
        if heading not in found:
            raise ParseError(f"{url}: price table under {heading!r} not found")
    for heading in found - set(UNITS) - set(NO_UNIT_LINE):
        raise ParseError(f"{url}: unexpected price table under {heading!r}")
    for heading, statement in UNITS.items():
        if statement not in units.get(heading, ()):
            raise ParseError(f"{url}: {heading!r} says {sorted(units.get(heading, ()))}, not {statement!r}")


def _pane(node: LexborNode, url: str) -> str:
    """The value of the switcher pane ("standard", "batch", "flex", "fast") holding a table; standard without one."""
    while (node := node.parent) is not None:
        if "data-content-switcher-pane" in node.attributes:
            value = node.attributes.get("data-value")
            if value not in PANES:
                raise ParseError(f"{url}: unknown price tier pane {value!r}")
            return value
    return "standard"
