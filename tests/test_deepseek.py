"""DeepSeek's Models & Pricing page: every price of the real capture read at peak and off-peak hours,
rounded limits not guessed; without the model table the run fails, another part not read is named."""

import html
import re
from decimal import Decimal

import pytest

import scrapers.deepseek as deepseek
from core.errors import ParseError
from core.values import Status
from scrapers._base import Page
from tests.conftest import captured_page, parse_page

CAPTURE = "deepseek/2026-08"
KINDS = {"CACHE HIT": "cached_input", "CACHE MISS": "input", "OUTPUT TOKENS": "output"}
TIERS = {"PEAK": "standard", "OFF-PEAK": "off_peak"}
PEAK_ROW = "<tr><td>PEAK</td><td>$1.32</td><td>$3.96</td><td>$1.32</td></tr><tr><td colspan"


def parse_text(page: Page, text: str | None = None):
    return {(o.key.model, o.key.tier): o.values for o in parse_page(deepseek, page, text).offerings}


def test_every_price_of_the_capture_is_read():
    """Expected values come from regexes over the raw HTML rows, not from a table grid."""
    page = captured_page(CAPTURE)
    offerings, text = parse_text(page), page.text()
    rows = re.findall(r"<tr>(.*?)</tr>", text, re.S)
    models = re.findall(r"<td>([^<]+)</td>", rows[0])
    assert len(offerings) == len(models) * 2 == 6
    kind, seen = None, 0
    for row in (r for r in rows if "$" in r):
        if named := re.search(r'rowspan="2">(.*?)</td>', row):  # the price kind spans its two rows
            kind = next(f for k, f in KINDS.items() if k in named.group(1))
        tier = TIERS[re.search(r"<td>(OFF-PEAK|PEAK)</td>", row).group(1)]
        amounts = re.findall(r"<td>\$([\d.]+)</td>", row)
        for model, amount in zip(models, amounts, strict=True):
            assert offerings[model, tier][kind].amount == Decimal(amount), (model, tier, kind)
            seen += 1
    assert seen == 3 * 2 * 3


def test_off_peak_prices_carry_the_hours_as_the_page_writes_them():
    page = captured_page(CAPTURE)
    hours = re.search(r"\(1\)[^<]*?(Peak hours are [^<]*?)\.</p>", page.text()).group(1)
    for (model, tier), values in parse_text(page).items():
        for field in ("input", "cached_input", "output"):
            assert (hours in values[field].provenance.label) is (tier == "off_peak"), (model, tier, field)


def test_rounded_limits_are_kept_as_written_not_guessed():
    page = captured_page(CAPTURE)
    text = html.unescape(page.text())
    context = re.search(r"CONTEXT LENGTH</td><td[^>]*>([^<]+)<", text).group(1)
    output = re.search(r"MAX OUTPUT</td><td[^>]*>([^<]+)<", text).group(1)
    for values in parse_text(page).values():
        assert values["context_window"].status is values["max_output_tokens"].status is Status.UNKNOWN
        assert (values["context_window"].provenance.raw, values["max_output_tokens"].provenance.raw) == (
            context, output) == ("1M", "MAXIMUM: 384K")
        assert values["cache_write"].status is Status.UNKNOWN  # the page prices no cache writes


def test_well_known_prices():
    offerings = parse_text(captured_page(CAPTURE))
    assert offerings["deepseek-v4-pro", "standard"]["output"].amount == Decimal("3.96")
    assert offerings["deepseek-v4-pro", "off_peak"]["cached_input"].amount == Decimal("0.022")
    assert offerings["deepseek-v4-flash", "standard"]["input"].amount == Decimal("0.44")
    assert offerings["deepseek-v4-flash-vision-exp", "off_peak"]["output"].amount == Decimal("0.66")


def test_an_exact_limit_is_read():
    page = captured_page(CAPTURE)
    edited = page.text().replace(">1M</td>", ">1,048,576 tokens</td>").replace("MAXIMUM: 384K", "MAXIMUM: 393,216")
    values = parse_text(page, edited)["deepseek-v4-pro", "off_peak"]
    assert (values["context_window"].amount, values["max_output_tokens"].amount) == (1_048_576, 393_216)


@pytest.mark.parametrize("cell, status", [("—", Status.NOT_OFFERED), ("Free", Status.FREE), ("free", Status.FREE),
                                          ("FREE", Status.FREE), ("Free*", Status.FREE)])
