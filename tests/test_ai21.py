"""AI21's pricing page: every model card of the real capture read; a card that cannot be read is named and the
rest read; free and struck-through prices; without a readable card the run fails."""

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
    assert not parse_page(ai21, page).unread  # the real capture reads completely


def snapshot(result) -> dict:
    """Every offering read (not a placeholder), with its values and where each was read from."""
    return {o.key: {f: (v, v.provenance) for f, v in o.values.items()} for o in result.offerings if o.unread is None}


def whole() -> dict:
    return snapshot(parse_page(ai21, captured_page(CAPTURE)))


def edited(edit):
    page = captured_page(CAPTURE)
    return parse_page(ai21, page, edit(page.text()))


MINI_FOOTER = '<div class="card__footer">$0.2 / 1M input tokens<br />\n$0.4 / 1M output tokens</div>'


def mini_footer(new: str):
    """An edit of the capture replacing Jamba Mini's footer (its price cell) by ``new``."""
    def edit(text: str) -> str:
        assert text.count(MINI_FOOTER) == 1
        return text.replace(MINI_FOOTER, f'<div class="card__footer">{new}</div>')
    return edit


NEW_CARD = ('<h3 class="card__title">Jamba Large</h3>', '<h3 class="card__title">Jamba Reasoning</h3><div class='
            '"card__footer">$1 / 1M input tokens<br>$4 / 1M thinking tokens</div></div></div><div class="card"><div '
            'class="card__body"><h3 class="card__title">Jamba Large</h3>')

# (edit of the capture's text, what the unread part says, the model it leaves unobserved)
UNREAD_EDITS = [
    # an unknown kind of row: a card pricing a token kind the parser does not know, or three prices
    (lambda t: t.replace(*NEW_CARD, 1), "a line reads '$4 / 1M thinking tokens'", "jamba-reasoning"),
    (mini_footer("$0.2 / 1M input tokens<br>$0.05 / 1M cached input tokens<br>$0.4 / 1M output tokens"),
     "a line reads '$0.05 / 1M cached input tokens'", "jamba-mini"),
    # unfamiliar cell shapes: another unit, other words, a price missing, a price written twice
    (mini_footer("$0.2 / 1M input tokens<br>$0.4 / 1K output tokens"), "a line reads '$0.4 / 1K output tokens'",
     "jamba-mini"),
    (mini_footer("$0.2 per million input tokens<br>$0.4 / 1M output tokens"), "does not give an input", "jamba-mini"),
    (mini_footer("$0.2 / 1M input tokens"), "does not give an input and an output price", "jamba-mini"),
    (mini_footer("$0.2 / 1M input tokens<br>$0.3 / 1M input tokens<br>$0.4 / 1M output tokens"),
     "a line reads '$0.3 / 1M input tokens'", "jamba-mini"),
    (mini_footer("Contact sales"), "a line reads 'Contact sales'", "jamba-mini"),
]


@pytest.mark.parametrize("edit, message, model", UNREAD_EDITS)
def test_a_card_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, model):
    before = whole()
    result = edited(edit)
    (part,) = result.unread
    assert message in part.reason and part.url == ai21.PRICING_URL and part.models == frozenset({model})
    assert part.where.startswith(f"{ai21.PRICING_URL} · table 'Foundation Models' · row ")
    assert snapshot(result) == {k: v for k, v in before.items() if k.model != model}  # the rest exactly as unedited
    assert [o.key.model for o in result.offerings if o.unread] == [model]  # its values unknown, never guessed


def test_a_card_without_a_title_is_named_and_nothing_it_held_is_guessed():
    result = edited(lambda t: t.replace('<h3 class="card__title">Jamba Mini</h3>', "", 1))
    (part,) = result.unread
    assert part.models is None and "has no title" in part.reason  # unnamed: nothing on the page is delisted
    assert snapshot(result) == {k: v for k, v in whole().items() if k.model != "jamba-mini"}


def test_a_new_table_elsewhere_on_the_page_is_ignored_and_the_cards_read_the_same():
    table = ('<div class="plan plan-1">', '<h2>Seats</h2><table><tr><th>Plan</th><th>Price</th></tr><tr><td>Team</td>'
             '<td>$50 / month</td></tr></table><div class="plan plan-1">')
    assert table[0] in captured_page(CAPTURE).text()
    result = edited(lambda t: t.replace(*table, 1))
    assert not result.unread and snapshot(result) == whole()


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("card__footer", "card__note"), "no model card"),  # the only price table is gone
    (lambda t: t.replace("/ 1M ", "per million "), "no model card"),  # no card can be read
    (lambda t: t.replace("/ 1M output tokens", "/ 1K output tokens"), "does not give an input and an output price"),
])
def test_without_a_readable_card_the_run_fails(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="www.ai21.com/pricing") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)


@pytest.mark.parametrize("footer, free", [
    ("Free / 1M input tokens<br>$0.4 / 1M output tokens", ("input",)),
    ("free / 1M input tokens<br>FREE / 1M output tokens", ("input", "output")),
    ("Free", ("input", "output")),
])
def test_free_as_a_price_is_free_and_says_so(footer, free):
    result = edited(mini_footer(footer))
    mini = next(o.values for o in result.offerings if o.key.model == "jamba-mini")
    for kind in free:
        assert (mini[kind].status, mini[kind].amount) == (Status.FREE, 0) and "free" in mini[kind].provenance.raw.lower()
    assert all(mini[k].amount == Decimal("0.4") for k in ("input", "output") if k not in free) and not result.unread


@pytest.mark.parametrize("tag", ["del", "s", "strike"])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(tag):
    result = edited(mini_footer(f"<{tag}>$0.4</{tag}> $0.2 / 1M input tokens<br>$0.4 / 1M output tokens"))
    mini = next(o.values for o in result.offerings if o.key.model == "jamba-mini")
    assert mini["input"].amount == Decimal("0.2") and mini["other:input_list_price"].amount == Decimal("0.4")
    assert "other:output_list_price" not in mini and not result.unread
    unedited = next(v for k, v in whole().items() if k.model == "jamba-mini")
    assert {f: mini[f] for f in unedited} == {f: v for f, (v, _) in unedited.items()}


@pytest.mark.parametrize("mark", [" (1)", "*", "¹", " <sup>2</sup>"])
def test_a_footnote_mark_beside_a_title_is_not_part_of_the_model(mark):
    result = edited(lambda t: t.replace('"card__title">Jamba Mini<', f'"card__title">Jamba Mini{mark}<', 1))
    assert not result.unread and set(snapshot(result)) == set(whole())
    assert next(o.model.name for o in result.offerings if o.key.model == "jamba-mini") == "Jamba Mini"
