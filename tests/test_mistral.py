"""Mistral's pricing page: every cell of the real capture's five tables read; a part that changes is named."""

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
URL = "https://docs.mistral.ai/inference/pricing"


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
    assert not parse_page(mistral, page).unread


def row_of(text: str, model_id: str) -> str:
    return next(r for r in re.findall(r"<tr .*?</tr>", text, re.S) if f'href="/models/{model_id}"' in r)


def edit_row(text: str, model_id: str, old: str, new: str) -> str:
    """Replace ``old`` by ``new`` once in the row linking to ``model_id``."""
    row = row_of(text, model_id)
    assert old in row, (model_id, old)
    return text.replace(row, row.replace(old, new, 1), 1)


def edit_section(text: str, section: str, old: str, new: str) -> str:
    part = re.search(rf'<section [^>]*id="{section}".*?</section>', text, re.S).group()
    return text.replace(part, part.replace(old, new, 1), 1)


def without_section(text: str, section: str) -> str:
    return re.sub(rf'<section [^>]*id="{section}".*?</section>', "", text, flags=re.S)


@pytest.mark.parametrize("edit, message", [
    (lambda t: without_section(t, "flagship"), "price table 'Flagship models' not found"),
    (lambda t: t.replace(">Cached input<", ">Cache<", 1), "table 'Flagship models' has columns"),
])
def test_without_the_flagship_table_as_known_the_run_fails(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="docs.mistral.ai/inference/pricing") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)


def read_values(result) -> dict:
    return {o.key: o.values for o in result.offerings if o.unread is None}


CODESTRAL = "codestral-25-08"
# (edit, where the part is, why, the models it leaves unobserved (None: the table's), the models not read)
UNREAD_EDITS = [
    # an unknown row kind: a note across the table; a row of five cells; a row linking elsewhere
    (lambda t: t.replace(row_of(t, CODESTRAL), '<tr data-slot="table-row"><td colspan="4">More soon</td></tr>'
                         + row_of(t, CODESTRAL)),
     "table 'Code models' · row 'More soon'", "row 'More soon' has no /models/ link", None, set()),
    (lambda t: edit_row(t, CODESTRAL, "</td></tr>", "</td><td>$1</td></tr>"), "table 'Code models' · row 'Codestral'",
     "row 'Codestral' has 5 cells, expected 4", {CODESTRAL}, {CODESTRAL}),
    (lambda t: t.replace('href="/models/ocr-4-1"', 'href="https://example.org/ocr"'),
     "table 'Specialized models' · row 'OCR 4.1'", "has no /models/ link", None, {"ocr-4-1"}),
    # an unfamiliar cell, in a secondary table and in the main one (a per-1K price: not read as per 1M)
    (lambda t: t.replace("$4 /1000 Pages", "$4 /1000 Images", 1), "table 'Specialized models' · row 'OCR 4.1'",
     "cell '$4 /1000 Images' is not a price", {"ocr-4-1"}, {"ocr-4-1"}),
    (lambda t: edit_row(t, "mistral-large-3-25-12", "$0.5<", "$0.0005 /1K Tokens<"),
     "table 'Flagship models' · row 'Mistral Large 3'", "'$0.0005 /1K Tokens' is not a price",
     {"mistral-large-3-25-12"}, {"mistral-large-3-25-12"}),
    (lambda t: edit_row(t, "leanstral-1-5", ">Free<", ">Free for the first 1M tokens<"),
     "table 'Labs' · row 'Leanstral 1.5'", "is not a price", {"leanstral-1-5"}, {"leanstral-1-5"}),
    # a secondary table removed, or its columns changed
    (lambda t: without_section(t, "labs"), "table 'Labs'", "price table 'Labs' not found", None, {"leanstral-1-5"}),
    (lambda t: edit_section(t, "code", ">Cached input<", ">Cache hit<"), "table 'Code models'",
     "table 'Code models' has columns", None, {CODESTRAL, "codestral-embed-25-05"}),
]