def test_not_offered_and_free_cells(cell, status):
    page = captured_page(CAPTURE)
    got = parse_text(page, page.text().replace("<td>$3.96</td>", f"<td>{cell}</td>"))
    assert got["deepseek-v4-pro", "standard"]["output"].status is status
    assert got["deepseek-v4-pro", "standard"]["output"].provenance.raw == cell  # "free" kept: the 0 is stated
    assert {k: v for k, v in got.items() if k != ("deepseek-v4-pro", "standard")} == {
        k: v for k, v in parse_text(page).items() if k != ("deepseek-v4-pro", "standard")}


@pytest.mark.parametrize("mark", ["del", "s", "strike"])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(mark):
    page = captured_page(CAPTURE)
    got = parse_text(page, page.text().replace("<td>$3.96</td>", f"<td><{mark}>$3.96</{mark}> $1.98</td>"))
    values = got["deepseek-v4-pro", "standard"]
    assert (values["output"].amount, values["other:output_list_price"].amount) == (Decimal("1.98"), Decimal("3.96"))
    assert values["output"].provenance.raw == "$1.98"
    whole = parse_text(page)
    assert {k: v for k, v in values.items() if k not in ("output", "other:output_list_price")} == {
        k: v for k, v in whole["deepseek-v4-pro", "standard"].items() if k != "output"}
    assert {k: v for k, v in got.items() if k != ("deepseek-v4-pro", "standard")} == {
        k: v for k, v in whole.items() if k != ("deepseek-v4-pro", "standard")}


def _drop_output_peak_row(text: str) -> str:
    text = text.replace(PEAK_ROW, "<tr><td colspan").replace('rowspan="6">PRICING', 'rowspan="5">PRICING')
    return text.replace('rowspan="2">1M OUTPUT', 'rowspan="1">1M OUTPUT')


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("<table", "<div"), "model and pricing table (first row MODEL) not found"),
    (lambda t: t.replace(">MODEL<", ">NAME<"), "model and pricing table (first row MODEL) not found"),
    (lambda t: t.replace('rowspan="6">PRICING', 'rowspan="7">PRICING'), "expected equal widths"),
])
def test_without_the_model_table_the_run_fails(edit, message):
    """The page's only table defines the catalogue: gone, or not a grid of model columns, the run fails."""
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="api-docs.deepseek.com/quick_start/pricing") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)


MODELS = ("deepseek-v4-flash", "deepseek-v4-pro", "deepseek-v4-flash-vision-exp")
ALL = {(m, t) for m in MODELS for t in TIERS.values()}
OFF_PEAK, PEAK = {(m, "off_peak") for m in MODELS}, {(m, "standard") for m in MODELS}
RATE_LIMIT = '<tr><td colspan="3">RATE LIMIT</td><td>10</td><td>10</td><td>10</td></tr>'
ROW = "row 'deepseek-v4-pro · {}': "

# (edit, what the unread part says, the models it names (None: a part naming none), the offerings not read)
UNREAD_EDITS = [
    # an unknown row kind: a price row of another tier or kind (a per-1K price is not read per 1M), a new property
    (lambda t: t.replace("<td>OFF-PEAK</td>", "<td>NIGHT</td>", 1),
     "row '1M INPUT TOKENS (CACHE HIT) · NIGHT': unknown price row", set(MODELS), OFF_PEAK),
    (lambda t: t.replace("<td>OFF-PEAK</td>", "<td>NIGHT</td>", 1),
     ROW.format("OFF-PEAK") + "no row for cached_input (off_peak)", {"deepseek-v4-pro"}, OFF_PEAK),
    (lambda t: t.replace("1M OUTPUT TOKENS", "1K OUTPUT TOKENS"), "row '1K OUTPUT TOKENS · PEAK': unknown price row",
     set(MODELS), ALL),
    (lambda t: t.replace("</table>", RATE_LIMIT + "</table>"), "row 'RATE LIMIT': unknown row", set(MODELS), set()),
    (lambda t: t.replace(">CONTEXT LENGTH<", ">CONTEXT<"), "row 'CONTEXT': unknown row", set(MODELS), ALL),
    (lambda t: t.replace(">CONTEXT LENGTH<", ">CONTEXT<"),
     ROW.format("PEAK") + "no row for context_window (standard)", {"deepseek-v4-pro"}, ALL),
    (_drop_output_peak_row, ROW.format("PEAK") + "no row for output (standard)", {"deepseek-v4-pro"}, PEAK),
    # an unfamiliar cell shape: a price, a limit (it spans every model), a model id
    (lambda t: t.replace("<td>$1.98</td>", "<td>¥1.98</td>"), ROW.format("OFF-PEAK") + "deepseek-v4-pro · "
     "1M OUTPUT TOKENS · OFF-PEAK · Peak hours are 01:00", {"deepseek-v4-pro"}, {("deepseek-v4-pro", "off_peak")}),
    (lambda t: t.replace("<td>$3.96</td>", "<td>$3.96 per 1K</td>"), "'$3.96 per 1K' is not a price",
     {"deepseek-v4-pro"}, {("deepseek-v4-pro", "standard")}),
    (lambda t: t.replace(">1M</td>", ">about a million</td>"),
     ROW.format("PEAK") + "deepseek-v4-pro · CONTEXT LENGTH: 'about a million' is not a token count",
     {"deepseek-v4-pro"}, ALL),
    (lambda t: t.replace("<td>deepseek-v4-pro</td>", "<td></td>"), "row 'MODEL · column 2': '' is not an API model id",
     None, {("deepseek-v4-pro", t) for t in TIERS.values()}),
    # the one secondary part, the footnote stating the peak hours: without it, no off-peak offering is read
    (lambda t: t.replace("Peak hours are", "Busy hours are"),
     ROW.format("OFF-PEAK") + "the footnote stating the peak hours ('Peak hours are ...') not found",
     {"deepseek-v4-pro"}, OFF_PEAK),
]


