"""The page's layout: pricing sections (accordions), the Serverless Inference tabs, each tab's unit and table.

A tab the parser does not know, or one missing, is named (scrapers/_partial.py); the Chat tab is required.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from core.offering import OTHER_PREFIX, Unread
from core.values import USD_PER_MTOK
from scrapers._html import expect_header, node_text, table_rows
from scrapers._partial import Parts

SECTION = "Serverless Inference"
MAIN = "Chat"  # the tab of most models: without it, or with other columns, the run fails
IN, OUT = ("input", USD_PER_MTOK), ("output", USD_PER_MTOK)
TOKEN_TAB = ("price per 1m tokens", {"input": (IN,), "output": (OUT,)})
# Each tab: its unit caption (lower case, "" for none) and its columns after Model, each with the
# fields its price goes to and their unit. Header texts are compared in lower case: the page writes
# "output" and "Price per iMAGE".
TABS = {
    "Chat": TOKEN_TAB, "Vision": TOKEN_TAB,
    "Image": ("", {"price per mp": ((OTHER_PREFIX + "megapixel", "USD per MP"),),
                   "price per image": ((OTHER_PREFIX + "image", "USD per image"),), "default steps": ()}),
    "Audio": ("price per 1m characters", {"price": ((OTHER_PREFIX + "1m_characters", "USD per 1M characters"),)}),
    "Video": ("price per video", {"price": ((OTHER_PREFIX + "video", "USD per video"),)}),
    "Transcribe": ("price per audio minute", {"price": ((OTHER_PREFIX + "audio_minute", "USD per audio minute"),)}),
    "Embeddings": ("price per 1m tokens", {"price": (IN,)}),  # embedding and reranking generate no tokens
    "Rerank": ("price per 1m tokens", {"price": (IN,)}),
    "Moderation": ("price per 1m tokens", {"price": (IN, OUT)}),  # a chat model priced alike both ways
}


def find_sections(tree: LexborHTMLParser) -> dict[str, LexborNode]:
    """The page's pricing sections by heading (each an accordion with one h2)."""
    return {node_text(heading): section for section in tree.css("[data-accordion-status]")
            if (heading := section.css_first("h2.pricing-row_heading")) is not None}


def find_tabs(section: LexborNode, parts: Parts) -> list[tuple[str, LexborNode]]:
    """The known tabs and their contents, paired in page order (as Webflow pairs them). A tab the parser does
    not know, or one missing, is named in ``parts``; without the Chat tab, or when the tab names and contents
    do not pair, the run fails."""
    names = [node_text(item) for item in section.css('[data-tabs="menu-item"]')]
    contents = section.css('[data-tabs="content"]')
    if len(contents) != len(names) or MAIN not in names:
        raise ParseError(f"{parts.url}: {SECTION!r} tabs are {names} with {len(contents)} contents "
                         f"(expected the {MAIN!r} tab, and one content per tab)")
    unread = [(n, "a tab the parser does not know") for n in names if n not in TABS]
    unread += [(n, "tab not found") for n in TABS if n not in names]
    for name, reason in unread:
        parts.unread.append(Unread(parts.url, f"{parts.url} · table {name!r}", reason))
    return [(name, content) for name, content in zip(names, contents, strict=True) if name in TABS]


def tab_fields(tab: str) -> frozenset[str]:
    """The fields a tab's prices go to (with the cached input price an input cell may hold)."""
    columns = TABS[tab][1].values()
    return frozenset(f for fields in columns for f, _ in fields) | ({"cached_input"} if (IN,) in columns else set())


def tab_rows(content: LexborNode, tab: str, url: str) -> list[list[LexborNode]]:
    """The body rows of a tab's table, after checking its unit caption and columns."""
    caption, columns = TABS[tab]
    found = next((node_text(p).lower() for p in content.css("p.body-s")), "")
    if found != caption:
        raise ParseError(f"{url}: tab {tab!r}: unit caption {found!r}, expected {caption!r}")
    table = content.css_first("table")
    if table is None:
        raise ParseError(f"{url}: tab {tab!r}: price table not found")
    header, rows = table_rows(table)
    expect_header([h.lower() for h in header], ["model", *columns], tab, url)
    return rows
