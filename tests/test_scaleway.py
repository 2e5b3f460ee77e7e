"""Scaleway's Generative APIs table: every cell of the real capture read, in EUR; a changed table fails, a row
that cannot be read is named and the rest read; "Free", struck-through list prices, footnote marks."""

import re
from decimal import Decimal

import pytest

import scrapers.scaleway as scaleway
from core.errors import ParseError
from core.offering import MAIN_FIELDS, PRICE_FIELDS
from core.values import TOKENS, Status
from tests.conftest import captured_page, parse_page

CAPTURE = "scaleway/2026-08-29"
EUR = "EUR per 1M tokens"
# The capture's rows, by regexes over the raw HTML rather than the DOM: name, tasks, input, output, Try link.
ROW = re.compile(r"<tr><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td><td[^>]*>(.*?)</td><td[^>]*>(.*?)</td>"
                 r"<td[^>]*><a href=\"[^\"]*modelName=([^\"&]*)\"")
PRICE = re.compile(r"€(\d+\.\d+)<!-- --> /<sup>([^<]+)</sup>")
# A whole price cell: "Free", or prices separated by <br/>, nothing else (so no stray text goes unchecked).
CELL = re.compile(rf'<span class="white">(?:Free|{PRICE.pattern}(?:<br/>{PRICE.pattern})*)</span>')
# What each written unit prices, by column (typed by hand from the page).
FIELDS = {("input", "million tokens"): ("input", EUR),
          ("input", "million tokens cached"): ("cached_input", EUR),
          ("input", "Audio minute"): ("other:input_audio_minute", "EUR per minute"),
          ("output", "million tokens"): ("output", EUR)}


def parse(text: str | None = None):
    return parse_page(scaleway, captured_page(CAPTURE), text)


def by_id(text: str | None = None):
    return {o.key.model: o for o in parse(text).offerings}


def expected_cells(text: str) -> dict[str, dict[str, tuple[str, Decimal]]]:
    """{model id: {field: (unit, amount)}} for every stated price of every row of the raw table."""
    rows = ROW.findall(text)
    expected = {}
    for name, _tasks, given, output, link_id in rows:
        assert name == link_id  # the Name cell is the API's id, as the playground link says
        cells = {}
        for column, cell in (("input", given), ("output", output)):
            assert CELL.fullmatch(cell), (name, column, cell)
            stated = PRICE.findall(cell)
            cells |= {FIELDS[column, unit]: Decimal(amount) for amount, unit in stated}
            if not stated:
                cells[column, EUR] = Decimal(0)
        expected[name] = {field: (unit, amount) for (field, unit), amount in cells.items()}
    return expected


def test_every_cell_of_the_capture_is_read_in_eur():
    text = captured_page(CAPTURE).text()
    expected, offerings = expected_cells(text), by_id()
    assert not parse().unread  # the real capture reads completely
    assert len(expected) == len(offerings) == text.count("<tr><td") == 15
    for model, fields in expected.items():
        values = offerings[model].values
        assert set(MAIN_FIELDS) <= set(values) and set(values) - set(MAIN_FIELDS) <= {"other:input_audio_minute"}
        for field, value in values.items():
            if field in fields:
                unit, amount = fields[field]
                status = Status.FREE if amount == 0 else Status.PRICED
                assert (value.status, value.amount, value.unit) == (status, amount, unit), (model, field)
            else:  # the table does not state it: unknown, in the offering's currency (limits in tokens)
                assert value.status is Status.UNKNOWN, (model, field)
                assert value.unit == (EUR if field in PRICE_FIELDS else TOKENS), (model, field)
        assert {values[f].unit for f in PRICE_FIELDS} == {EUR}


def test_known_values_typed_by_hand():
    offerings = by_id()
    glm = offerings["glm-5.2"].values
    assert (glm["input"].amount, glm["output"].amount, glm["input"].unit) == (Decimal("1.80"), Decimal("5.50"), EUR)
    deepseek = offerings["deepseek-v4-flash-0731"].values
    assert (deepseek["input"].amount, deepseek["cached_input"].amount) == (Decimal("0.40"), Decimal("0.08"))
    assert deepseek["cached_input"].provenance.raw == "€0.08 /million tokens cached"
    whisper = offerings["whisper-large-v3"].values
    assert whisper["other:input_audio_minute"].amount == Decimal("0.003")
    assert whisper["other:input_audio_minute"].unit == "EUR per minute"
    assert whisper["input"].status is Status.UNKNOWN and whisper["input"].unit == EUR
    assert whisper["output"].status is Status.FREE and whisper["output"].provenance.raw == "Free"
    assert offerings["bge-multilingual-gemma2"].values["output"].amount == Decimal(0)


