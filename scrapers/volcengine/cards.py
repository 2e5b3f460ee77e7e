"""Where a card's parts sit: the section it stands in, its name (h3), its API id, its label / value rows.

A footnote mark beside a name or id ("deepseek-v4-flash (1)", "glm-5.2¹", "glm-5.2*") is not part of it.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from core.errors import ParseError
from scrapers._html import node_text
from scrapers._words import without_marks_text

Skipped = dict[str, list[str]]  # per label not read (or "no API id"), the cards showing it


def card_sections(tree: LexborHTMLParser) -> dict[str, list[LexborNode]]:
    """The cards by the section they stand in (its aria-label, else its h2), in page order."""
    found: dict[str, list[LexborNode]] = {}
    for card in tree.css("article.model-card"):
        section = card.parent
        while section is not None and section.tag != "section":
            section = section.parent
        found.setdefault(_section_title(section), []).append(card)
    return found


def _section_title(section: LexborNode | None) -> str:
    if section is None:
        return "(no section)"
    heading = section.css_first("h2")
    return section.attributes.get("aria-label") or (node_text(heading) if heading is not None else "(untitled)")


def card_name(card: LexborNode, url: str) -> str:
    if not (name := _text(card, "h3")):
        shown = _text(card, ".model-id-text") or node_text(card)
        raise ParseError(f"{url}: a model card without a name (h3): {shown!r}")
    return name


def card_label(card: LexborNode) -> str:
    """What names the card in the run's report: its name, else its API id."""
    return _text(card, "h3") or _text(card, ".model-id-text") or "(a card without a name or API id)"


def card_model_id(card: LexborNode, skipped: Skipped) -> str | None:
    """The card's API id; else its name in lower case with hyphens ("GLM-5.2" -> "glm-5.2", said in the warning);
    None for a card showing neither."""
    if shown := _text(card, ".model-id-text"):
        return shown
    if not (name := _text(card, "h3")):
        return None
    skipped.setdefault("no API id", []).append(name)
    return re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")


def spec_row(row: LexborNode, url: str, name: str) -> tuple[str, LexborNode]:
    """A spec row's label text and value node."""
    label, value = row.css_first(".k"), row.css_first(".v")
    if label is None or value is None:
        raise ParseError(f"{url}: card {name!r}: a spec row without its label (.k) or value (.v)")
    return node_text(label), value


def _text(card: LexborNode, selector: str) -> str:
    """The text of the card's first ``selector``, a footnote mark beside it left out ("" when absent)."""
    node = card.css_first(selector)
    return without_marks_text(node_text(node)) if node is not None else ""
