"""SambaNova's pricing page: every cell of the real capture's table read; a row or another table not read is
named and the rest read; without the price table the run fails."""

import re
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


def read_offerings(result) -> dict:
    return {o.key.model: o.values for o in result.offerings if o.unread is None}


def parse_result(text: str | None = None):
    return parse_page(sambanova, captured_page(CAPTURE), text)


BODY = '<tbody class="relative overflow-auto z-20">'
TABLE = '<table class="w-full'
CELL = 'whitespace-nowrap">'
NEW_ROW = "<tr><td>{}</td><td>N/A</td><td>{}</td><td>1 USD</td></tr>"
# (edit, what the unread part says, the models it names (None: not named), the models not read)
UNREAD_EDITS = [
    # (a) unknown row kinds: a heading row across the table, a new model's row of an unfamiliar price
    (lambda t: t.replace(BODY, BODY + '<tr><td colspan="4">Preview models</td></tr>'),
     "table 'price' · row 'Preview models': a row of 1 cells, not 4", None, set()),
    (lambda t: t.replace(BODY, BODY + NEW_ROW.format("Qwen4-72B", "Contact us")),
     "row 'Qwen4-72B': Qwen4-72B · input: 'Contact us' is not 'N/A', 'Free' or '<amount> USD'", {"Qwen4-72B"}, set()),
    # (b) a new table: named (not the price table), the price table read as before
    (lambda t: t.replace(TABLE, "<table><tr><th>Plan</th><th>Rate limits</th></tr><tr><td>Developer</td><td>Higher"
                                "</td></tr></table>" + TABLE, 1), "table 1 (Plan, Rate limits): not the price table",
     None, set()),
    (lambda t: t.replace("</table>", "</table>" + t[t.index(TABLE):t.index("</table>")] + "</table>", 1),
     "table 2 (Model, Cached Input Tokens, Input (per 1M tokens), Output (per 1M tokens)): not the price table",
     None, set()),  # a second table of the same columns: batch prices, say; never read as the standard ones
    # (c) unfamiliar cell shapes: the row is named, its model left unobserved
    (lambda t: t.replace(f"{CELL}4.50 USD<", f"{CELL}4.50 EUR<", 1),
     "row 'DeepSeek-V3.1': DeepSeek-V3.1 · output: '4.50 EUR' is not", {"DeepSeek-V3.1"}, {"DeepSeek-V3.1"}),
    (lambda t: t.replace(f"{CELL}0.06 USD<", f"{CELL}0.00006 USD per 1K<", 1),
     "'0.00006 USD per 1K' is not 'N/A', 'Free' or", {"MiniMax-M2.7"}, {"MiniMax-M2.7"}),  # per 1K: refused, never read as per 1M
    (lambda t: t.replace(f"{CELL}DeepSeek-V3.2<", f"{CELL}DeepSeek-V3.1<"), "DeepSeek-V3.1 is priced by two rows",
     {"DeepSeek-V3.1"}, {"DeepSeek-V3.1", "DeepSeek-V3.2"}),  # neither row is read
]


@pytest.mark.parametrize("edit, message, models, gone", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models, gone):
    whole = read_offerings(parse_result())
    edited = edit(captured_page(CAPTURE).text())
    assert edited != captured_page(CAPTURE).text()
    result = parse_result(edited)
    (part,) = result.unread
    assert message in str(part) and str(part).startswith(f"{sambanova.PRICING_URL} · table ")
    assert part.url == sambanova.PRICING_URL and part.models == (None if models is None else frozenset(models))
    read = read_offerings(result)
    assert set(read) == set(whole) - gone and all(read[m] == whole[m] for m in read)
    assert {o.key.model for o in result.offerings if o.unread} == (models or set())  # diff drops needless ones


def test_a_new_model_in_a_row_that_cannot_be_read_stands_as_a_placeholder_of_unknown_values():
    result = parse_result(UNREAD_EDITS[1][0](captured_page(CAPTURE).text()))
    (placeholder,) = [o for o in result.offerings if o.unread]
    assert placeholder.key.model == "Qwen4-72B" and placeholder.values == {} and "Contact us" in placeholder.unread


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("Output (per 1M tokens)", "Output (per 1K tokens)"), "has columns"),
    (lambda t: t.replace("<table", "<div").replace("</table>", "</div>"), "price table not found"),
    (lambda t: re.sub(r"\d+(?:\.\d+)? USD", "TBD", t), "no row of the price table could be read"),
])
def test_without_the_price_table_the_run_fails(edit, message):
    """(d) The page has one table, the price table: its loss (or a change of its columns) fails the run."""
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="cloud.sambanova.ai/pricing") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)


@pytest.mark.parametrize("written", ["Free", "free", "Free*"])
def test_free_as_a_price_is_free_and_says_so(written):
    whole = read_offerings(parse_result())
    result = parse_result(captured_page(CAPTURE).text().replace(f"{CELL}0.60 USD<", f"{CELL}{written}<", 1))
    value = read_offerings(result)["MiniMax-M2.7"]["input"]
    assert value.status is Status.FREE and value.amount == 0 and value.provenance.raw == written
    assert not result.unread and {m: v for m, v in read_offerings(result).items() if m != "MiniMax-M2.7"} == {
        m: v for m, v in whole.items() if m != "MiniMax-M2.7"}


@pytest.mark.parametrize("tag", ["del", "s", "strike"])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(tag):
    whole = read_offerings(parse_result())
    text = captured_page(CAPTURE).text().replace(f"{CELL}0.60 USD<", f"{CELL}<{tag}>1.20 USD</{tag}> 0.60 USD<", 1)
    result = parse_result(text)
    values = read_offerings(result)["MiniMax-M2.7"]
    assert values["input"].amount == Decimal("0.60") and values["other:input_list_price"].amount == Decimal("1.20")
    assert not result.unread and {f: v for f, v in values.items() if f != "other:input_list_price"} == whole[
        "MiniMax-M2.7"]


def test_a_footnote_mark_beside_a_model_id_is_not_part_of_it():
    text = captured_page(CAPTURE).text()
    for model, marked in (("MiniMax-M2.7", "MiniMax-M2.7<sup>1</sup>"), ("gpt-oss-120b", "gpt-oss-120b*"),
                          ("DeepSeek-V3.1", "DeepSeek-V3.1 (1)"), ("MiniMax-M3", "MiniMax-M3¹")):
        assert f"{CELL}{model}<" in text
        text = text.replace(f"{CELL}{model}<", f"{CELL}{marked}<")
    result = parse_result(text)
    assert not result.unread and read_offerings(result) == read_offerings(parse_result())


def test_the_capture_is_read_whole():
    assert not parse_result().unread
