"""The pricing page's layout: one section per model (an h2, the model ids, one table per tab, its asides and notes)."""

from __future__ import annotations

import re
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from scrapers._html import node_text

COLUMNS = ["", "Free Tier", "Paid Tier, per 1M tokens in USD"]
# The paid column of a media table names the unit its prices are in.
MEDIA_COLUMNS = {"Paid Tier, per Image in USD": "image", "Paid Tier, per second in USD": "second",
                 "Paid Tier, per request in USD": "request"}
AGENT_COLUMNS = ["", "Model", "Tools"]
NOT_MODELS = ("Pricing for tools", "Pricing for agents")
TABS = {"Standard": "standard", "Batch": "batch", "Flex": "flex", "Priority": "priority"}


class Section(NamedTuple):
    name: str  # the h2's text
    ids: list[str]  # the model ids in <code> under the h2
    tables: list[tuple[str, LexborNode]]  # (tier, table)
    asides: list[str]  # the texts of its warnings and notes (<aside>)
    notes: list[str]  # the texts of its paragraphs and list items outside the tables that state a "$" price


def find_sections(tree: LexborHTMLParser, url: str) -> list[Section]:
    """Each h2 section, in page order."""
    found: list[Section] = []
    for node in tree.css("h2, div.heading-group code, table.pricing-table, aside, p, li"):
        if node.tag == "h2":
            found.append(Section(re.sub(r"[^\w)]+$", "", node_text(node)), [], [], [], []))
        elif not found:
            continue
        elif node.tag == "code":
            found[-1].ids.append(node_text(node))
        elif node.tag == "table":
            found[-1].tables.append((_tier(node, found[-1].name, url), node))
        elif node.tag == "aside":
            found[-1].asides.append(node_text(node))
        elif "$" in node_text(node) and not _within(node, ("table", "aside", "p", "li")):
            found[-1].notes.append(node_text(node))  # a footnote with a price: read, or named in the run's warning
    return found


def _within(node: LexborNode, tags: tuple[str, ...]) -> bool:
    """A paragraph in a table cell, an aside or a list item is read with it, not as a note of its own."""
    parent = node.parent
    while parent is not None and parent.tag not in tags:
        parent = parent.parent
    return parent is not None


def _tier(table: LexborNode, section: str, url: str) -> str:
    tab = table.parent.css_first("h3") if table.parent and table.parent.tag == "section" else None
    if tab is None:  # a model with one table has no tabs
        return "standard"
    if node_text(tab) not in TABS:
        raise ParseError(f"{url}: {section}: unknown tab {node_text(tab)!r}, expected one of {list(TABS)}")
    return TABS[node_text(tab)]
