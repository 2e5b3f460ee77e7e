"""Z.ai's pricing page: every cell of the real capture's text and vision tables read; changes fail."""

from decimal import Decimal

import pytest
from selectolax.lexbor import LexborHTMLParser

import scrapers.zai as zai
from core.errors import ParseError
from core.values import Status
from tests.conftest import captured_page, parse_page

CAPTURE = "zai/2026"
FIELDS = ("input", "cached_input", "other:cached_input_storage", "output")


def test_every_cell_of_the_text_and_vision_tables_is_read():
    page = captured_page(CAPTURE)
    result = parse_page(zai, page)
    offerings = {o.model.name: o.values for o in result.offerings}
    rows = [[c.text(strip=True) for c in r.css("td")] for table in LexborHTMLParser(page.text()).css("table")[:2]
            for r in table.css("tr") if r.css_first("td")]
    assert len(offerings) == len(rows) == 21
    for name, *cells in rows:
        for field, text in zip(FIELDS, cells, strict=True):
            got = offerings[name][field]
            if text in ("-", "\\"):
                assert got.status is Status.UNKNOWN, (name, field)
            elif "Free" in text:
                assert got.status is Status.FREE and got.provenance.raw == text, (name, field)
            else:
                assert got.amount == Decimal(text.lstrip("$")), (name, field)
    assert "Image Generation Models" in result.warnings[0]  # what is not read yet is said, every run


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("Vision Models", "Multimodal Models"), "price table 'Vision Models' not found"),
    (lambda t: t.replace(">Cached Input Storage", ">Storage"), "has columns"),
    (lambda t: t.replace("$4.4", "¥4.4"), "'¥4.4' is not a price"),
])
def test_a_changed_layout_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="docs.z.ai/guides/overview/pricing") as error:
        parse_page(zai, page, edit(page.text()))
    assert message in str(error.value)
