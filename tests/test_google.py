"""Google Gemini API's pricing page: every paid cell of the real capture read, announced prices; a row, table or
warning that cannot be read is named and the rest read; without a model price table read the run fails."""

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

import scrapers.google as google
from core.errors import ParseError
from core.values import USD_PER_MTOK, Status
from jobs.runner import refresh
from scrapers._base import Page
from scrapers._replay import ReplayTransport
from storage.db import open_database
from tests.conftest import capture_dir, captured_page, parse_page, query, write_capture

CAPTURE = "google/2026-08-13"
NEW_YEAR = date(2027, 1, 1)
BEFORE_SHUTDOWNS = datetime(2026, 5, 31, tzinfo=UTC)  # before the page's first shutdown date (June 1, 2026)
# The field each row's prices are for, as the page's row labels say (the test's own reading, not the parser's table).
BASE = {"Input price": "input", "Input price (text, image, video)": "input", "Text input price": "input",
        "Image input price": "input_image", "Audio input price": "input_audio", "Video input price": "input_video",
        "Output price": "output", "Output price (including thinking tokens)": "output",
        "Context caching price": "cached_input", "Context caching (storage)": "cache_storage"}
_AMOUNT = re.compile(r"\$([\d,]*\.?\d+)")



def assert_parse_error_names(edit, message: str) -> None:
    """The capture's text, edited, fails to parse with a ParseError naming the URL and ``message``."""
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="ai.google.dev/gemini-api/docs/pricing") as error:
        offerings(page, edit(page.text()))
    assert message in str(error.value)


def read_offerings(result) -> dict:
    """(model, tier) -> (values, announced) of the offerings whose rows were read (no placeholders)."""
    return {(o.key.model, o.key.tier): (o.values, o.announced) for o in result.offerings if o.unread is None}


def keys(model: str, *tiers: str) -> set[tuple[str, str]]:
    return {(model, tier) for tier in tiers or ("standard",)}


def assert_named_and_the_rest_read(edit, message: str, where: str, models: list, missing: set,
                                   fetched_at: datetime | None = None, placeholders: bool = True) -> None:
    """The edited page's unread parts all say ``message`` at ``where`` (page · table [· row]) and name ``models``
    (one entry a part: a frozenset of model ids, or None); the offerings ``missing`` are not read (the
    named ones stand as placeholders, unless ``placeholders`` is False), and every other offering is read
    exactly as from the unedited page."""
    page = replace(captured_page(CAPTURE), fetched_at=fetched_at or captured_page(CAPTURE).fetched_at)
    whole = read_offerings(parse_page(google, page))
    result = parse_page(google, page, edit(page.text()))
    assert result.unread and all(message in u.reason and u.url == google.PRICING_URL for u in result.unread)
    assert all(u.where.startswith(f"{google.PRICING_URL} · {where}") for u in result.unread), result.unread
    assert sorted(map(str, (u.models for u in result.unread))) == sorted(map(str, models))
    read = read_offerings(result)
    assert set(whole) - set(read) == missing and set(read) <= set(whole)
    assert all(read[key] == whole[key] for key in read)
    named = {model for u in result.unread for model in u.models or ()} if placeholders else set()
    assert {(o.key.model, o.key.tier) for o in result.offerings if o.unread} == {k for k in missing if k[0] in named}

def offerings(page: Page, text: str | None = None):
    return {(o.key.model, o.key.tier): o for o in parse_page(google, page, text).offerings}


def sections(html: str):
    """(heading html, the rest of the section's html) of each model section."""
    for section in html.split('<div class="models-section">')[1:]:
        head, _, rest = section.partition("</div>")
        yield head, rest


def shutdown_dates(html: str) -> dict[str, date]:
    """{model id: date} for each section whose <aside> says its models are or will be shut down (the <code> ids
    under its heading), by regexes over the HTML."""
    found = {}
    for head, rest in sections(html):
        for aside in re.findall(r"<aside[^>]*>(.*?)</aside>", rest, re.S):
            if day := re.search(r"shut down (?:on )?(\w+ \d+, \d{4})", _text(aside)):
                when = datetime.strptime(day.group(1), "%B %d, %Y").date()
                found |= dict.fromkeys(re.findall(r"<code[^>]*>([^<]+)</code>", head), when)
    return found


def gone(page: Page) -> set[str]:
    return {model for model, day in shutdown_dates(page.text()).items() if day <= page.fetched_at.date()}


