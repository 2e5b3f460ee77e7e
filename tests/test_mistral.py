"""Mistral's pricing page: every cell of the real capture's five tables read; layout changes fail."""

import re
from decimal import Decimal

import pytest
from selectolax.lexbor import LexborHTMLParser

import scrapers.mistral as mistral
from core.errors import ParseError
from core.values import Status
from scrapers._base import Page
from tests.conftest import captured_page, parse_page

CAPTURE = "mistral/2026"


def parse_text(page: Page, text: str | None = None):
    return {o.key.model: o for o in parse_page(mistral, page, text).offerings}


def test_every_cell_of_the_capture_is_read():
    page = captured_page(CAPTURE)
    offerings = parse_text(page)
    rows = [row for row in LexborHTMLParser(page.text()).css("tr") if row.css_first("td")]
    assert len(offerings) == len(rows) == 15
    for row in rows:
        cells = row.css("td")
        got = offerings[cells[0].css_first("a").attributes["href"].split("/")[-1]].values
        for field, cell in zip(("input", "cached_input", "output"), cells[1:], strict=True):
            text = cell.text(strip=True)
            if text == "—":
                assert got[field].status is Status.NOT_OFFERED
            elif text == "Free":
                assert got[field].status is Status.FREE and got[field].provenance.raw == "Free"
            elif "/" in text:  # another unit: kept apart, the token price unknown
                amount, unit = re.fullmatch(r"\$([\d.]+) (/.+)", text).groups()
                kept = [v for k, v in got.items() if k.startswith(f"other:{field}_")]
                assert got[field].status is Status.UNKNOWN and [v.amount for v in kept] == [Decimal(amount)]
                assert unit.strip("/").split()[-1].lower()[:3] in kept[0].unit.lower()
            else:
                assert got[field].amount == Decimal(text.lstrip("$")), (field, text)
    assert offerings["mistral-large-3-25-12"].values["output"].amount == Decimal("1.5")


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace(">Labs<", ">Research<"), "price table 'Labs' not found"),
    (lambda t: t.replace(">Cached input<", ">Cache<", 1), "has columns"),
    (lambda t: t.replace("$4 /1000 Pages", "$4 /1000 Images", 1), "cell '$4 /1000 Images' is not a price"),
    (lambda t: t.replace('href="/models/ocr-4-1"', 'href="https://example.org/ocr"'), "has no /models/ link"),
])
def test_a_changed_layout_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="docs.mistral.ai/inference/pricing") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)
