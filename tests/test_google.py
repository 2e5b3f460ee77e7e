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
    assert len(tables) == 78 and {(model, tier) for model, tier, _ in tables} <= set(got)
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
    assert "Gemma 4 (free tier only" in result.warnings[0]
    assert not any(name in result.warnings[0] for name in ("Imagen", "Veo", "Lyria", "Google Search", "File search"))
    # Gemma 4's section gives no model id: a paid price appearing there is a layout change, not a guess.
    gemma = page.text().split('id="gemma-4"')
    priced = gemma[0] + 'id="gemma-4"' + gemma[1].replace("<td>Not available</td>", "<td>$0.10</td>", 1)
    with pytest.raises(ParseError, match="section 'Gemma 4' has prices but no model id"):
        offerings(page, priced)


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


# --- Imagen, Veo, Lyria (per image / second / song) and the tools and agents tables ---

def media_tables(html: str):
    """(section, model ids, unit, [(label, [paid cell lines])]) of every table priced per image, second or request."""
    for chunk in html.split("<h2 ")[1:]:
        head = re.match(r'[^>]*>([^<]+)</h2>\s*<em>(.*?)</em>', chunk, re.S)
        table = re.search(r"Paid Tier, per (\w+) in USD</th>.*?</table>", chunk, re.S)
        if head and table:
            rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>.*?</td>\s*<td>(.*?)</td>\s*</tr>", table.group(0), re.S)
            yield head.group(1), re.findall(r"<code[^>]*>([^<]+)</code>", head.group(2)), table.group(1).lower(), [
                (_text(label), [_text(line) for line in re.split(r"<br\s*/?>", paid) if _text(line)])
                for label, paid in rows if _text(label) != "Used to improve our products"]


def _model_of_row(ids: list[str], label: str) -> str:
    """The id with a part no other id has that the label names ("fast", "clip"); else the id with no such part."""
    distinct = {i: set(i.split("-")) - {p for other in ids if other != i for p in other.split("-")} for i in ids}
    words = set(label.lower().split())
    named = [i for i in ids if distinct[i] & words]
    return (named or [i for i in ids if not distinct[i]] or ids)[0]


def _expected_media(lines: list[str], unit: str) -> dict[str, tuple[Decimal | None, str]]:
    """other: key -> (amount, or None for not offered; unit), read from the lines with the test's own regexes."""
    expected = {}
    for line in lines:
        if unsupported := re.fullmatch(r"\((\w+) output not supported\)", line):
            expected[f"other:output_per_{unit}_{unsupported.group(1).lower()}"] = (None, f"USD per {unit}")
            continue
        m = re.fullmatch(r"\$([\d.]+)(?: per (\w+))?(?: \(([^)]+)\))?", line)
        per = m.group(2) or unit
        for res in m.group(3).split(" and ") if m.group(3) else [None]:
            key = f"other:output_per_{per}" + (f"_{res.lower()}" if res else "")
            expected[key] = (Decimal(m.group(1)), f"USD per {per}")
    return expected


def test_every_media_price_cell_is_read_in_its_unit():
    page = captured_page(CAPTURE)
    got = offerings(page)
    tables = list(media_tables(page.text()))
    assert [(name, len(rows)) for name, _, _, rows in tables] == [
        ("Imagen 4", 3), ("Veo 3.1", 3), ("Veo 3", 2), ("Veo 2", 1), ("Lyria 3", 2)]
    for _, ids, unit, rows in tables:
        assert sorted(_model_of_row(ids, label) for label, _ in rows) == sorted(ids)
        for label, lines in rows:
            offering = got[_model_of_row(ids, label), "standard"]
            other = {k: (v.amount, v.unit) for k, v in offering.values.items() if k.startswith("other:")}
            assert other == _expected_media(lines, unit), label
            assert all(offering.values[k].provenance.label.endswith(label) for k in other)
            assert {offering.values[f].status for f in ("input", "cached_input", "cache_write", "output")} == {
                Status.UNKNOWN}
            assert offering.model.kind == "model"


def tool_rows(html: str, section: str):
    """(name, [cells after the name, as text]) of each row of the tools or agents table."""
    table = re.search(f'id="{section}".*?<table class="pricing-table">(.*?)</table>', html, re.S).group(1)
    for row in re.findall(r"<tr>\s*<td>(.*?)</td>(.*?)</tr>", table, re.S):
        yield _text(row[0]), [_text(cell) for cell in re.findall(r"<td>(.*?)</td>", row[1], re.S)]


