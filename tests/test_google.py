"""Google Gemini API's pricing page: every paid cell of the real capture read, announced prices, changes fail."""

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

import scrapers.google as google
from core.errors import ParseError
from core.values import Status
from scrapers._base import Page
from tests.conftest import captured_page, parse_page

CAPTURE = "google/2026-08-13"
NEW_YEAR = date(2027, 1, 1)
# What each row's first price is, as the page's row labels say (the test's own reading, not the parser's table).
MAIN = {"Input price": "input", "Input price (text, image, video)": "input", "Text input price": "input",
        "Output price": "output", "Output price (including thinking tokens)": "output",
        "Context caching price": "cached_input"}
_AMOUNT = re.compile(r"\$([\d,]*\.?\d+)")


def offerings(page: Page, text: str | None = None):
    return {(o.key.model, o.key.tier): o for o in parse_page(google, page, text).offerings}


def priced_tables(html: str):
    """(model id, tier, [(label, [paid cell lines])]) of every table with a $ in it, found by regexes over the HTML."""
    for chunk in html.split("<h2 ")[1:]:
        model = re.match(r"[^>]*>[^<]*</h2>\s*<em><code[^>]*>([^<]+)</code>", chunk)
        if model is None:  # "Pricing for tools" / "for agents": not a model
            continue
        tables = re.finditer(r'(?:data-text="(\w+)"[^>]*>\w+</h3>)?<table class="pricing-table">(.*?)</table>',
                             chunk, re.S)
        for tab, table in (t.groups() for t in tables):
            rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>.*?</td>\s*<td>(.*?)</td>\s*</tr>", table, re.S)
            if "per 1M tokens" in table and any("$" in paid for _, paid in rows):
                yield model.group(1), (tab or "Standard").lower(), [(_text(label).rstrip("*"), [
                    _text(line) for line in re.split(r"<br\s*/?>", paid) if _text(line)]) for label, paid in rows]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").split())


def _amount(line: str) -> Decimal:
    return Decimal(_AMOUNT.search(line).group(1).replace(",", ""))


def test_every_paid_cell_of_the_capture_is_read():
    page = captured_page(CAPTURE)
    got = offerings(page)
    tables = list(priced_tables(page.text()))
    assert len(got) == len(tables) == 78
    for model, tier, rows in tables:
        offering = got[model, tier]
        values, announced = offering.values, {(a.value.amount, a.effective_from) for a in offering.announced}
        amounts = {v.amount for v in values.values() if v.has_amount} | {amount for amount, _ in announced}
        for label, lines in rows:
            assert {Decimal(a.replace(",", "")) for line in lines for a in _AMOUNT.findall(line)} <= amounts, label
            _check_row(label, lines, values, announced)


def _check_row(label, lines, values, announced):
    if lines == ["Not available"]:
        assert [v.status for v in values.values() if v.provenance.label.endswith(label)] == [Status.NOT_OFFERED]
    elif label.startswith("Grounding"):
        assert values[f"other:grounding_{'maps' if 'Maps' in label else 'search'}"].amount == _amount(lines[0])
    elif label in MAIN:
        first = next(line for line in lines if "$" in line)  # after a "Same as Standard" line
        if " per " not in first:  # a per-image price is not a token price
            assert values[MAIN[label]].amount == _amount(first)
    for line in lines:
        if "starting" in line:
            assert (_amount(line), NEW_YEAR) in announced
        elif "prompts > 200k" in line:
            assert values[f"other:{MAIN[label]}_above_200k"].amount == _amount(line)
        elif "per hour" in line:
            assert values["other:cache_storage"].amount == _amount(line)


def test_well_known_prices():
    got = offerings(captured_page(CAPTURE))
    pro = got["gemini-2.5-pro", "standard"].values
    assert (pro["input"].amount, pro["output"].amount, pro["cached_input"].amount) == (
        Decimal("1.25"), Decimal("10.00"), Decimal("0.125"))
    assert pro["other:input_above_200k"].amount == Decimal("2.50")
    assert pro["other:output_above_200k"].amount == Decimal("15.00")
    assert got["gemini-2.5-pro", "priority"].values["output"].amount == Decimal("18.00")
    flash = got["gemini-2.5-flash", "batch"].values
    assert (flash["input"].amount, flash["other:input_audio"].amount) == (Decimal("0.15"), Decimal("0.50"))
    assert got["gemini-2.5-flash-preview-tts", "standard"].values["output"].amount == Decimal("10.00")
    assert {tier for _, tier in got} == {"standard", "batch", "flex", "priority"}


