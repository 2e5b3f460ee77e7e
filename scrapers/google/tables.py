"""The pricing page's layout: one section per model (an h2, the model ids, one table per tab, its asides and notes).

A tab is kept as written; ``tier`` says which tier it is (an unknown tab fails its table only). A footnote mark
after a model id ("gemini-x¹", "gemini-x (1)", "gemini-x*") is not part of the id.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from scrapers._html import node_text
from scrapers._words import without_marks_text

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
    tables: list[tuple[str, LexborNode]]  # (tab as written: "Standard" when the section has no tabs, table)
    asides: list[str]  # the texts of its warnings and notes (<aside>)
    notes: list[str]  # the texts of its paragraphs and list items outside the tables that state a "$" price


def find_sections(tree: LexborHTMLParser) -> list[Section]:
    """Each h2 section, in page order."""
    found: list[Section] = []
    for node in tree.css("h2, div.heading-group code, table.pricing-table, aside, p, li"):
        if node.tag == "h2":
            found.append(Section(re.sub(r"[^\w)]+$", "", node_text(node)), [], [], [], []))
        elif not found:
            continue
        elif node.tag == "code":
            found[-1].ids.append(without_marks_text(node_text(node)))  # "gemini-x¹": the mark is not the id's
        elif node.tag == "table":
            found[-1].tables.append((_tab(node), node))
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


def _tab(table: LexborNode) -> str:
    tab = table.parent.css_first("h3") if table.parent and table.parent.tag == "section" else None
    return "Standard" if tab is None else node_text(tab)  # a model with one table has no tabs


def tier(tab: str, section: str, url: str) -> str:
    """The tier a tab prices."""
    if tab not in TABS:
        raise ParseError(f"{url}: {section}: unknown tab {tab!r}, expected one of {list(TABS)}")
    return TABS[tab]
