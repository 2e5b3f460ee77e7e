"""Priced tools, tied to no model: one offering of kind "price_class" per tool whose section states a price.

The price sentence of "Web search tool" and of "Code execution tool" -> tier standard, id "tool/<heading less
' tool', in lower case with hyphens>", its price in its unit; token fields and limits unknown. A tool section
or sentence not found is named and skipped (the tool left unobserved). A "$" in any other tool section is a price
the parser does not read: the section is named as not read, its tool added with unknown values when new
(tests/test_scraper_review.py asserts it).
"""

from __future__ import annotations

import re

from core.errors import ParseError
from core.money import parse_dollars
from core.offering import OTHER_PREFIX, ModelInfo, Offering, OfferingKey
from core.values import Provenance, price
from scrapers._partial import Parts
from scrapers.anthropic.cells import PRICING_URL, slug, unknowns

SECTION = "Specific tool pricing"
TOOLS = {  # section: (its price sentence, other: field, unit); the free allowance is kept in the raw text
    "Web search tool": (r"available on the Claude API for (\$[\d.,]+) per 1,000 searches", "search",
                        "USD per 1,000 searches"),
    "Code execution tool": (r"Each organization receives \d+ free hours [^.]*\. Additional usage beyond the first \d+ "
                            r"hours is billed at (\$[\d.,]+) per hour, per container\.", "container_hour",
                            "USD per container-hour")}


_PRICE = re.compile(r"\\?\$\d")


def tool_offerings(found: dict[str, list[str]], parts: Parts) -> list[Offering]:
    """A price-class offering per priced tool; a token-only tool section that starts stating a price is named."""
    tools = []
    for title in TOOLS:
        with parts.row(SECTION, title, _model(title)):
            tools.append(_tool(" ".join(line.strip() for line in found.get(title, [])), title, parts.url))
    # a price there may be written "\\$0.01" or "$0.01": the page escapes most dollars but not all
    for title in (t for t in found if t.endswith(" tool") and t not in TOOLS and _PRICE.search("".join(found[t]))):
        parts.skip(SECTION, title, "states a price that is not read", _model(title))
    return tools


def _model(title: str) -> ModelInfo:
    name = title.removesuffix(" tool")
    return ModelInfo("tool/" + slug(name), name, "price_class")


def _tool(text: str, title: str, url: str) -> Offering:
    pattern, field, unit = TOOLS[title]
    if not (match := re.search(pattern, text.replace("\\$", "$").replace("**", ""))):  # no escapes, no bold
        raise ParseError(f"{url}: section {title!r} not found or has no sentence stating its price in {unit!r}")
    model, field = _model(title), OTHER_PREFIX + field
    values = unknowns(Provenance(url, title))
    values[field] = price(parse_dollars(match[1]), Provenance(url, f"{title} · {field}", raw=match[0]), unit)
    return Offering(OfferingKey(model.id), model, values, PRICING_URL)
