"""Moonshot's chat pricing page (Markdown DocTables): every row of the real capture read; a part not read is
named and the rest read; with no series table that can be read the run fails."""

import json
import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

import scrapers.moonshot as moonshot
from core.errors import ParseError
from core.values import Status
from scrapers._base import Fetched, Page
from tests.conftest import capture_dir

CAPTURE = "moonshot/2026"


def pricing_page(text: str | None = None) -> Page:
    path = capture_dir(CAPTURE) / "chat.md"
    body = path.read_bytes() if text is None else text.encode()
    return Page(moonshot.PRICING_URL, 200, "text/markdown", body, datetime(2026, 9, 19, tzinfo=UTC))


def test_every_row_of_the_capture_is_read():
    page = pricing_page()
    offerings = {o.key.model: o.values for o in moonshot.parse(Fetched({"pricing": [page]})).offerings}
    text = page.text()
    tables = re.findall(r"columns=\{\[(.*?)\]\}\s+rows=\{\[(.*?)\]\}", text, re.S)
    seen = 0
    for columns, rows in tables:
        titles = re.findall(r'title: "([^"]*)"', columns)
        for line in rows.strip().splitlines():  # each row is JSON once the JSX dollar sign is plain text
            row = json.loads(re.sub(r'<>\{"\$"\}([\d.]+)</>', r'"$\1"', line.strip().rstrip(",")))
            got, seen = offerings[row[0]], seen + 1
            for title, cell in zip(titles[2:], row[2:], strict=True):
                field = moonshot.FIELDS[title]
                expected = int(cell.split()[0].replace(",", "")) if field == "context_window" else Decimal(cell[1:])
                assert got[field].amount == expected, (row[0], title)
            if "Cache Write Price (TTL 5min)" not in titles:
                assert got["cache_write"].status is Status.UNKNOWN
    assert seen == len(offerings) == 4
    assert offerings["kimi-k3"]["other:cache_write_1h"].amount == Decimal(6)


def parse(text: str | None = None):
    return moonshot.parse(Fetched({"pricing": [pricing_page(text)]}))


def edited(edit) -> str:
    text = pricing_page().text()
    changed = edit(text)
    assert changed != text
    return changed


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("<DocTable", "<PriceTable"), "no <DocTable> price table found"),
    (lambda t: t.replace('{ title: "Unit"', '{ title: "Units"'), "no DocTable row could be read"),
    (lambda t: t.replace('"1M tokens", <>', '"1K tokens", <>'), "no DocTable row could be read"),
])
def test_without_a_series_table_that_can_be_read_the_run_fails(edit, message):
    """No table is the main one: the series tables together are the catalogue."""
    with pytest.raises(ParseError, match="platform.kimi.ai/docs/pricing/chat.md") as error:
        parse(edited(edit))
    assert message in str(error.value)


K2 = {"kimi-k2.7-code", "kimi-k2.7-code-highspeed", "kimi-k2.6"}
K2_TABLE = re.compile(r"<DocTable\s+columns=\{\[\n\{ title: \"Model\", width: \"24%\" \}.*?/>", re.S)
MARKDOWN_K2 = "| Model | Unit | Input Price |\n| - | - | - |\n| kimi-k2.6 | 1M tokens | $0.95 |"
NEW_SERIES = ("### K4 Series Models\n\n<DocTable\n  columns={[\n{ title: \"Model\" },\n{ title: \"Unit\" },\n"
              "{ title: \"Batch Price\" },\n]}\n  rows={[\n[\"kimi-k4\", \"1M tokens\", <>{\"$\"}1.00</>],\n]}\n/>\n\n"
              "### K3 Series Models")