def image_footnotes(html: str) -> dict[str, tuple[Decimal, set[Decimal]]]:
    """{model id: (image output price per 1M tokens, {its per-image equivalents})} from the sections' footnotes."""
    found = {}
    for head, rest in sections(html):
        for note in re.findall(r"<p>(.*?)</p>", re.sub(r"<table.*?</table>", "", rest, flags=re.S), re.S):
            if per_mtok := re.search(r"Image output is priced at \$([\d.]+) per 1,000,000 tokens", _text(note)):
                found[re.search(r"<code[^>]*>([^<]+)</code>", head).group(1)] = (Decimal(per_mtok.group(1)), {
                    Decimal(a) for a in re.findall(r"equivalent to \$([\d.]+) per image", _text(note))})
    return found


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


def _slug(text: str) -> str:
    return "_".join(re.findall(r"[a-z0-9]+", text.lower()))


def _key(field: str) -> str:
    return field if field in ("input", "cached_input", "output") else f"other:{field}"


def _modality(line: str) -> str | None:
    """The modality a line's bracket names ("(audio)", "(text / image / video)"), if any."""
    brackets = re.findall(r"\(([a-z][a-z ,/]*)\)", line.replace("(storage price)", "").replace("(image)", ""))
    return brackets[-1] if brackets else None


def read_cell(label: str, lines: list[str]) -> list[tuple[str, Decimal, bool]]:
    """(field key, amount, announced for later?) of every $ in a paid cell, by the test's own reading of its words:
    a price per unit is <field>_per_<unit>; "/min" is per minute; "per hour" is cache storage; "> 200k" is
    <field>_above_200k; a modality other than text is <field>_<modality> when the cell prices more than one."""
    if label.startswith("Grounding"):
        return [(f"other:grounding_{'maps' if 'Maps' in label else 'search'}", _amount(lines[0].split("then")[1]),
                 False)]
    base = BASE[label]
    chunks = [(line, chunk.strip()) for line in lines for chunk in re.split(r"(?=\$)", line)[1:]]
    tokens = [(line, chunk) for line, chunk in chunks if not re.match(r"\$[\d.,]+(/min| per | \(image\))", chunk)]
    several = len({_modality(line) for line, _ in tokens}) > 1
    read = []
    for line, chunk in chunks:
        mod = _modality(line)
        field = f"{base}_{_slug(mod)}" if several and mod and "text" not in mod else base
        if "per hour" in chunk:
            field = "cache_storage"
        elif per := re.match(r"\$[\d.,]+ per (.+?)\**[,.)]*(?: and)?$", chunk):
            field = f"{base}_per_{_slug(per.group(1))}"
        elif "(image)" in chunk:  # "$0.0006 (image)*" in a per-1M-token column: per image, as its footnote says
            field = f"{base}_per_image"
        elif "/min" in chunk:
            field += "_per_minute"
        elif "> 200k" in line:
            field += "_above_200k"
        read.append((_key(field), _amount(chunk), "starting" in chunk))
    return read


@pytest.mark.parametrize("fetched_at", [None, BEFORE_SHUTDOWNS])
def test_every_paid_cell_of_the_capture_is_read(fetched_at):
    """Each (field, amount) of every paid cell, now and announced, is the offering's, and nothing else is; the
    tables of the models shut down by the fetch date give no offering (before their dates, they do)."""
    page = captured_page(CAPTURE)
    page = replace(page, fetched_at=fetched_at or page.fetched_at)
    got, footnotes = offerings(page), image_footnotes(page.text())
    tables = list(priced_tables(page.text()))
    assert len(tables) == 78
    assert {(model, tier) for model, tier, _ in tables if model in gone(page)}.isdisjoint(got)
    assert len(gone(page)) == (0 if fetched_at else 5)  # 2.0 Flash and Flash-Lite; Veo 3's two ids and Veo 2
    standard = {}
    for model, tier, rows in (table for table in tables if table[0] not in gone(page)):
        offering, now, later = got[model, tier], {}, set()
        for label, lines in rows:
            lines = standard[model, label] if lines == ["Same as Standard"] else lines
            if tier == "standard":
                standard[model, label] = lines
            if lines[0].startswith("Not available"):
                assert [v.status for v in offering.values.values() if v.provenance.label.endswith(label)] == [
                    Status.NOT_OFFERED]
            elif label != "Used to improve our products":
                for key, amount, announced in read_cell(label, lines):
                    assert announced or key not in now, (model, tier, label, key)
                    later.add((key, amount)) if announced else now.update({key: amount})
        if model in footnotes and _per_image_output(rows) & footnotes[model][1] and "other:output_images" not in now:
            now["other:output_images"] = footnotes[model][0]  # the footnote's price per 1M tokens of image output
        assert {k: v.amount for k, v in offering.values.items() if v.has_amount} == now, (model, tier)
        assert {(a.field, a.value.amount) for a in offering.announced} == later, (model, tier)
        assert {a.effective_from for a in offering.announced} <= {NEW_YEAR}


