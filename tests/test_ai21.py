"""AI21's pricing page: every model card of the real capture read; a changed card fails."""

import re
from decimal import Decimal

import pytest
from selectolax.lexbor import LexborHTMLParser

import scrapers.ai21 as ai21
from core.errors import ParseError
from core.values import Status
from scrapers._base import Page
from tests.conftest import captured_page, parse_page

CAPTURE = "ai21/2026-08-27"


def parse_text(page: Page, text: str | None = None):
    return {o.model.name: o.values for o in parse_page(ai21, page, text).offerings}


def test_every_model_card_of_the_capture_is_read():
    page = captured_page(CAPTURE)
    offerings = parse_text(page)
    cards = [c for c in LexborHTMLParser(page.text()).css(".card") if "/ 1M input tokens" in c.text()]
    assert len(offerings) == len(cards) == 2
    for card in cards:
        got = offerings[card.css_first(".card__title").text(strip=True)]
        footer = card.css_first(".card__footer").text()
        for kind in ("input", "output"):
            amount = re.search(rf"\$([\d.]+) / 1M {kind} tokens", footer).group(1)
            assert got[kind].amount == Decimal(amount)
        assert {got[f].status for f in ("cached_input", "cache_write", "context_window")} == {Status.UNKNOWN}
    assert offerings["Jamba Large"]["output"].amount == Decimal(8)


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("/ 1M output tokens", "/ 1K output tokens"), "does not give an input and an output price"),
    (lambda t: t.replace("/ 1M input tokens", "per million input tokens"), "does not give an input"),
    (lambda t: t.replace("/ 1M ", "per million "), "no model card"),
])
def test_a_changed_card_fails_naming_it(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="www.ai21.com/pricing") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)
