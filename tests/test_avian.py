"""Avian's pricing cards: every card of the real capture read; rounded limits not guessed; a card that cannot be
read is named and the rest read; free and struck-through prices; without cards the run fails."""

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
    assert not parse_page(avian, page).unread  # the real capture reads completely


def whole() -> dict:
    return snapshot(parse_page(avian, captured_page(CAPTURE)))


def snapshot(result) -> dict:
    """Every offering read (not a placeholder), with its values and where each was read from."""
    return {o.key: {f: (v, v.provenance) for f, v in o.values.items()} for o in result.offerings if o.unread is None}


def edited(edit):
    page = captured_page(CAPTURE)
    return parse_page(avian, page, edit(page.text()))


def in_card(label: str, old: str, new: str):
    """An edit of the capture replacing ``old`` by ``new`` inside the card labelled ``label`` only."""
    def edit(text: str) -> str:
        start = text.index(f'<div class="av-model-label">{label}</div>')
        end = text.index("</div>", text.index('<div class="av-model-meta">', start))
        assert old in text[start:end], (label, old)
        return text[:start] + text[start:end].replace(old, new, 1) + text[end:]
    return edit


GPU_GRID = ('<!-- Dedicated Deployments -->', '<div class="av-gpu-grid"><div class="av-gpu-card"><div class="av-gpu-label">'
            'H200</div><div class="av-gpu-val">$3.50 / hour</div></div></div>\n<!-- Dedicated Deployments -->')

# (edit of the capture's text, what the unread part says, the model it leaves unobserved)
UNREAD_EDITS = [
    # an unknown kind of row: a card pricing a token kind the parser does not know
    (in_card("GLM-5", '<div class="av-mp-label">Cache</div>', '<div class="av-mp-label">Cache write</div>'),
     "unknown price 'Cache write'", "glm-5"),
    # a card of another kind: its prices in another unit
    (in_card("Kimi K2.6", "per M tokens", "per image"), "the prices' unit changed", "kimi-k2.6"),
    # unfamiliar cell shapes
    (in_card("DeepSeek V4 Pro", "$1.305", "1.305 USD"), "not a dollar amount: '1.305 USD'", "deepseek-v4-pro"),
    (in_card("MiMo-V2.5 Pro", "$0.87", "$0.87 / hr"), "not a dollar amount: '$0.87 / hr'", "mimo-v2.5-pro"),
    (in_card("GLM-4.7", '<div class="av-mp-val">$0.097</div>', ""), "no .av-mp-val in its Cache price", "glm-4.7"),
    # a new card whose cell is of an unfamiliar shape: a new model, added with unknown values
    (lambda t: t.replace('<div class="av-model-card" data-family="xiaomi">', '<div class="av-model-card" data-family='
                         '"new"><div class="av-model-label">Avian One</div><div class="av-model-prices"><div class="av-mp">'
                         '<div class="av-mp-label">Input</div><div class="av-mp-val">TBA</div></div></div><div class='
                         '"av-model-meta">1M context · per M tokens</div></div>\n<div class="av-model-card" data-family='
                         '"xiaomi">', 1), "not a dollar amount: 'TBA'", "avian-one"),
]


@pytest.mark.parametrize("edit, message, model", UNREAD_EDITS)
def test_a_card_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, model):
    before = whole()
    result = edited(edit)
    (part,) = result.unread
    assert message in part.reason and part.url == avian.PRICING_URL and part.models == frozenset({model})
    assert part.where.startswith(f"{avian.PRICING_URL} · table 'model cards' · row ")
    read = snapshot(result)
    assert read == {k: v for k, v in before.items() if k.model != model}  # the rest exactly as unedited
    assert [o.key.model for o in result.offerings if o.unread] == [model]  # its values unknown, never guessed


def test_a_new_table_elsewhere_on_the_page_is_ignored_and_the_cards_read_the_same():
    text = captured_page(CAPTURE).text()
    assert GPU_GRID[0] in text
    result = edited(lambda t: t.replace(*GPU_GRID, 1))
    assert not result.unread and snapshot(result) == whole()


def test_a_card_without_a_label_is_named_and_nothing_it_held_is_guessed():
    result = edited(lambda t: t.replace('<div class="av-model-label">GLM-5</div>', "", 1))
    (part,) = result.unread
    assert part.models is None and "no .av-model-label" in part.reason  # unnamed: nothing on the page is delisted
    assert snapshot(result) == {k: v for k, v in whole().items() if k.model != "glm-5"}


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("av-model-card", "model-tile"), "no model cards"),  # the only price table is gone
    (lambda t: t.replace("per M tokens", "per K tokens"), "no model card could be read"),  # no card can be read
])
def test_without_a_readable_card_the_run_fails(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="www.avian.io/pricing") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)


@pytest.mark.parametrize("written", ["Free", "free", "FREE*"])
def test_free_as_a_price_is_free_and_says_so(written):
    result = edited(in_card("GLM-5", "$0.516", written))
    glm = next(o.values for o in result.offerings if o.key.model == "glm-5")
    assert (glm["input"].status, glm["input"].amount, glm["input"].provenance.raw) == (Status.FREE, 0, written)
    assert glm["output"].amount == Decimal("2.322") and not result.unread


@pytest.mark.parametrize("tag", ["del", "s", "strike"])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(tag):
    result = edited(in_card("GLM-5", "$2.322", f"<{tag}>$4.644</{tag}> $2.322"))
    glm = next(o.values for o in result.offerings if o.key.model == "glm-5")
    assert glm["output"].amount == Decimal("2.322") and glm["other:output_list_price"].amount == Decimal("4.644")
    unedited = whole()[next(k for k in whole() if k.model == "glm-5")]
    assert {f: glm[f] for f in unedited} == {f: v for f, (v, _) in unedited.items()} and not result.unread


@pytest.mark.parametrize("mark", [" (1)", "*", "¹", " <sup>2</sup>"])
def test_a_footnote_mark_beside_a_label_is_not_part_of_the_model(mark):
    result = edited(lambda t: t.replace('<div class="av-model-label">GLM-5</div>',
                                        f'<div class="av-model-label">GLM-5{mark}</div>', 1))
    assert snapshot(result) == whole() and not result.unread
    assert next(o.model.name for o in result.offerings if o.key.model == "glm-5") == "GLM-5"