def _per_image_output(rows) -> set[Decimal]:
    return {Decimal(a) for label, lines in rows if label.startswith("Output") for line in lines
            for a in re.findall(r"\$([\d.]+) per [^$]*image", line)}


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
    # Its text output is "priced the same as 2.5 Flash" (no price of its own); image output per 1M tokens is in
    # the section's footnote ("Image output is priced at $30 per 1,000,000 tokens ... equivalent to $0.039 per
    # image"): the Standard tab's, whose cell says $0.039 per image.
    assert image["output"].status is Status.UNKNOWN
    assert (image["other:output_images"].amount, image["other:output_images"].unit) == (Decimal(30), USD_PER_MTOK)
    assert image["other:output_images"].provenance.raw.startswith("[*] Image output is priced at $30 per 1,000,000")
    assert "other:output_images" not in got["gemini-2.5-flash-image", "batch"].values  # $0.0195 per image
    # "$0.0006 (image)*" in a per-1M-token column is per image, as the footnote says.
    assert got["gemini-3-pro-image", "batch"].values["other:input_per_image"].unit == "USD per image"
    live = got["gemini-3.1-flash-live-preview", "standard"].values
    assert (live["other:input_audio_per_minute"].amount, live["other:input_audio_per_minute"].unit) == (
        Decimal("0.005"), "USD per minute")


def test_states_not_offered_unknown_and_free():
    page = replace(captured_page(CAPTURE), fetched_at=BEFORE_SHUTDOWNS)  # Gemini 2.0 Flash-Lite is offered then
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
    not_read = result.warnings[0].split("; ")[0]
    assert not_read.startswith("not read: ") and "Gemma 4 (free tier only" in not_read
    assert not any(name in not_read for name in ("Imagen", "Veo", "Lyria", "Google Search", "File search"))
    # Gemma 4's section gives no model id: a paid price appearing there is a layout change, not a guess.
    gemma = page.text().split('id="gemma-4"')
    priced = gemma[0] + 'id="gemma-4"' + gemma[1].replace("<td>Not available</td>", "<td>$0.10</td>", 1)
    unread = parse_page(google, page, priced).unread
    assert [(u.where, u.models) for u in unread] == [(f"{google.PRICING_URL} · table 'Gemma 4 · standard'", None)]
    assert "section 'Gemma 4' has prices but no model id" in unread[0].reason


def warning_parts(result) -> dict[str, str]:
    """The run's one warning, by part: {"not read": "...", "shut down by the fetch date, not listed": "...", ...}."""
    assert len(result.warnings) == 1
    return dict(part.split(": ", 1) for part in result.warnings[0].split("; "))


FLASH_2 = "Gemini 2.0 Flash (gemini-2.0-flash) on 2026-06-01"
IMAGEN_4 = ("Imagen 4 (imagen-4.0-generate-001, imagen-4.0-ultra-generate-001, imagen-4.0-fast-generate-001) "
            "on 2026-08-17")


@pytest.mark.parametrize("fetched_at, models, named, listed", [
    (datetime(2026, 5, 31, 23, 59, tzinfo=UTC), {"gemini-2.0-flash", "gemini-2.0-flash-lite"}, FLASH_2, True),
    (datetime(2026, 6, 1, tzinfo=UTC), {"gemini-2.0-flash", "gemini-2.0-flash-lite"}, FLASH_2, False),  # the day
    (datetime(2026, 8, 13, tzinfo=UTC), {"imagen-4.0-generate-001", "imagen-4.0-fast-generate-001"}, IMAGEN_4, True),
    (datetime(2026, 8, 17, tzinfo=UTC), {"imagen-4.0-generate-001", "imagen-4.0-fast-generate-001"}, IMAGEN_4, False),
    (datetime(2026, 8, 13, tzinfo=UTC), {"veo-3.0-generate-001", "veo-3.0-fast-generate-001"},
     "Veo 3 (veo-3.0-generate-001, veo-3.0-fast-generate-001) on 2026-06-30", False),
])
def test_a_model_shut_down_by_the_fetch_date_is_no_offering_and_a_later_date_is_named(fetched_at, models, named,
                                                                                      listed):
    """"has been shut down June 1, 2026" / "will be shut down on August 17, 2026": on or after the date the models
    are no offering; before it they are, and the warning names the date announced."""
    result = parse_page(google, replace(captured_page(CAPTURE), fetched_at=fetched_at))
    got = {o.key.model for o in result.offerings}
    assert (models <= got) if listed else not (models & got)
    parts = warning_parts(result)
    assert named in parts["shutdown announced, still listed" if listed else "shut down by the fetch date, not listed"]


