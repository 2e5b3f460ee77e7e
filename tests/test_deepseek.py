"""DeepSeek's Models & Pricing page: every price of the real capture read at peak and off-peak hours,
rounded limits not guessed, changes fail."""

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


@pytest.mark.parametrize("cell, status", [("—", Status.NOT_OFFERED), ("Free", Status.FREE)])
def test_not_offered_and_free_cells(cell, status):
    page = captured_page(CAPTURE)
    got = parse_text(page, page.text().replace("<td>$3.96</td>", f"<td>{cell}</td>"))
    assert got["deepseek-v4-pro", "standard"]["output"].status is status
    assert got["deepseek-v4-pro", "standard"]["output"].provenance.raw == cell


def _drop_output_peak_row(text: str) -> str:
    text = text.replace(PEAK_ROW, "<tr><td colspan").replace('rowspan="6">PRICING', 'rowspan="5">PRICING')
    return text.replace('rowspan="2">1M OUTPUT', 'rowspan="1">1M OUTPUT')


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("<table", "<div"), "model and pricing table not found"),
    (lambda t: t.replace(">MODEL<", ">NAME<"), "expected the MODEL row"),
    (lambda t: t.replace("<td>deepseek-v4-pro</td>", "<td></td>"), "are not API model ids"),
    (lambda t: t.replace("<td>OFF-PEAK</td>", "<td>NIGHT</td>"), "unknown price row"),
    (lambda t: t.replace("1M OUTPUT TOKENS", "1K OUTPUT TOKENS"), "unknown price row '1K OUTPUT TOKENS'"),
    (lambda t: t.replace(">CONTEXT LENGTH<", ">CONTEXT<"), "unknown row 'CONTEXT'"),
    (_drop_output_peak_row, "no row for output (standard)"),
    (lambda t: t.replace('rowspan="6">PRICING', 'rowspan="7">PRICING'), "expected equal widths"),
    (lambda t: t.replace("<td>$1.98</td>", "<td>¥1.98</td>"), "'¥1.98' is not a price"),
    (lambda t: t.replace(">1M</td>", ">about a million</td>"), "'about a million' is not a token count"),
    (lambda t: t.replace("Peak hours are", "Busy hours are"), "the footnote stating the peak hours ('Peak hours are ...') not found"),
])
def test_a_changed_table_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="api-docs.deepseek.com/quick_start/pricing") as error:
        parse_text(page, edit(page.text()))
    assert message in str(error.value)


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