def test_other_units_are_kept_in_their_own_unit():
    got = offerings(captured_page(CAPTURE))
    pro = got["gemini-2.5-pro", "standard"].values
    assert (pro["other:cache_storage"].amount, pro["other:cache_storage"].unit) == (
        Decimal("4.50"), "USD per 1M tokens per hour")
    assert (pro["other:grounding_search"].amount, pro["other:grounding_search"].unit) == (
        Decimal(35), "USD per 1,000 requests")
    assert "1,500 RPD (free)" in pro["other:grounding_search"].provenance.raw
    image = got["gemini-2.5-flash-image", "standard"].values
    assert (image["other:output_per_image"].amount, image["other:output_per_image"].unit) == (
        Decimal("0.039"), "USD per image")
    assert image["output"].status is Status.UNKNOWN  # the page prices its output per image only
    # "$0.0006 (image)*" in a per-1M-token column is per image, as the footnote says.
    assert got["gemini-3-pro-image", "batch"].values["other:input_per_image"].unit == "USD per image"
    live = got["gemini-3.1-flash-live-preview", "standard"].values
    assert (live["other:input_audio_per_minute"].amount, live["other:input_audio_per_minute"].unit) == (
        Decimal("0.005"), "USD per minute")


def test_states_not_offered_unknown_and_free():
    page = captured_page(CAPTURE)
    lite = offerings(page)["gemini-2.0-flash-lite", "standard"].values
    assert lite["cached_input"].status is Status.NOT_OFFERED
    assert lite["cache_write"].status is Status.UNKNOWN  # the page states storage per hour, no write price
    assert lite["context_window"].status is Status.UNKNOWN
    free = page.text().replace("<td>$0.075</td>", "<td>Free of charge</td>", 1)
    input_price = offerings(page, free)["gemini-2.0-flash-lite", "standard"].values["input"]
    assert (input_price.status, input_price.provenance.raw) == (Status.FREE, "Free of charge")


def test_free_tier_and_unpriced_models_are_not_offerings():
    page = captured_page(CAPTURE)
    result = parse_page(google, page)
    assert not [o for o in result.offerings if "gemma" in o.key.model or o.key.tier not in google.TABS.values()]
    assert len(result.warnings) == 1
    assert all(name in result.warnings[0] for name in ("Gemma 4", "Imagen 4", "Veo 3.1", "Lyria 3"))


@pytest.mark.parametrize("fetched_at, current, announced", [
    (datetime(2026, 8, 13, tzinfo=UTC), Decimal("0.75"), Decimal("1.50")),
    (datetime(2026, 12, 31, 23, 59, tzinfo=UTC), Decimal("0.75"), Decimal("1.50")),
    (datetime(2027, 1, 1, tzinfo=UTC), Decimal("1.50"), None),
])
def test_a_price_starting_later_is_announced_not_applied(fetched_at, current, announced):
    page = replace(captured_page(CAPTURE), fetched_at=fetched_at)
    offering = offerings(page)["gemini-3.7-flash", "standard"]
    assert offering.values["input"].amount == current
    later = {a.field: a for a in offering.announced}
    if announced is None:
        assert later == {}
    else:
        assert (later["input"].value.amount, later["input"].effective_from) == (announced, NEW_YEAR)
        assert later["other:cache_storage"].value.unit == "USD per 1M tokens per hour"
        assert offering.values["other:cache_storage"].amount == Decimal("0.50")


def test_same_as_standard_alone_is_derived_from_the_standard_table():
    page = captured_page(CAPTURE)
    text = re.sub(r"<td><em>Same as Standard</em><br>.*?</td>", "<td>Same as Standard</td>", page.text(),
                  flags=re.S)
    got = offerings(page, text)
    batch = got["gemini-3.1-pro-preview", "batch"].values
    assert batch["cached_input"].amount == Decimal("0.20")
    assert batch["other:cached_input_above_200k"].amount == Decimal("0.40")
    assert batch["cached_input"].provenance.rule == "Same as Standard"
    assert batch["cached_input"].provenance.method == "derived"
    assert got["gemini-3-flash-preview", "flex"].values["other:cached_input_audio"].amount == Decimal("0.10")


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("Paid Tier, per 1M tokens in USD", "Paid Tier, per 1K tokens in USD"), "has columns"),
    (lambda t: t.replace("<td>Context caching price</td>", "<td>Context cache price</td>"), "unknown row"),
    (lambda t: t.replace("$1.25, prompts <= 200k", "1.25 USD, prompts <= 200k"), "is not a price"),
    (lambda t: t.replace('tabindex="-1">Batch</h3>', 'tabindex="-1">Bulk</h3>'), "unknown tab 'Bulk'"),
    (lambda t: t.replace('class="pricing-table"', 'class="table"'), "no model price tables found"),
    (lambda t: t.replace("then $35 / 1,000 grounded prompts", "then $35 per day"), "is not 'free allowance"),
    (lambda t: t.replace('<code translate="no" dir="ltr">gemini-2.5-pro</code>', ""), "no model id"),
    (lambda t: t.replace("through December 31, 2026", "through Decembre 31, 2026"), "is not a date"),
    (lambda t: t.replace("<td>Output price</td>", "<td>Input price</td>", 1), "gives 'input' a second time"),
    (lambda t: t.replace("<td>$0.075</td>", "<td>Same as Standard</td>", 1), "the Standard table has no such row"),
])
def test_a_changed_table_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="ai.google.dev/gemini-api/docs/pricing") as error:
        offerings(page, edit(page.text()))
    assert message in str(error.value)