@pytest.mark.parametrize("edit, message, models, lost", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models, lost):
    page = captured_page(CAPTURE)
    whole = parse_text(page)
    result = parse_page(deepseek, page, edit(page.text()))
    (part,) = [u for u in result.unread if message in str(u)]
    assert part.url == deepseek.PRICING_URL and part.where.startswith(f"{deepseek.PRICING_URL} · table 'Model ")
    assert part.models == (None if models is None else frozenset(models))
    read = {(o.key.model, o.key.tier): o.values for o in result.offerings if o.unread is None}
    assert all(read[key] == whole[key] for key in read)  # every offering read has the values of the unedited page
    assert whole.keys() - read.keys() == lost and read.keys() <= whole.keys()
    assert result.read_any is bool(read)  # none read: the run fails (jobs.runner.check_read_any)


def test_the_capture_is_read_whole():
    assert parse_page(deepseek, captured_page(CAPTURE)).unread == []


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_new_table_elsewhere_on_the_page_is_not_the_model_table(where):
    page = captured_page(CAPTURE)
    table = "<table><tr><th>PROMOTION</th><th>UNTIL</th></tr><tr><td>50% off</td><td>2026-09-01</td></tr></table>"
    edited = page.text().replace("<b><table", f"{table}<b><table") if where == "before" else page.text().replace(
        "</table></b>", f"</table></b>{table}")
    assert edited.count("<table") == 2
    result = parse_page(deepseek, page, edited)
    assert parse_text(page, edited) == parse_text(page) and result.unread == []


def test_a_new_model_whose_offering_cannot_be_read_stands_with_unknown_values():
    page = captured_page(CAPTURE)
    text = page.text().replace("<td>deepseek-v4-pro</td>", "<td>deepseek-v5</td>", 1)
    result = parse_page(deepseek, page, text.replace("<td>$1.98</td>", "<td>TBD</td>"))
    (placeholder,) = [o for o in result.offerings if o.unread]
    assert (placeholder.key.model, placeholder.key.tier, placeholder.values) == ("deepseek-v5", "off_peak", {})
    assert ("deepseek-v5", "standard") in parse_text(page, text)  # its peak offering is read


def test_renumbered_footnotes_and_marks_beside_the_model_ids_read_the_same():
    page = captured_page(CAPTURE)
    text = page.text()
    hours_note = re.search(r"<p>\(1\)([^<]*?Peak hours are)", text)
    assert hours_note, "the capture's peak-hours footnote"
    edited = text.replace(hours_note.group(0), hours_note.group(0).replace("(1)", "(3)", 1))
    edited = edited.replace("<td>deepseek-v4-pro</td>", "<td>deepseek-v4-pro (3)</td>", 1)
    edited = edited.replace("<td>deepseek-v4-flash</td>", "<td>deepseek-v4-flash(1)(3)</td>", 1)
    assert "deepseek-v4-pro (3)</td>" in edited and "deepseek-v4-flash(1)(3)</td>" in edited
    assert edited.count("(3)") == text.count("(3)") + 3
    assert parse_text(page, edited) == parse_text(page)


@pytest.mark.parametrize("mark", ["¹", "*", " *", "<sup>(2)</sup>", "<sup>1</sup>"])
def test_a_footnote_mark_beside_a_model_id_is_not_part_of_it(mark):
    page = captured_page(CAPTURE)
    edited = page.text().replace("<td>deepseek-v4-flash</td>", f"<td>deepseek-v4-flash{mark}</td>", 1)
    assert edited != page.text()
    assert parse_text(page, edited) == parse_text(page)