def test_a_shut_down_model_is_delisted_by_the_next_run(db_path, tmp_path):
    """A run of the same page fetched on or after the shutdown date delists the models a run before it listed."""
    engine, body = open_database(f"sqlite:///{db_path}"), (capture_dir(CAPTURE) / "pricing.html").read_bytes()
    listed = []
    for day, text in (("2026-05-31", body), ("2026-08-13", body + b"<!-- fetched again -->")):
        folder = write_capture(tmp_path / day, {google.PRICING_URL: (text, "text/html", f"{day}T00:00:00Z")})
        report = refresh(google, ReplayTransport(folder), engine, "replay",
                         clock=lambda day=day: datetime.fromisoformat(f"{day}T01:00:00+00:00"))
        assert report.status == "success", report.error
        listed.append({row["model"] for row in query(db_path, "SELECT model FROM current_prices")})
    between = (date(2026, 6, 1), date(2026, 8, 13))  # after the first run's date, up to the second's
    shut = {model for model, day in shutdown_dates(body.decode()).items() if between[0] <= day <= between[1]}
    assert listed[0] - listed[1] == shut and {"gemini-2.0-flash", "veo-2.0-generate-001"} <= shut
    delisted = query(db_path, "SELECT m.model FROM offerings o JOIN models m ON m.id = o.model_id "
                     "WHERE o.delisted_at LIKE '2026-08-13%'")
    assert {row["model"] for row in delisted} == shut


FLASH_2_TIERS = keys("gemini-2.0-flash", "standard", "batch")
VEO_3 = {"veo-3.0-generate-001", "veo-3.0-fast-generate-001"}


@pytest.mark.parametrize("edit, message, where, models, missing", [
    (lambda t: t.replace("has been shut down June 1, 2026", "has been shut down in June", 1),
     "'Warning: Gemini 2.0 Flash is deprecated and has been shut down in June.", "section 'Gemini 2.0 Flash' · warning",
     [frozenset({"gemini-2.0-flash"})], FLASH_2_TIERS),
    (lambda t: t.replace("has been shut down June 1, 2026", "is shutting down soon", 1), "mentions a shutdown",
     "section 'Gemini 2.0 Flash' · warning", [frozenset({"gemini-2.0-flash"})], FLASH_2_TIERS),
    (lambda t: t.replace("will be shut down on June 30, 2026", "will be shut down on Juin 30, 2026", 1),
     "'Juin 30, 2026' is not a date", "section 'Veo 3' · warning", [frozenset(VEO_3)],
     {(model, "standard") for model in VEO_3}),
    (lambda t: t.replace("Veo 2 (`veo-2.0-generate-001`)", "Veo 2 (`veo-2.0-generate-002`)"),
     "names ['veo-2.0-generate-002'], not models of the section ['veo-2.0-generate-001']", "section 'Veo 2' · warning",
     [frozenset({"veo-2.0-generate-001"})], keys("veo-2.0-generate-001")),
])
def test_a_shutdown_warning_whose_date_or_model_cannot_be_read_leaves_its_models_unobserved(edit, message, where,
                                                                                          models, missing):
    """Whether the section's models are still offered is not known: none of them is listed (not even as a
    placeholder), nor delisted."""
    assert_named_and_the_rest_read(edit, message, where, models, missing, BEFORE_SHUTDOWNS, placeholders=False)


