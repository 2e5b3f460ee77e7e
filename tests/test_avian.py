"""Avian's pricing cards: every card of the real capture read; rounded limits not guessed; changes fail."""

from decimal import Decimal

import pytest
from selectolax.lexbor import LexborHTMLParser

import scrapers.avian as avian
from core.errors import ParseError
from core.values import Status
from scrapers._base import Page
from tests.conftest import captured_page, parse_page

CAPTURE = "avian/2026"
FIELDS = {"Input": "input", "Output": "output", "Cache": "cached_input"}


def parse_text(page: Page, text: str | None = None):
    return {o.model.name: o.values for o in parse_page(avian, page, text).offerings}


def test_every_card_of_the_capture_is_read():
    page = captured_page(CAPTURE)
    offerings = parse_text(page)
    cards = LexborHTMLParser(page.text()).css(".av-model-card")
    assert len(offerings) == len(cards) == 13
    for card in cards:
        got = offerings[card.css_first(".av-model-label").text(strip=True)]
        for box in card.css(".av-mp"):
            field = FIELDS[box.css_first(".av-mp-label").text(strip=True)]
            assert got[field].amount == Decimal(box.css_first(".av-mp-val").text(strip=True).lstrip("$"))
        assert got["context_window"].status is Status.UNKNOWN and "context" in got["context_window"].provenance.raw
    assert offerings["Kimi K2.6"]["output"].amount == Decimal(4)


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("per M tokens", "per K tokens"), "the prices' unit changed"),
    (lambda t: t.replace('<div class="av-mp-label">Cache</div>', '<div class="av-mp-label">Cache write</div>'),
     "unknown price 'Cache write'"),
    (lambda t: t.replace("av-model-card", "model-tile"), "no model cards"),
])
def test_a_changed_card_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="www.avian.io/pricing") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)