def test_the_table_is_found_by_its_header_in_a_whole_page():
    """The live page holds other tables (GPU prices per hour): skipped, and named in the one warning."""
    other = ("<table><caption>Dedicated deployment</caption><thead><tr><th>Instance</th><th>Price</th></tr></thead>"
             "<tbody><tr><td>x</td><td>—</td></tr></tbody></table>")
    page = f"<html><body><main>{other}<div class=\"{captured_page(CAPTURE).text()}</div></main></body></html>"
    result = parse(page)
    assert len(result.offerings) == 15
    assert result.warnings == ["not read: the Tasks column (what each model is for); "
                               "the other tables: 'Dedicated deployment'"]
    assert parse().warnings == ["not read: the Tasks column (what each model is for)"]


def test_a_row_without_a_playground_link_gets_its_name_in_lower_case_with_hyphens():
    text = captured_page(CAPTURE).text().replace(">glm-5.2<", ">GLM 5.2<", 1)
    assert by_id(text)["glm-5.2"].model.name == "GLM 5.2"  # the link's modelName is the id
    unlinked = re.sub(r'<a href="[^"]*modelName=glm-5.2"[^>]*>Try</a>', "", text)
    assert by_id(unlinked)["glm-5.2"].model.name == "GLM 5.2"


@pytest.mark.parametrize("text, amount", [("€1.80", "1.80"), ("€0.003", "0.003"), ("€12", "12")])
def test_euro_amounts_are_read_exactly(text, amount):
    assert scaleway.parse_euros(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["$1.80", "1.80 €", "€1,80", "€1,200.00", "EUR 1.80", "€", "€-1"])
def test_anything_but_a_plain_euro_amount_is_refused(text):
    with pytest.raises(ValueError, match="not a euro amount"):
        scaleway.parse_euros(text)


def _drop_tasks_header(text: str) -> str:
    start = text.index("<th><button><span>Tasks")
    return text[:start] + text[text.index("</th>", start) + 5:]


# The main (and only read) table: its loss or a change of its columns fails the run.
@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("<span>Input tokens</span>", "<span>Input</span>"), "'Input', 'Output tokens'"),
    (_drop_tasks_header, "['Name', 'Input tokens', 'Output tokens', '']"),
    (lambda t: t.replace("<table", "<div").replace("</table>", "</div>"), "0 tables with columns"),
    (lambda t: t + "<table" + t.split("<table", 1)[1], "2 tables with columns"),
    (lambda t: t.replace("€", "US$"), "no row of the Generative APIs table could be read"),
])
def test_a_changed_table_fails_naming_what_changed(edit, message):
    text = captured_page(CAPTURE).text()
    with pytest.raises(ParseError, match=re.escape(scaleway.PRICING_URL)) as error:
        parse(edit(text))
    assert message in str(error.value)


def read_values(result) -> dict:
    return {o.key: o.values for o in result.offerings if o.unread is None}


