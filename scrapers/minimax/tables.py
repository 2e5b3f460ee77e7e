"""The Markdown pages' tables, each with the heading, bold title or accordion above it and the tab it sits in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING, _TITLE = re.compile(r"#{2,3}\s+([^<]+?)\s*(?:<.*)?"), re.compile(r"\*\*([^*]+)\*\*")
_ACCORDION, _TAB = re.compile(r'<Accordion title="([^"]*)">'), re.compile(r'<Tab title="([^"]*)">')


@dataclass
class Table:
    section: str
    title: str
    tab: str
    lines: list[str] = field(default_factory=list)


def find_tables(text: str) -> list[Table]:
    """Every table of a page, with the heading, bold title or accordion above it and the tab it sits in."""
    tables: list[Table] = []
    current, place = None, ("", "", "")
    for line in map(str.strip, text.splitlines()):
        if not line.startswith("|"):
            current, place = None, _place(line, *place)
        elif current is None:
            tables.append(current := Table(*place, [line]))
        else:
            current.lines.append(line)
    return tables


def _place(line: str, section: str, title: str, tab: str) -> tuple[str, str, str]:
    """(section, title, tab) after a line outside a table: a heading, a bold title, an accordion, a tab."""
    if match := _HEADING.fullmatch(line):
        return match.group(1), match.group(1), tab
    if match := _TITLE.fullmatch(line) or _ACCORDION.fullmatch(line):
        return section, match.group(1) if line.startswith("**") else f"{section} · {match.group(1)}", tab
    if match := _TAB.fullmatch(line):
        return section, title, match.group(1)
    return section, title, "" if line == "</Tabs>" else tab
