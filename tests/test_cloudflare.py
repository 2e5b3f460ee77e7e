"""Cloudflare Workers AI's pricing page: every price line of the real capture's five tables read; changes fail."""

import re
from decimal import Decimal

import pytest
from selectolax.lexbor import LexborHTMLParser

import scrapers.cloudflare as cloudflare
from core.errors import ParseError
from scrapers._base import Page
from tests.conftest import captured_page, parse_page

CAPTURE = "cloudflare/2026-08-26"
TOKENS = {"input": "input", "cached input": "cached_input", "output": "output"}


def parse_text(page: Page, text: str | None = None):
    return {o.key.model: o.values for o in parse_page(cloudflare, page, text).offerings}


def test_every_price_line_of_the_capture_is_read():
    page = captured_page(CAPTURE)
    offerings = parse_text(page)
    rows = [r.css("td") for table in LexborHTMLParser(page.text()).css("table")[1:] for r in table.css("tr")
            if r.css_first("td")]
    assert len(offerings) == len(rows) == 64
    for cells in rows:
        got = offerings[cells[0].text(strip=True)]
        for line in re.split(r"<br\s*/?>", cells[1].html):
            if "$" not in line:  # the tail after a last <br>
                continue
            amount, unit = re.search(r"\$([\d.,]+) per ([^<]+)", line).groups()
            kind = re.fullmatch(r"M (input|cached input|output) tokens?", unit.strip())
            if kind:
                assert got[TOKENS[kind.group(1)]].amount == Decimal(amount)
            else:  # kept in its own unit, never as a token price
                assert [v.amount for v in got.values() if v.unit == f"USD per {' '.join(unit.split())}"] == [
                    Decimal(amount)]
    assert offerings["@cf/meta/llama-3.2-1b-instruct"]["output"].amount == Decimal("0.201")


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("Audio model pricing", "Speech model pricing"), "price table 'Audio model pricing' not found"),
    (lambda t: t.replace("Price in Tokens", "Price"), "has columns"),
    (lambda t: t.replace("$0.027 per M input tokens", "0.027 USD per M input tokens"), "is not '$<amount> per"),
])
def test_a_changed_layout_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="developers.cloudflare.com/workers-ai/platform/pricing") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)