# (edit, what the unread part says, the models it names (None: a part naming none), the models not read)
UNREAD_EDITS = [
    # an unknown row kind: a row of another shape, a row priced per 1K tokens (named, never read per 1M)
    (lambda t: t.replace('["kimi-k2.6"', '{/* kimi-k2.5: retired */}\n["kimi-k2.6"'),
     "row '{/* kimi-k2.5: retired */}': '{/* kimi-k2.5: retired */}' is not a row", None, set()),
    (lambda t: t.replace('"1M tokens", <>', '"1K tokens", <>', 1), "kimi-k3: prices per '1K tokens', not per",
     {"kimi-k3"}, {"kimi-k3"}),
    (lambda t: t.replace('["kimi-k2.6"', '["Legacy models: see the models page"],\n["kimi-k2.6"'),
     "row 'Legacy models: see the models page': a DocTable row ['Legacy models", None, set()),
    # a new table: a series whose columns the parser does not know, or that do not start with Model and Unit
    (lambda t: t.replace("### K3 Series Models", NEW_SERIES),
     "table 'K4 Series Models' · row 'kimi-k4': kimi-k4: unknown column 'Batch Price'", {"kimi-k4"}, set()),
    (lambda t: t.replace("### K3 Series Models", NEW_SERIES.replace('"Model" }', '"Name" }')),
     "table 'K4 Series Models': columns ['Name', 'Unit', 'Batch Price'] do not start with Model, Unit", None, set()),
    # an unfamiliar cell shape: a price, a token count, a column
    (lambda t: t.replace('<>{"$"}0.95</>', '<>{"¥"}0.95</>', 1), "kimi-k2.7-code · Input Price (Cache Miss)",
     {"kimi-k2.7-code"}, {"kimi-k2.7-code"}),
    (lambda t: t.replace('"262,144 tokens"', '"256K"', 1), "kimi-k2.7-code · Context Window: '256K' is not",
     {"kimi-k2.7-code"}, {"kimi-k2.7-code"}),
    (lambda t: t.replace("Output Price", "Completion Price", 1), "kimi-k3: unknown column 'Completion Price'",
     {"kimi-k3"}, {"kimi-k3"}),
    # a series table removed (rewritten as a Markdown table) or of another shape
    (lambda t: K2_TABLE.sub(MARKDOWN_K2, t), "section 'K2 Series Models': no <DocTable> under it", None, K2),
    (lambda t: t.replace("rows={[", "data={[", 1), "table 'K3 Series Models': a <DocTable> of another shape", None,
     {"kimi-k3"}),
]


@pytest.mark.parametrize("edit, message, models, lost", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models, lost):
    whole = {o.key: o.values for o in parse().offerings}
    result = parse(edited(edit))
    (part,) = [u for u in result.unread if message in str(u)]
    assert part.url == moonshot.PRICING_URL and part.where.startswith(f"{moonshot.PRICING_URL} · ")
    assert part.models == (None if models is None else frozenset(models))
    read = {o.key: o.values for o in result.offerings if o.unread is None}
    assert read.keys() <= whole.keys() and all(read[key] == whole[key] for key in read)
    assert {key.model for key in whole.keys() - read.keys()} == lost


def test_the_capture_is_read_whole():
    assert parse().unread == []


def test_a_new_model_whose_row_cannot_be_read_stands_with_unknown_values():
    result = parse(edited(lambda t: t.replace("### K3 Series Models", NEW_SERIES)))
    (placeholder,) = [o for o in result.offerings if o.unread]
    assert placeholder.key.model == "kimi-k4" and placeholder.values == {} and "Batch Price" in placeholder.unread


@pytest.mark.parametrize("cell", ['"Free"', '"free"', '"FREE"', '"Free*"', "<>Free</>"])
def test_free_in_any_case_is_free_with_the_word_kept(cell):
    result = parse(edited(lambda t: t.replace('<>{"$"}0.30</>', cell, 1)))
    value = next(o.values["cached_input"] for o in result.offerings if o.key.model == "kimi-k3")
    assert value.status is Status.FREE and value.amount == 0 and value.provenance.raw.lower().startswith("free")
    assert result.unread == []


@pytest.mark.parametrize("cell", ['<><del>{"$"}30.00</del> {"$"}15.00</>', '<><s>{"$"}30.00</s> {"$"}15.00</>',
                                  '<><strike>{"$"}30.00</strike>{"$"}15.00</>', '"~~$30.00~~ $15.00"'])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(cell):
    result = parse(edited(lambda t: t.replace('<>{"$"}15.00</>', cell, 1)))
    k3 = next(o.values for o in result.offerings if o.key.model == "kimi-k3")
    assert (k3["output"].amount, k3["other:output_list_price"].amount) == (Decimal("15.00"), Decimal("30.00"))
    whole = next(o.values for o in parse().offerings if o.key.model == "kimi-k3")
    assert {k: v for k, v in k3.items() if k != "other:output_list_price"} == whole and result.unread == []


@pytest.mark.parametrize("cell", ['"kimi-k3*"', '"kimi-k3¹"', '"kimi-k3 (1)"', "<>kimi-k3<sup>1</sup></>"])
def test_a_footnote_mark_beside_a_model_id_is_not_part_of_it(cell):
    result = parse(edited(lambda t: t.replace('"kimi-k3"', cell, 1)))
    assert {o.key: o.values for o in result.offerings} == {o.key: o.values for o in parse().offerings}