@pytest.mark.parametrize("edit, where, message, models, lost", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, where, message, models, lost):
    page = captured_page(CAPTURE)
    whole = read_values(parse_page(mistral, page))
    edited = edit(page.text())
    assert edited != page.text()
    result = parse_page(mistral, page, edited)
    (part,) = result.unread
    assert (part.url, part.where) == (URL, f"{URL} · {where}") and message in part.reason, str(part)
    assert part.models == (None if models is None else frozenset(models))
    assert read_values(result) == {key: values for key, values in whole.items() if key.model not in lost}
    assert {o.key.model for o in result.offerings if o.unread} == set(models or ())  # placeholders, unknown values
    assert all(o.values == {} for o in result.offerings if o.unread)


def test_a_table_under_a_heading_not_looked_for_is_not_read_and_the_rest_is_read_the_same():
    page = captured_page(CAPTURE)
    labs = re.search(r'<section [^>]*id="labs".*?</section>', page.text(), re.S).group()
    new = labs.replace(">Labs<", ">Audio models<").replace("leanstral-1-5", "voxtral-9").replace("Free", "$9")
    result = parse_page(mistral, page, page.text() + new)
    assert not result.unread and read_values(result) == read_values(parse_page(mistral, page))


@pytest.mark.parametrize("written", ["Free", "free", "FREE", "Free*", "Limited-time Free"])
def test_free_in_any_case_is_free_with_its_word_kept(written):
    page = captured_page(CAPTURE)
    edited = edit_row(page.text(), CODESTRAL, ">$0.3<", f">{written}<")
    result = parse_page(mistral, page, edited)
    got = {o.key.model: o.values for o in result.offerings}
    value = got[CODESTRAL]["input"]
    assert (value.status, value.amount, value.provenance.raw) == (Status.FREE, 0, written) and not result.unread
    whole = read_values(parse_page(mistral, page))
    assert {k: v for k, v in read_values(result).items() if k.model != CODESTRAL} == \
        {k: v for k, v in whole.items() if k.model != CODESTRAL}


@pytest.mark.parametrize("tag", ["del", "s", "strike"])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(tag):
    page = captured_page(CAPTURE)
    edited = edit_row(page.text(), "mistral-large-3-25-12", ">$0.5<", f"><{tag}>$1</{tag}> $0.5<")
    edited = edit_row(edited, "ocr-4-1", ">$4 /1000 Pages<", f"><{tag}>$8</{tag}> $4 /1000 Pages<")
    whole, result = parse_text(page), parse_page(mistral, page, edited)
    got = {o.key.model: o.values for o in result.offerings}
    large, ocr = got["mistral-large-3-25-12"], got["ocr-4-1"]
    assert large["input"].amount == Decimal("0.5") and large["other:input_list_price"].amount == Decimal(1)
    assert (ocr["other:input_1000_pages"].amount, ocr["other:input_1000_pages_list_price"].amount) == (4, 8)
    assert ocr["other:input_1000_pages_list_price"].unit == "USD per 1000 pages"
    assert {f: v for f, v in large.items() if not f.endswith("_list_price")} == whole["mistral-large-3-25-12"].values
    assert {f: v for f, v in ocr.items() if not f.endswith("_list_price")} == whole["ocr-4-1"].values
    assert not result.unread


@pytest.mark.parametrize("mark", [" (1)", "*", "¹", "<sup>2</sup>"])
def test_a_footnote_mark_beside_a_name_is_not_part_of_it(mark):
    page = captured_page(CAPTURE)
    result = parse_page(mistral, page, page.text().replace("Mistral Large 3<!-- -->", f"Mistral Large 3{mark}<!-- -->"))
    large = next(o for o in result.offerings if o.key.model == "mistral-large-3-25-12")
    assert large.model.name == "Mistral Large 3"
    assert read_values(result) == read_values(parse_page(mistral, page)) and not result.unread