def test_footnote_prices_no_offering_holds_are_named():
    """The footnotes' image prices are the tables' (or, for Gemini 2.5 Flash Image, read from the footnote);
    the "effective price of approximately" conversions are named; so is a footnote price changed to one no
    offering holds."""
    page = captured_page(CAPTURE)
    footnotes = warning_parts(parse_page(google, page))["footnote prices not read"]
    assert "Gemini 3.5 Live Translate: 'Billing is based on" in footnotes and "$0.0368 per minute" in footnotes
    assert "Gemini Omni Flash Preview: 'Under Standard pricing," in footnotes and "$0.10 per second" in footnotes
    assert "Image" not in footnotes
    edited = page.text().replace("560 tokens or $0.0011 per image", "560 tokens or $0.0012 per image")
    edited = edited.replace("1290 tokens and are equivalent to $0.039 per image", "1290 tokens and are "
                            "equivalent to $0.04 per image", 1)  # 2.5 Flash Image's: no tab prices $0.04 an image
    result = parse_page(google, page, edited)
    footnotes = warning_parts(result)["footnote prices not read"]
    assert "Gemini 3 Pro Image (Nano Banana Pro): 'Image input is set at 560 tokens or $0.0012 per image.'" in footnotes
    assert "Gemini 2.5 Flash Image (Nano Banana): 'Image output is priced at $30 per 1,000,000 tokens.'" in footnotes
    image = next(o for o in result.offerings if (o.key.model, o.key.tier) == ("gemini-2.5-flash-image", "standard"))
    assert "other:output_images" not in image.values


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
    (lambda t: t.replace('class="pricing-table"', 'class="table"'), "no model price tables found"),
])
def test_without_a_model_price_table_read_the_run_fails(edit, message):
    """The model price tables (per 1M tokens) are the catalogue: when none can be read, the page is not the one
    the parser knows (a price per 1K tokens is never read as per 1M)."""
    assert_parse_error_names(edit, message)


FLASH_37, PRO_25 = "table 'Gemini 3.7 Flash · standard'", "table 'Gemini 2.5 Pro · standard'"
NEW_SECTION = ('<h2 id="widgets" data-text="Pricing for widgets">Pricing for widgets</h2><table class="pricing-table">'
               "<thead><tr><th></th><th>Widgets</th></tr></thead><tbody><tr><td>Widget</td><td>$1</td></tr></tbody>"
               '</table><h2 id="pricing-for-tools"')
TOOL_IDS = ("tool/google-search", "tool/google-maps", "tool/file-search")


@pytest.mark.parametrize("edit, message, where, models, missing, fetched_at", [
    # an unknown row kind; an unfamiliar cell (a word for the amount, a grounding price per day)
    (lambda t: t.replace("<td>Context caching price</td>", "<td>Context cache price</td>", 1),
     "unknown row 'Context cache price'", f"{FLASH_37} · row 'Context cache price'",
     [frozenset({"gemini-3.7-flash"})], keys("gemini-3.7-flash"), None),
    (lambda t: t.replace("$1.25, prompts <= 200k", "1.25 USD, prompts <= 200k", 1), "is not a price",
     f"{PRO_25} · row 'Input price'", [frozenset({"gemini-2.5-pro"})], keys("gemini-2.5-pro"), None),
    (lambda t: t.replace("<td>$1.25, prompts <= 200k tokens<br>$2.50, prompts > 200k tokens</td>", "<td></td>", 1),
     "the paid cell is empty", f"{PRO_25} · row 'Input price'", [frozenset({"gemini-2.5-pro"})],
     keys("gemini-2.5-pro"), None),  # an empty paid cell: named, never read as anything
    (lambda t: t.replace("then $35 / 1,000 grounded prompts", "then $35 per day", 1), "is not 'free allowance",
     f"{PRO_25} · row 'Grounding with Google Search'", [frozenset({"gemini-2.5-pro"})], keys("gemini-2.5-pro"), None),
    (lambda t: t.replace("through December 31, 2026", "through Decembre 31, 2026", 1), "is not a date",
     f"{FLASH_37} · row 'Input price'", [frozenset({"gemini-3.7-flash"})], keys("gemini-3.7-flash"), None),
    (lambda t: t.replace("<td>Output price</td>", "<td>Input price</td>", 1), "gives 'input' a second time",
     "table 'Gemini 3.1 Flash Image (Nano Banana 2) · standard' · row 'Input price'",
     [frozenset({"gemini-3.1-flash-image"})], keys("gemini-3.1-flash-image"), None),
    (lambda t: t.replace("<td>$0.075</td>", "<td>Same as Standard</td>", 1), "the Standard table has no such row",
     "table 'Gemini 2.0 Flash-Lite · standard' · row 'Input price'", [frozenset({"gemini-2.0-flash-lite"})],
     keys("gemini-2.0-flash-lite"), BEFORE_SHUTDOWNS),
    # one table per 1K tokens: named, never read as per 1M
    (lambda t: t.replace("Paid Tier, per 1M tokens in USD", "Paid Tier, per 1K tokens in USD", 1), "has columns",
     FLASH_37, [None], keys("gemini-3.7-flash"), None),
    # a new table: a tab that is no tier, a section of unfamiliar columns
    (lambda t: t.replace('tabindex="-1">Batch</h3>', 'tabindex="-1">Bulk</h3>', 1), "unknown tab 'Bulk'",
     "table 'Gemini 3.7 Flash · Bulk'", [None], keys("gemini-3.7-flash", "batch"), None),
    (lambda t: t.replace('<h2 id="pricing-for-tools"', NEW_SECTION), "has columns ['', 'Widgets']",
     "table 'Pricing for widgets · standard'", [None], set(), None),
    (lambda t: t.replace('<code translate="no" dir="ltr">gemini-2.5-pro</code>', ""), "no model id",
     "table 'Gemini 2.5 Pro · ", [None] * 4, keys("gemini-2.5-pro", "standard", "batch", "flex", "priority"), None),
    # a secondary table removed: the tools' (their offerings are not delisted: nothing on the page is, this run)
    (lambda t: re.sub(r'<h2 id="pricing-for-tools".*?(?=<h2 id="pricing-for-agents")', "", t, flags=re.S),
     "section 'Pricing for tools' not found", "table 'Pricing for tools'", [None],
     {(tool, "standard") for tool in TOOL_IDS}, None),
])
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, where, models, missing, fetched_at):
    assert_named_and_the_rest_read(edit, message, where, models, missing, fetched_at)