DIVIDER = '<tr><td colSpan="5">Embedding models</td></tr>'
# (edit, what the unread row's part says, the models it leaves unobserved: None when the row names none)
UNREAD_EDITS = [
    (lambda t: t.replace("€5.50<!--", "$5.50<!--"), "glm-5.2 · Output tokens: '$5.50 /million tokens': not a euro",
     {"glm-5.2"}),
    (lambda t: t.replace("€0.60<!--", "€0,60<!--", 1), "qwen3.5-397b-a17b · Input tokens: '€0,60 /million tokens'",
     {"qwen3.5-397b-a17b"}),  # an unfamiliar cell shape: a decimal comma
    (lambda t: t.replace("tokens</sup></span></td><td", "tokens per hour</sup></span></td><td", 1),
     "glm-5.2 · Input tokens: '€1.80 /million tokens per hour' is not 'Free' or '€<amount> /<unit>'", {"glm-5.2"}),
    (lambda t: t.replace("Free", "Gratuit", 1), "whisper-large-v3 · Output tokens: 'Gratuit' is not 'Free'",
     {"whisper-large-v3"}),
    (lambda t: t.replace("€0.80<!-- --> /<sup>million tokens<", "€0.80<!-- --> /<sup>million tokens cached<", 1),
     "deepseek-v4-flash-0731 · Output tokens: '€0.80 /million tokens cached' is not", {"deepseek-v4-flash-0731"}),
    (lambda t: t.replace("<br/>€0.08<!-- --> /<sup>million tokens cached", "<br/>€0.08<!-- --> /<sup>million tokens"),
     ("deepseek-v4-flash-0731 · Input tokens: the cell's lines "
      "['€0.40 /million tokens', '€0.08 /million tokens'] price input twice"), {"deepseek-v4-flash-0731"}),
    (lambda t: t.replace('<span class="white">€1.80<!-- --> /<sup>million tokens</sup></span>', ""),
     "glm-5.2 · Input tokens: the cell is empty", {"glm-5.2"}),
    (lambda t: t.replace('<td colSpan="1">Chat and code</td>', "", 1), "row 'glm-5.2' has 4 cells, expected 5",
     {"glm-5.2"}),  # the Try link still names the model
    (lambda t: t.replace("€5.50<!-- -->", "<del>€6.00 /million tokens cached</del> €5.50<!-- -->", 1),
     "list price '€6.00 /million tokens cached' is not in the unit of '€5.50 /million tokens'", {"glm-5.2"}),
    # an unknown kind of row: a divider naming a group of models, no model of its own
    (lambda t: t.replace("<tbody>", "<tbody>" + DIVIDER, 1), "row 'Embedding models' has 1 cells, expected 5", None),
]


@pytest.mark.parametrize("edit, message, models", UNREAD_EDITS)
def test_a_row_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models):
    whole = read_values(parse())
    result = parse(edit(captured_page(CAPTURE).text()))
    (part,) = result.unread
    assert message in part.reason and part.url == scaleway.PRICING_URL
    assert part.where.startswith(f"{scaleway.PRICING_URL} · table 'Generative APIs' · row ")
    assert part.models == (None if models is None else frozenset(models))
    read = read_values(result)
    assert read == {key: values for key, values in whole.items() if models is None or key.model not in models}
    assert [o.key.model for o in result.offerings if o.unread] == sorted(models or [])


def test_a_new_table_elsewhere_is_not_read_and_the_rest_is_read_the_same():
    other = "<table><caption>Batch</caption><tr><th>Name</th><th>Price</th></tr><tr><td>x</td><td>€1</td></tr></table>"
    result = parse(captured_page(CAPTURE).text() + other)
    assert not result.unread and read_values(result) == read_values(parse())
    assert result.warnings[0].endswith("the other tables: 'Batch'")


@pytest.mark.parametrize("written", ["free", "FREE", "Free*"])
def test_free_in_any_case_is_free_and_said_so_in_provenance(written):
    text = captured_page(CAPTURE).text().replace('<span class="white">Free</span>',
                                                 f'<span class="white">{written}</span>', 1)
    output = by_id(text)["whisper-large-v3"].values["output"]
    assert (output.status, output.amount, output.unit, output.provenance.raw) == (Status.FREE, 0, EUR, written)


@pytest.mark.parametrize("struck", ["<del>€2.20</del> ", "<s>€2.20 /million tokens</s> ", "<strike>€2.20</strike>"])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(struck):
    whole = by_id()
    text = captured_page(CAPTURE).text().replace("€1.80<!-- -->", f"{struck}€1.80<!-- -->", 1)
    result = parse(text)
    glm = {o.key.model: o.values for o in result.offerings}["glm-5.2"]
    assert (glm["input"].amount, glm["input"].provenance.raw) == (Decimal("1.80"), "€1.80 /million tokens")
    listed = glm.pop("other:input_list_price")
    assert (listed.status, listed.amount, listed.unit) == (Status.PRICED, Decimal("2.20"), EUR)
    assert glm == whole["glm-5.2"].values and not result.unread


@pytest.mark.parametrize("name", ["GLM 5.2*", "GLM 5.2 (1)", "GLM 5.2¹", "GLM 5.2<sup>1</sup>"])
def test_a_footnote_mark_beside_a_name_is_not_part_of_the_id(name):
    text = re.sub(r'<a href="[^"]*modelName=glm-5.2"[^>]*>Try</a>', "", captured_page(CAPTURE).text())
    offering = by_id(text.replace(">glm-5.2<", f">{name}<", 1))["glm-5.2"]
    assert offering.model.name == "GLM 5.2" and offering.values == by_id()["glm-5.2"].values
