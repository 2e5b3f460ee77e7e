"""SambaNova's pricing page: every cell of the real capture's table read; a changed table fails."""

from decimal import Decimal

import pytest
from selectolax.lexbor import LexborHTMLParser

import scrapers.sambanova as sambanova
from core.errors import ParseError
from core.values import Status
from scrapers._base import Page
from tests.conftest import captured_page, parse_page

CAPTURE = "sambanova/2026"


def parse_text(page: Page, text: str | None = None):
    return {o.key.model: o.values for o in parse_page(sambanova, page, text).offerings}


def test_every_cell_of_the_capture_is_read():
    page = captured_page(CAPTURE)
    offerings = parse_text(page)
    rows = [[c.text(strip=True) for c in r.css("td")] for r in LexborHTMLParser(page.text()).css("tr")
            if r.css_first("td")]
    assert len(offerings) == len(rows) == 7
    for model, cached, given, output in rows:
        got = offerings[model]
        for field, text in (("cached_input", cached), ("input", given), ("output", output)):
            if text == "N/A":
                assert got[field].status is Status.NOT_OFFERED and got[field].provenance.raw == "N/A"
            else:
                assert got[field].amount == Decimal(text.removesuffix(" USD")), (model, field)
    assert offerings["MiniMax-M2.7"]["cached_input"].amount == Decimal("0.06")


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("Output (per 1M tokens)", "Output (per 1K tokens)"), "has columns"),
    (lambda t: t.replace("4.50 USD", "4.50 EUR"), "'4.50 EUR' is not 'N/A' or '<amount> USD'"),
    (lambda t: t.replace("<table", "<div").replace("</table>", "</div>"), "price table not found"),
])
def test_a_changed_table_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="cloud.sambanova.ai/pricing") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)