@pytest.mark.parametrize("edit", [
    lambda t: t.replace("<td>$0.075</td>", "<td>Same as Standard</td>", 1),  # a row
    lambda t: re.sub(r'(id="gemini-2.0-flash-lite".*?)per 1M tokens in USD', r"\1per 1K tokens in USD", t, count=1,
                     flags=re.S),  # a table
])
def test_an_unreadable_part_of_a_model_shut_down_is_not_named(edit):
    """Gemini 2.0 Flash-Lite is shut down by the capture's date: what its table says does not matter, it is
    delisted (a named row or table would leave it, or the whole page, unobserved instead)."""
    page = captured_page(CAPTURE)
    before = parse_page(google, replace(page, fetched_at=BEFORE_SHUTDOWNS), edit(page.text()))
    assert [u.models for u in before.unread] in ([frozenset({"gemini-2.0-flash-lite"})], [None])  # the edit tells
    result = parse_page(google, page, edit(page.text()))
    assert not result.unread and read_offerings(result) == read_offerings(parse_page(google, page))


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


@pytest.mark.parametrize("fetched_at", [None, BEFORE_SHUTDOWNS])
def test_every_media_price_cell_is_read_in_its_unit(fetched_at):
    page = captured_page(CAPTURE)
    page = replace(page, fetched_at=fetched_at or page.fetched_at)
    got = offerings(page)
    tables = list(media_tables(page.text()))
    assert [(name, len(rows)) for name, _, _, rows in tables] == [
        ("Imagen 4", 3), ("Veo 3.1", 3), ("Veo 3", 2), ("Veo 2", 1), ("Lyria 3", 2)]
    for _, ids, unit, rows in tables:
        assert sorted(_model_of_row(ids, label) for label, _ in rows) == sorted(ids)
        for label, lines in rows:
            if _model_of_row(ids, label) in gone(page):  # Veo 3 and Veo 2 on the capture's date
                assert (_model_of_row(ids, label), "standard") not in got
                continue
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


def test_the_capture_gives_85_offerings():
    """78 model x tier tables, 11 media models and 3 tools, less the 7 offerings of the models shut down (Gemini 2.0
    Flash and Flash-Lite, 2 tiers each; Veo 3's 2 models and Veo 2) by the capture's date."""
    page = captured_page(CAPTURE)
    got = offerings(page)
    assert len(got) == 78 + 11 + 3 - 7 == 85
    assert len(offerings(replace(page, fetched_at=BEFORE_SHUTDOWNS))) == 92
    assert google.PARSER_VERSION == "3" and google.GUARD.min_offerings <= len(got) // 3


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
    page = replace(captured_page(CAPTURE), fetched_at=BEFORE_SHUTDOWNS)  # Veo 2 is offered then
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