def _expected_tool(name: str, paid: str) -> dict[str, tuple[Decimal, str]]:
    """other: key -> (amount, unit): the last "$" of each "<family> models:" part (or of the cell)."""
    parts = re.split(r"(Gemini [\d.]+) models:", paid)
    families = [(None, parts[0])] + list(zip(parts[1::2], parts[2::2], strict=True))
    base = f"grounding_{name.split()[-1].lower()}" if name.startswith("Google ") else \
        re.search(r"Charged for (\w+)", paid).group(1)
    expected = {}
    for family, text in ((f, t) for f, t in families if "$" in t):
        amount, per = re.findall(r"\$([\d.]+) (?:/|per) (1,000|1M)", text)[-1]
        key = f"other:{base}" + (f"_{family.lower().replace(' ', '_').replace('.', '_')}" if family else "")
        expected[key] = (Decimal(amount), "USD per 1,000 requests" if per == "1,000" else "USD per 1M tokens")
    return expected


def test_every_priced_tool_is_a_price_class_and_the_others_are_named():
    page = captured_page(CAPTURE)
    result = parse_page(google, page)
    got = {o.key.model: o for o in result.offerings}
    tools = list(tool_rows(page.text(), "pricing-for-tools"))
    agents = list(tool_rows(page.text(), "pricing-for-agents"))
    assert (len(tools), len(agents)) == (7, 3)
    priced = [(name, cells[-1]) for name, cells in tools if "$" in cells[-1]]
    assert [name for name, _ in priced] == ["Google Search", "Google Maps", "File search"]
    for name, paid in priced:
        offering = got["tool/" + name.lower().replace(" ", "-")]
        assert (offering.key.tier, offering.model.kind, offering.model.name) == ("standard", "price_class", name)
        other = {k: (v.amount, v.unit) for k, v in offering.values.items() if k.startswith("other:")}
        assert other == _expected_tool(name, paid)
        assert all(offering.values[f].status is Status.UNKNOWN for f in ("input", "output", "context_window"))
    for name, cells in [row for row in tools if "$" not in row[1][-1]] + agents:
        assert not any("$" in cell for cell in cells) and name in result.warnings[0]
    assert not [key for key in got if key.startswith("agent/")]


def test_the_capture_gives_92_offerings():
    got = offerings(captured_page(CAPTURE))
    assert len(got) == 78 + 11 + 3 == 92
    assert google.PARSER_VERSION == "2" and google.GUARD.min_offerings <= len(got) // 3


def test_well_known_media_and_tool_prices():
    got = offerings(captured_page(CAPTURE))
    fast = got["veo-3.1-fast-generate-preview", "standard"].values
    assert (fast["other:output_per_second_720p"].amount, fast["other:output_per_second_4k"].amount) == (
        Decimal("0.10"), Decimal("0.30"))
    assert fast["other:output_per_second_720p"].unit == "USD per second"
    standard = got["veo-3.1-generate-preview", "standard"].values  # "$0.40 (720p and 1080p)": both
    assert standard["other:output_per_second_720p"].amount == standard["other:output_per_second_1080p"].amount
    assert standard["other:output_per_second_1080p"].provenance.raw == "$0.40 (720p and 1080p)"
    lite = got["veo-3.1-lite-generate-preview", "standard"].values["other:output_per_second_4k"]
    assert (lite.status, lite.provenance.raw) == (Status.NOT_OFFERED, "(4k output not supported)")
    image = got["imagen-4.0-ultra-generate-001", "standard"].values["other:output_per_image"]
    assert (image.amount, image.unit) == (Decimal("0.06"), "USD per image")
    assert got["imagen-4.0-generate-001", "standard"].values["other:output_per_image"].amount == Decimal("0.04")
    song = got["lyria-3-pro-preview", "standard"].values["other:output_per_song"]
    assert (song.amount, song.unit) == (Decimal("0.08"), "USD per song")
    search = got["tool/google-search", "standard"].values
    assert (search["other:grounding_search_gemini_2_5"].amount, search["other:grounding_search_gemini_3"].amount) == (
        Decimal(35), Decimal(14))
    assert search["other:grounding_search_gemini_3"].provenance.label.endswith("Google Search · Gemini 3 models")
    maps = got["tool/google-maps", "standard"].values["other:grounding_maps"]
    assert "10,000 RPD free for Pro." in maps.provenance.raw  # the free allowance: text, not a price
    assert got["tool/file-search", "standard"].values["other:embeddings"].unit == "USD per 1M tokens"


