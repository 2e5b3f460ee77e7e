"""The pricing page's layout: one section per model (an h2, the model ids, one table per tab)."""

from __future__ import annotations

import re

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
Section = tuple[str, list[str], list[tuple[str, LexborNode]]]


def find_sections(tree: LexborHTMLParser, url: str) -> list[Section]:
    """(h2 text, model ids, [(tier, table)]) per h2 section, in page order."""
    found: list[Section] = []
    for node in tree.css("h2, div.heading-group code, table.pricing-table"):
        if node.tag == "h2":
            found.append((re.sub(r"[^\w)]+$", "", node_text(node)), [], []))
        elif found and node.tag == "code":
            found[-1][1].append(node_text(node))
        elif found:
            found[-1][2].append((_tier(node, found[-1][0], url), node))
    return found


def _tier(table: LexborNode, section: str, url: str) -> str:
    tab = table.parent.css_first("h3") if table.parent and table.parent.tag == "section" else None
    if tab is None:  # a model with one table has no tabs
        return "standard"
    if node_text(tab) not in TABS:
        raise ParseError(f"{url}: {section}: unknown tab {node_text(tab)!r}, expected one of {list(TABS)}")
    return TABS[node_text(tab)]
