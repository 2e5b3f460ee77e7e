"""Public AI's model catalogue: every row of the real capture read; rounded context lengths are not guessed; a row
or table that cannot be read is named and the rest read; without the catalogue table the run fails."""

import re
from decimal import Decimal

import pytest
from selectolax.lexbor import LexborHTMLParser

import scrapers.publicai as publicai
from core.errors import ParseError
from core.offering import OfferingKey
from core.values import USD_PER_MTOK, Status
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


def test_without_the_catalogue_table_the_run_fails():
    """The page has one table, the catalogue: there is no secondary table to lose, and losing it (or its
    columns changing) fails the run."""
    page = captured_page(CAPTURE)
    for edit in (lambda t: t.replace(">Pricing<", ">Price<"),
                 lambda t: re.sub(r"<table.*?</table>", "", t, flags=re.S)):
        with pytest.raises(ParseError, match="platform.publicai.co/models: model catalogue table not found: "
                                             "no table has columns"):
            parse_page(publicai, page, edit(page.text()))


BIELIK = "speakleash/Bielik-11B-v3.0-Instruct"
BIELIK_PRICE = "$0.40 / $0.40<span class=\"block text-xs text-muted-foreground\">per 1M tokens</span>"
def new_row(cells: str):
    """An edit adding ``cells`` as the catalogue's first row."""
    return lambda t: t.replace("<tbody>", f"<tbody><tr>{cells}</tr>", 1)


def read_offerings(result) -> dict:
    return {o.key: o.values for o in result.offerings if o.unread is None}


# (edit, what the unread part says, where, the models it leaves unobserved: None when it names none)
UNREAD_EDITS = [
    # an unknown row kind: two cells merged, a row with no model link
    (new_row('<td colspan="2"><a href="https://huggingface.co/swiss-ai/new">swiss-ai/new</a></td>'
             "<td>$0.10 / $0.20 per 1M tokens</td><td>Switzerland</td>"),
     "catalogue row has 3 cells, not 4", "table 'model catalogue' · row 'swiss-ai/new'", {"swiss-ai/new"}),
    (new_row("<td>coming soon</td><td>-</td><td>TBD</td><td>-</td>"), "'coming soon' has no model id link",
     "table 'model catalogue' · row 'coming soon'", None),
    # a new table: the page had one
    (lambda t: t.replace("</table>", "</table><table><thead><tr><th>Model ID</th><th>Image price</th></tr></thead>"
                         "<tbody><tr><td>swiss-ai/draw</td><td>$0.01</td></tr></tbody></table>", 1),
     "columns ['Model ID', 'Image price'] are not the model catalogue's", "table 'table 2 (Model ID | Image price)'",
     None),
    # an unfamiliar cell: per 1K tokens (refused: never read as per 1M), a word, a struck price naming no side
    (lambda t: t.replace(BIELIK_PRICE, BIELIK_PRICE.replace("1M", "1K")), "is not '$in / $out per 1M tokens'",
     f"table 'model catalogue' · row {BIELIK!r}", {BIELIK}),
    (lambda t: t.replace(BIELIK_PRICE, "TBD"), "'TBD' is not '$in / $out per 1M tokens'",
     f"table 'model catalogue' · row {BIELIK!r}", {BIELIK}),
    (lambda t: t.replace(BIELIK_PRICE, "<del>$0.50</del> " + BIELIK_PRICE), "struck-through '$0.50' is not",
     f"table 'model catalogue' · row {BIELIK!r}", {BIELIK}),
]


@pytest.mark.parametrize("edit, message, where, models", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, where, models):
    page = captured_page(CAPTURE)
    whole = read_offerings(parse_page(publicai, page))
    result = parse_page(publicai, page, edit(page.text()))
    (part,) = result.unread
    assert message in part.reason and part.url == publicai.MODELS_URL
    assert part.where == f"{publicai.MODELS_URL} · {where}"
    assert part.models == (None if models is None else frozenset(models))
    read = read_offerings(result)
    assert read == {key: values for key, values in whole.items() if models is None or key.model not in models}
    placeholders = [o for o in result.offerings if o.unread]
    assert [o.key.model for o in placeholders] == ([] if models is None else list(models))


def test_a_new_model_whose_row_cannot_be_read_stands_as_a_placeholder_of_unknown_values():
    page = captured_page(CAPTURE)
    result = parse_page(publicai, page, UNREAD_EDITS[0][0](page.text()))
    (placeholder,) = [o for o in result.offerings if o.unread]
    assert placeholder.key.model == "swiss-ai/new" and placeholder.values == {}
    assert "3 cells" in placeholder.unread


@pytest.mark.parametrize("written, given, output", [
    ("Free", "free", "free"), ("FREE", "free", "free"),
    ("free / $0.20<span>per 1M tokens</span>", "free", Decimal("0.20")),
    ("$0.10 / Free per 1M tokens", Decimal("0.10"), "free"),
])
def test_free_is_a_stated_free_price(written, given, output):
    page = captured_page(CAPTURE)
    result = parse_page(publicai, page, page.text().replace(BIELIK_PRICE, written))
    values = read_offerings(result)[OfferingKey(BIELIK)]
    for field, expected in (("input", given), ("output", output)):
        value = values[field]
        if expected == "free":
            assert (value.status, value.amount, value.unit) == (Status.FREE, 0, USD_PER_MTOK)
            assert "free" in value.provenance.raw.lower()  # stated: the guard does not hold the 0
        else:
            assert (value.status, value.amount) == (Status.PRICED, expected)
    assert not result.unread


def test_a_struck_through_pair_is_the_list_price_beside_the_price_charged():
    page = captured_page(CAPTURE)
    text = page.text().replace(BIELIK_PRICE, "<del>$0.80 / $0.90</del> " + BIELIK_PRICE)
    values = read_offerings(parse_page(publicai, page, text))[OfferingKey(BIELIK)]
    assert (values["input"].amount, values["output"].amount) == (Decimal("0.40"), Decimal("0.40"))
    assert (values["other:input_list_price"].amount, values["other:output_list_price"].amount) == (
        Decimal("0.80"), Decimal("0.90"))
    assert values["other:input_list_price"].unit == USD_PER_MTOK


@pytest.mark.parametrize("mark", ["¹", " (1)", "*", " [2]"])
def test_a_footnote_mark_beside_a_model_id_is_not_part_of_it(mark):
    page = captured_page(CAPTURE)
    whole = read_offerings(parse_page(publicai, page))
    result = parse_page(publicai, page, page.text().replace(f"{BIELIK}</a>", f"{BIELIK}{mark}</a>"))
    assert read_offerings(result) == whole and not result.unread