def test_media_states_not_offered_and_free():
    page = captured_page(CAPTURE)
    text = page.text().replace("<td>$0.05 (720p)<br>$0.08 (1080p)<br>(4k output not supported)</td>",
                               "<td>Not available</td>").replace("<td>$0.02</td>", "<td>Free of charge</td>")
    got = offerings(page, text)
    lite = got["veo-3.1-lite-generate-preview", "standard"].values
    assert [k for k in lite if k.startswith("other:")] == ["other:output_per_second"]
    assert (lite["other:output_per_second"].status, lite["other:output_per_second"].unit) == (
        Status.NOT_OFFERED, "USD per second")
    fast = got["imagen-4.0-fast-generate-001", "standard"].values["other:output_per_image"]
    assert (fast.status, fast.unit) == (Status.FREE, "USD per image")


def test_a_media_model_with_no_paid_price_is_skipped_like_gemma():
    page = captured_page(CAPTURE)
    result = parse_page(google, page, page.text().replace("<td>$0.35</td>", "<td>Not available</td>"))
    assert not [o for o in result.offerings if o.key.model == "veo-2.0-generate-001"]
    assert "Veo 2 (free tier only" in result.warnings[0]


@pytest.mark.parametrize("edit, model, field, current, later", [
    (lambda t: t.replace("$0.08 per song", "$0.08 per song through December 31, 2026.<br>"
                         "$0.10 per song starting January 1, 2027."),
     "lyria-3-pro-preview", "other:output_per_song", "0.08", "0.10"),
    (lambda t: t.replace("<br>Then $25 / 1,000 grounded prompts", "<br>Then $25 / 1,000 grounded prompts through "
                         "December 31, 2026.<br>Then $30 / 1,000 grounded prompts starting January 1, 2027."),
     "tool/google-maps", "other:grounding_maps", "25", "30"),
])
def test_dated_media_and_tool_prices_are_announced(edit, model, field, current, later):
    page = captured_page(CAPTURE)
    offering = offerings(page, edit(page.text()))[model, "standard"]
    assert offering.values[field].amount == Decimal(current)
    assert [(a.field, a.value.amount, a.effective_from) for a in offering.announced] == [
        (field, Decimal(later), NEW_YEAR)]


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("Imagen 4 Ultra image price", "Imagen 4 Turbo image price"),
     "row 'Imagen 4 Standard image price' names 2 of the model ids"),  # ultra's id is left over
    (lambda t: t.replace(', <code translate="no" dir="ltr">veo-3.1-lite-generate-preview</code>', ""),
     "names 0 of the model ids"),
    (lambda t: t.replace("Lyria 3 Pro Preview (Full Song)", "Lyria 3 Clip Preview (Full Song)"),
     "do not price each of the model ids"),
    (lambda t: t.replace("<td>Video price</td>", "<td>Video price</td></tr><tr><td>Veo 2 Fast price</td><td>-</td>"
                         "<td>$0.2</td>"), "does not name a model of the section"),
    (lambda t: t.replace("$0.10 (720p)", "0.10 USD (720p)", 1), "is not a price per second"),
    (lambda t: t.replace("Paid Tier, per request in USD", "Paid Tier, per second in USD"),
     "is per song, the column per second"),
    (lambda t: t.replace("Paid Tier, per Image in USD", "Paid Tier, per video in USD"), "Imagen 4 · standard: table"),
    (lambda t: t.replace("<td>$0.02</td>", "<td>$0.02 through Decembre 31, 2026</td>"), "is not a date"),
    (lambda t: t.replace("Then $35 / 1,000 grounded prompts", "Then $35 per grounded prompt"),
     "is not a price per 1,000 requests or 1M tokens"),
    (lambda t: t.replace("<br>Then $25 / 1,000 grounded prompts", ""), "Google Maps: '1,500 RPD free"),
    (lambda t: t.replace("Gemini 3 models:", "Gemini 2.5 models:"), "'other:grounding_search_gemini_2_5' priced twice"),
    (lambda t: t.replace("Charged as input tokens per model pricing.", "$0.01 per URL."), "URL context: '$0.01"),
    (lambda t: t.replace("Charged as input tokens per model pricing.", "Billed apart."), "is not read"),
    (lambda t: t.replace("is not billed during the preview period", "costs $0.10 per hour", 1),
     "Managed agents in Gemini API"),
    (lambda t: t.replace('<th scope="col">Tools</th>', '<th scope="col">Tool fees</th>'),
     "Pricing for agents: table has columns"),
])
def test_a_changed_media_or_tool_table_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="ai.google.dev/gemini-api/docs/pricing") as error:
        offerings(page, edit(page.text()))
    assert message in str(error.value)