IMAGEN_4 = {(f"imagen-4.0-{kind}generate-001", "standard") for kind in ("", "ultra-", "fast-")}
VEO_31 = {(f"veo-3.1-{kind}generate-preview", "standard") for kind in ("", "fast-", "lite-")}
LYRIA = {"lyria-3-clip-preview", "lyria-3-pro-preview"}
TOOLS, AGENTS = "table 'Pricing for tools'", "table 'Pricing for agents'"


@pytest.mark.parametrize("edit, message, where, models, missing", [
    # rows that do not name the section's models one each: the table is named
    (lambda t: t.replace("Imagen 4 Ultra image price", "Imagen 4 Turbo image price"),
     "row 'Imagen 4 Standard image price' names 2 of the model ids", "table 'Imagen 4 · standard'", [None],
     IMAGEN_4),  # ultra's id is left over
    (lambda t: t.replace(', <code translate="no" dir="ltr">veo-3.1-lite-generate-preview</code>', ""),
     "names 0 of the model ids", "table 'Veo 3.1 · standard'", [None], VEO_31),
    (lambda t: t.replace("Lyria 3 Pro Preview (Full Song)", "Lyria 3 Clip Preview (Full Song)"),
     "do not price each of the model ids", "table 'Lyria 3 · standard'", [None], {(m, "standard") for m in LYRIA}),
    (lambda t: t.replace("<td>Imagen 4 Fast image price</td>", "<td>Image price</td><td>-</td><td>$0.2</td></tr>"
                         "<tr><td>Imagen 4 Fast image price</td>"), "does not name a model of the section",
     "table 'Imagen 4 · standard'", [None], IMAGEN_4),
    # an unfamiliar cell or column
    (lambda t: t.replace("$0.10 (720p)", "0.10 USD (720p)", 1), "is not a price per second",
     "table 'Veo 3.1 · standard' · row 'Veo 3.1 Fast video with audio price (default)'",
     [frozenset({"veo-3.1-fast-generate-preview"})], keys("veo-3.1-fast-generate-preview")),
    (lambda t: t.replace("Paid Tier, per request in USD", "Paid Tier, per second in USD"),
     "is per song, the column per second", "table 'Lyria 3 · standard' · row 'Lyria 3 ",
     [frozenset({m}) for m in LYRIA], {(m, "standard") for m in LYRIA}),
    (lambda t: t.replace("Paid Tier, per Image in USD", "Paid Tier, per video in USD"), "Imagen 4 · standard: table",
     "table 'Imagen 4 · standard'", [None], IMAGEN_4),
    (lambda t: t.replace("<td>$0.02</td>", "<td>$0.02 through Decembre 31, 2026</td>"), "is not a date",
     "table 'Imagen 4 · standard' · row 'Imagen 4 Fast image price'", [frozenset({"imagen-4.0-fast-generate-001"})],
     keys("imagen-4.0-fast-generate-001")),
    (lambda t: t.replace("Then $35 / 1,000 grounded prompts", "Then $35 per grounded prompt"),
     "is not a price per 1,000 requests or 1M tokens", f"{TOOLS} · row 'Google Search'",
     [frozenset({"tool/google-search"})], keys("tool/google-search")),
    (lambda t: t.replace("<br>Then $25 / 1,000 grounded prompts", ""), "Google Maps: '1,500 RPD free",
     f"{TOOLS} · row 'Google Maps'", [frozenset({"tool/google-maps"})], keys("tool/google-maps")),
    (lambda t: t.replace("Gemini 3 models:", "Gemini 2.5 models:"), "'other:grounding_search_gemini_2_5' priced twice",
     f"{TOOLS} · row 'Google Search'", [frozenset({"tool/google-search"})], keys("tool/google-search")),
    # a tool or agent row of an unknown kind: no tool id to name (nothing on the page is delisted)
    (lambda t: t.replace("Charged as input tokens per model pricing.", "$0.01 per URL."), "URL context: '$0.01",
     f"{TOOLS} · row 'URL context'", [None], set()),
    (lambda t: t.replace("Charged as input tokens per model pricing.", "Billed apart."), "is not read",
     f"{TOOLS} · row 'URL context'", [None], set()),
    (lambda t: t.replace("is not billed during the preview period", "costs $0.10 per hour", 1),
     "Managed agents in Gemini API", f"{AGENTS} · row 'Managed agents in Gemini API'", [None], set()),
    (lambda t: t.replace('<th scope="col">Tools</th>', '<th scope="col">Tool fees</th>'),
     "Pricing for agents: table has columns", AGENTS, [None], set()),
])
def test_a_media_or_tool_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, where, models,
                                                                                 missing):
    assert_named_and_the_rest_read(edit, message, where, models, missing)


