"""Pricing Update Notices: "Effective <date>, the <model> price will be adjusted to $x per call".

A notice dated after the page's fetch time becomes an Announced price of the model it names; one in force
already must agree with the table.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from core.money import parse_dollars
from core.offering import OTHER_PREFIX, Announced, Offering
from core.values import Provenance, price
from scrapers._base import Page
from scrapers.minimax.cells import DOLLARS, plain

_NOTICE = re.compile(r"Effective (?P<date>\w+ \d{1,2}, \d{4}), the (?P<model>\S+) price will be adjusted to "
                     rf"(?P<amount>{DOLLARS}) per (?:call|request)\b")


def announce(page: Page, offerings: list[Offering]) -> list[str]:
    """Attach the notices' future prices to their offerings; warnings for notices not understood or contradicted."""
    warnings, by_model = [], {o.key.model: o for o in offerings if o.key.tier == "standard"}
    for line in (line for line in page.text().splitlines() if "Pricing Update Notice" in line):
        match = _NOTICE.search(line.replace("\\$", "$"))
        if not match or match["model"] not in by_model or not (when := _date(match["date"])):
            warnings.append(f"{page.url}: a pricing notice not understood: {plain(line)[:200]!r}")
        elif warning := _apply(by_model[match["model"]], match, when, page):
            warnings.append(warning)
    return warnings


def _apply(offering: Offering, match: re.Match[str], when: date, page: Page) -> str | None:
    """Announce the notice's price on its offering, or a warning when a price in force is not the table's."""
    value = price(parse_dollars(match["amount"]), Provenance(page.url, f"Pricing Update Notice · {match['model']}",
                                                             raw=match.group(0)), "USD per request")
    if when > page.fetched_at.date():  # announced ahead: stored apart, never applied early
        offering.announced += (Announced(OTHER_PREFIX + "request", value, when),)
    elif offering.values.get(OTHER_PREFIX + "request") != value:
        return f"{page.url}: {offering.key}: the notice's price in force since {when} is not the table's"
    return None


def _date(written: str) -> date | None:
    try:
        return datetime.strptime(written, "%B %d, %Y").date()
    except ValueError:
        return None
