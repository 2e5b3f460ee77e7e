"""Public AI's model catalogue: every row of the real capture read; rounded context lengths are not guessed."""

import re
from decimal import Decimal

import pytest
from selectolax.lexbor import LexborHTMLParser

import scrapers.publicai as publicai
from core.errors import ParseError
from core.values import Status
from scrapers._base import Page
from tests.conftest import captured_page, parse_page

CAPTURE = "publicai/2026-07-26"


def parse_text(page: Page, text: str | None = None):
    return {o.key.model: o.values for o in parse_page(publicai, page, text).offerings}


def test_every_row_of_the_capture_is_read():
    page = captured_page(CAPTURE)
    offerings = parse_text(page)
    rows = [r.css("td") for r in LexborHTMLParser(page.text()).css("tr") if r.css_first("td")]
    assert len(offerings) == len(rows) == 11
    for cells in rows:
        got = offerings[cells[0].css_first("a").text(strip=True)]
        given, output = re.findall(r"\$([\d.]+)", cells[2].text())
        assert (got["input"].amount, got["output"].amount) == (Decimal(given), Decimal(output))
        assert got["context_window"].status is Status.UNKNOWN  # "262K" is rounded: not a token count
        assert got["context_window"].provenance.raw == cells[1].text(strip=True)
    assert offerings["swiss-ai/apertus-v1.5-70b"]["output"].amount == Decimal("2.92")


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace(">Pricing<", ">Price<"), "has columns"),
    (lambda t: t.replace("per 1M tokens</span>", "per 1K tokens</span>"), "is not '$in / $out per 1M tokens'"),
])
def test_a_changed_table_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="platform.publicai.co/models") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)