# --- Issue 12 §2: "Free" as a price, struck-through list prices, footnote marks beside a model id ---

@pytest.mark.parametrize("edit, key, field, unit", [
    (lambda t: t.replace("$1.25, prompts <= 200k", "Free, prompts <= 200k", 1), ("gemini-2.5-pro", "standard"),
     "input", USD_PER_MTOK),
    (lambda t: t.replace("$10.00, prompts <= 200k tokens<br>$15.00, prompts > 200k", "FREE", 1),
     ("gemini-2.5-pro", "standard"), "output", USD_PER_MTOK),
    (lambda t: t.replace("1,500 RPD (free), then $35 / 1,000 grounded prompts", "Free", 1),
     ("gemini-2.5-pro", "standard"), "other:grounding_search", "USD per 1,000 requests"),
    (lambda t: t.replace("<td>$0.02</td>", "<td>free</td>"), ("imagen-4.0-fast-generate-001", "standard"),
     "other:output_per_image", "USD per image"),
    (lambda t: t.replace("$0.10 (720p)", "Free (720p)", 1), ("veo-3.1-fast-generate-preview", "standard"),
     "other:output_per_second_720p", "USD per second"),
    (lambda t: re.sub(r"<td>1,500 RPD free \(limit shared for Flash and Flash-Lite\)<br>10,000 RPD.*?</td>",
                      "<td>Free</td>", t, flags=re.S), ("tool/google-maps", "standard"), "other:grounding_maps",
     "USD per 1,000 requests"),
])
def test_free_as_a_price_is_free(edit, key, field, unit):
    page = captured_page(CAPTURE)
    result = parse_page(google, page, edit(page.text()))
    value = read_offerings(result)[key][0][field]
    assert (value.status, value.amount, value.unit) == (Status.FREE, 0, unit)
    assert "free" in value.provenance.raw.lower() and not result.unread  # stated free: the guard does not hold it


@pytest.mark.parametrize("edit, key, charged", [
    (lambda t: t.replace("$1.25, prompts <= 200k tokens<br>$2.50, prompts > 200k tokens",
                         "<del>$1.50</del> $1.25, prompts <= 200k tokens<br><s>$3.00</s> $2.50, prompts > 200k tokens",
                         1), ("gemini-2.5-pro", "standard"),
     {"input": ("1.25", "1.50"), "other:input_above_200k": ("2.50", "3.00")}),
    (lambda t: t.replace("$0.10 (720p)", "<s>$0.15</s> $0.10 (720p)", 1), ("veo-3.1-fast-generate-preview", "standard"),
     {"other:output_per_second_720p": ("0.10", "0.15")}),
    (lambda t: t.replace("Then $35 / 1,000 grounded prompts", "Then <strike>$40</strike> $35 / 1,000 grounded prompts"),
     ("tool/google-search", "standard"), {"other:grounding_search_gemini_2_5": ("35", "40")}),
])
def test_a_struck_through_price_is_the_list_price_beside_the_price_charged(edit, key, charged):
    page = captured_page(CAPTURE)
    whole = read_offerings(parse_page(google, page))[key][0]
    values = read_offerings(parse_page(google, page, edit(page.text())))[key][0]
    listed = {f"other:{field.removeprefix('other:')}_list_price": Decimal(amounts[1])
              for field, amounts in charged.items()}
    assert {field: values[field].amount for field in listed} == listed
    assert {field: values[field].amount for field in charged} == {f: Decimal(a[0]) for f, a in charged.items()}
    assert {f: v for f, v in values.items() if f not in listed} == whole  # the rest as before


@pytest.mark.parametrize("mark", ["¹", " (1)", "*"])
def test_a_footnote_mark_beside_a_model_id_is_not_part_of_it(mark):
    page = captured_page(CAPTURE)
    text = page.text().replace('dir="ltr">gemini-2.5-pro</code></em>', f'dir="ltr">gemini-2.5-pro{mark}</code></em>')
    result = parse_page(google, page, text)
    assert read_offerings(result) == read_offerings(parse_page(google, page)) and not result.unread
