"""MiniMax's pay-as-you-go and models pages (Markdown): every price of the capture read; notices; changes fail."""

import json
import re
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

import scrapers.minimax as minimax
from core.errors import ParseError
from core.offering import PRICE_FIELDS
from core.values import TOKENS, Status
from scrapers._base import Fetched, Page
from tests.conftest import capture_dir

CAPTURE = "minimax/2026"
NAMES = re.compile(r"MiniMax-[\w.+-]+|speech-[\w.-]+|image-\d+|Music-[\d.]+\+?|API-vlm|Speech Recognition|"
                   r"Lyrics Generation")
NOT_READ = {"Material Type", "Notes", "Server Tool"}
TOKEN_COLUMNS = {"Input": "input", "Input Price": "input", "Output": "output", "Output Price": "output",
                 "Prompt caching Read": "cached_input", "Prompt caching Write": "cache_write"}
LIMITS = ("context_window", "max_output_tokens")


def capture_page(url: str, text: str | None = None, fetched_at: datetime | None = None) -> Page:
    directory = capture_dir(CAPTURE)
    entry = json.loads((directory / "manifest.json").read_text())["responses"][url]
    body = (directory / entry["file"]).read_bytes() if text is None else text.encode()
    when = fetched_at or datetime.fromisoformat(entry["fetched_at"].replace("Z", "+00:00"))
    return Page(url, entry["status"], entry["content_type"], body, when)


def parse(pricing: str | None = None, models: str | None = None, fetched_at: datetime | None = None,
          with_models: bool = True):
    pages = {"pricing": [capture_page(minimax.PRICING_URL, pricing, fetched_at)]}
    if with_models:
        pages["models"] = [capture_page(minimax.MODELS_URL, models, fetched_at)]
    return minimax.parse(Fetched(pages))


def pricing_text() -> str:
    return capture_page(minimax.PRICING_URL).text()


def price_rows(text: str) -> list[tuple[str, list[str], list[str]]]:
    """(tab, header, cells) of every row of the tables read, split on ' | ' line by line (the test's own reading)."""
    rows, tab, header = [], "Standard", None
    for line in map(str.strip, text.splitlines()):
        if line.startswith("<Tab title="):
            tab = line.split('"')[1].rstrip("*")
        elif line == "</Tabs>":
            tab = "Standard"
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip().replace("**", "") for c in line.strip("|").split(" | ")]
        if header is None:
            header = cells
        elif not re.fullmatch(r"[|:\- ]+", line) and not NOT_READ & set(header):
            rows.append((tab, header, cells))
    return rows


def dollars(text: str) -> list[Decimal]:
    return [Decimal(a) for a in re.findall(r"\\\$([\d.]+)", text)]


def test_every_price_of_the_capture_is_read():
    result = parse()
    by_name = {(o.model.name, o.key.tier): o.values for o in result.offerings}
    rows = price_rows(pricing_text())
    assert len(rows) == 43 and len(result.offerings) == len(by_name) == 31
    stated: Counter = Counter()
    for tab, header, cells in rows:
        names = NAMES.findall(" ".join(cells[:2]))  # "speech-2.6-hd / speech-02-hd": one row, two models
        assert names, cells
        for name in names:
            values = by_name[(name, tab.lower())]
            stated.update(dollars(" ".join(cells)))
            for column, cell in zip(header, cells, strict=True):
                _check_cell(values, column, cell, "> 512k" in cells[0], dict(zip(header, cells, strict=True)), name)
    read = Counter(v.amount for o in result.offerings for v in o.values.values() if v.has_amount and v.unit != TOKENS)
    assert read == stated  # nothing dropped, nothing read twice, nothing invented


def _check_cell(values: dict, column: str, cell: str, above: bool, row: dict[str, str], name: str) -> None:
    amounts = dollars(cell)
    if not amounts:
        return
    if "M tokens" in cell:  # charged price last; a struck-through list price first
        field = TOKEN_COLUMNS[column] if not above else f"other:{TOKEN_COLUMNS[column]}_above_512k"
        assert values[field].amount == amounts[-1], (name, column)
        if "~~" in cell:
            assert values[f"other:{field.removeprefix('other:')}_list_price"].amount == amounts[0], (name, column)
    else:  # another unit: kept in it under the field the row names, never as a token price
        field = other_field(row, cell)
        assert field in values, (name, field, sorted(values))
        assert values[field].amount == amounts[0], (name, field)
        assert values[field].unit.removeprefix("USD per ") in cell, (name, field)
        assert all(values[f].status is Status.UNKNOWN for f in PRICE_FIELDS), name


OTHER_UNITS = {"hour": "audio_hour", "music": "music", "song": "song", "image": "image", "request": "request"}


def other_field(row: dict[str, str], cell: str) -> str:
    """The field of a price in another unit, from the row's own words: its Resolution ("768P", "768P → 2K"), the
    resolution and length its price names ("per 768P, 6s video"), its API for characters ("T2A Async"), else the
    unit's last word. Prices of one model at two resolutions must not be swapped."""
    if "Resolution" in row:  # per second of video at that resolution
        return "other:video_" + re.sub(r"\W+", "_", row["Resolution"].replace("→", "to")).lower()
    if video := re.search(r"per (\d+P), (\d+s) video", cell):
        return f"other:video_{video[1].lower()}_{video[2]}"
    if "characters" in cell:  # "T2A (Sync)", "T2A Async", and the legacy "T2A", a synchronous API
        return "other:characters_" + ("async" if "Async" in row["API"] else "sync")
    return "other:" + OTHER_UNITS[cell.split()[-1].split("/")[-1]]


def test_well_known_prices():
    offerings = {(o.key.model, o.key.tier): o.values for o in parse().offerings}
    m3 = offerings[("MiniMax-M3", "standard")]
    assert (m3["input"].amount, m3["cached_input"].amount, m3["output"].amount) == (
        Decimal("0.30"), Decimal("0.06"), Decimal("1.20"))
    assert m3["other:input_list_price"].amount == Decimal("0.60")
    assert m3["other:output_above_512k"].amount == Decimal("2.40")
    assert m3["other:output_above_512k_list_price"].amount == Decimal("4.80")
    assert offerings[("MiniMax-M2.7", "standard")]["cache_write"].amount == Decimal("0.375")
    assert offerings[("MiniMax-H3-Context-IR", "standard")]["output"].amount == Decimal("3.60")
    assert offerings[("MiniMax-Hailuo-02", "standard")]["other:video_512p_10s"].amount == Decimal("0.15")
    assert offerings[("MiniMax-H3", "standard")]["other:video_2k"].unit == "USD per second"
    assert offerings[("speech-02-hd", "standard")]["other:characters_sync"].amount == Decimal(100)
    assert offerings[("speech-2.8-turbo", "standard")]["other:characters_async"].amount == Decimal(60)
    assert offerings[("speech-recognition", "standard")]["other:audio_hour"].amount == Decimal("0.38")
    assert offerings[("lyrics-generation", "standard")]["other:song"].amount == Decimal("0.01")
    assert offerings[("image-01", "standard")]["other:image"].amount == Decimal("0.0035")
    assert offerings[("API-vlm", "standard")]["other:request"].unit == "USD per request"


def test_priority_is_one_and_a_half_times_standard_as_the_page_says():
    offerings = {(o.key.model, o.key.tier): o.values for o in parse().offerings}
    standard, priority = offerings[("MiniMax-M3", "standard")], offerings[("MiniMax-M3", "priority")]
    priced = [f for f, v in standard.items() if v.status is Status.PRICED and v.unit != TOKENS]
    assert len(priced) == 12 and set(priced) == {f for f, v in priority.items() if v.status is Status.PRICED}
    assert all(priority[f].amount == standard[f].amount * Decimal("1.5") for f in priced)
    assert [k.tier for k in (o.key for o in parse().offerings) if k.tier != "standard"] == ["priority"]


def test_states_unknown_where_the_page_is_silent():
    offerings = {(o.key.model, o.key.tier): o.values for o in parse().offerings}
    assert offerings[("MiniMax-M3", "priority")]["cache_write"].status is Status.UNKNOWN  # no write column
    assert {offerings[("image-01", "standard")][f].status for f in PRICE_FIELDS} == {Status.UNKNOWN}
    assert offerings[("MiniMax-M2.7", "standard")]["context_window"].status is Status.UNKNOWN
    assert not any(v.status in (Status.FREE, Status.NOT_OFFERED) for o in offerings.values() for v in o.values())


def test_limits_come_from_the_models_page():
    offerings = {(o.key.model, o.key.tier): o for o in parse().offerings}
    for tier in ("standard", "priority"):  # rounded by the page: kept as written, the count unknown
        m3 = offerings[("MiniMax-M3", tier)].values["context_window"]
        assert (m3.status, m3.provenance.raw) == (Status.UNKNOWN, "1M")
    m2 = offerings[("MiniMax-M2", "standard")].values
    assert (m2["context_window"].provenance.raw, m2["max_output_tokens"].provenance.raw) == ("200k", "128k")
    assert {m2[f].status for f in ("context_window", "max_output_tokens")} == {Status.UNKNOWN}
    models = capture_page(minimax.MODELS_URL).text().replace("Context Length: 200k", "Context Length: 204,800")
    exact = parse(models=models)
    m2 = next(o.values for o in exact.offerings if o.key.model == "MiniMax-M2")
    assert (m2["context_window"].status, m2["context_window"].amount) == (Status.KNOWN, 204_800)
    assert not any(o.unobserved for o in offerings.values())


@pytest.mark.parametrize("models, failures, reason", [
    (None, {}, "no response"),
    (None, {"models": "HTTP 503"}, "HTTP 503"),
    ("# Models\n\nnothing here\n", {}, "no table under 'Language'"),
    (lambda t: t.replace("Maximum Output: 128k", "Maximum Output: 128k tokens, Maximum Output: 64k"), {},
     "MiniMax-M2: two different max_output_tokens values"),
])
def test_without_a_readable_models_page_the_limits_are_unobserved(models, failures, reason):
    pages = {"pricing": [capture_page(minimax.PRICING_URL)]}
    if models is not None:
        original = capture_page(minimax.MODELS_URL).text()
        pages["models"] = [capture_page(minimax.MODELS_URL, models(original) if callable(models) else models)]
    result = minimax.parse(Fetched(pages, failures))
    assert all(o.unobserved == frozenset(LIMITS) and not set(LIMITS) & set(o.values) for o in result.offerings)
    (warning,) = [w for w in result.warnings if w.startswith("models page not read")]
    assert reason in warning
    assert len(result.offerings) == 31


def test_the_tables_not_read_are_named_in_one_warning():
    assert parse().warnings == ["tables not read (no per-model price column): Voice Management, Video Generation - "
                                "Input Material Pricing, Video Regeneration - Input Material Pricing, Server Tools"]


def test_a_notice_in_force_at_the_fetch_time_is_no_announcement():
    assert not any(o.announced for o in parse().offerings)  # fetched August 20, 2026; effective July 22, 2026


def test_a_notice_dated_after_the_fetch_time_is_announced_not_applied():
    text = pricing_text().replace("adjusted to \\$0.01 per call", "adjusted to \\$0.02 per call")
    result = parse(text, fetched_at=datetime(2026, 7, 1, tzinfo=UTC))
    vlm = next(o for o in result.offerings if o.key.model == "API-vlm")
    ((announced,),) = [o.announced for o in result.offerings if o.announced]
    assert (announced.field, announced.value.amount, announced.value.unit, announced.effective_from) == (
        "other:request", Decimal("0.02"), "USD per request", date(2026, 7, 22))
    assert vlm.values["other:request"].amount == Decimal("0.01")  # the table's price stays until then


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("| **API-vlm** | \\$0.01 / request |", "| **API-vlm** | \\$0.02 / request |"),
     "API-vlm [standard]: the notice's price in force since 2026-07-22 is not the table's"),
    (lambda t: t.replace("will be adjusted to", "will change to"), "a pricing notice not understood"),
    (lambda t: t.replace("the API-vlm price", "the API-vlm-pro price"), "a pricing notice not understood"),
])
def test_a_notice_that_does_not_fit_is_a_warning(edit, message):
    result = parse(edit(pricing_text()))
    assert any(message in w for w in result.warnings), result.warnings
    assert not any(o.announced for o in result.offerings)


def read_offerings(result) -> dict:
    return {o.key: o.values for o in result.offerings if o.unread is None}


# (edit, what the unread part says, the models it leaves unobserved: None for a whole table or section)
UNREAD_EDITS = [
    (lambda t: t.replace("Prompt caching Read |", "Prompt caching Hit |", 1), "unknown column 'Prompt caching Hit'",
     None),  # an unfamiliar column: the table
    (lambda t: t.replace("| image-01 | \\$0.0035 per image |\n", ""), "section 'Image': no price row found", None),
    (lambda t: t.replace("## Audio", "## Sound"), "section 'Audio': no price row found", None),  # a table removed
    (lambda t: t.replace("~~\\$0.60~~ \\$0.30 / M tokens", "~~\\$0.60~~ TBD / M tokens"), "is not a price",
     {"MiniMax-M3"}),  # an unfamiliar cell
    (lambda t: t.replace("\\$0.38 / hour", "\\$0.38 / minute"), "unknown unit '/minute'", {"speech-recognition"}),
    (lambda t: t.replace("\\$0.0035 per image", "\\$0.0035 / M tokens"), "a token price in a column naming no",
     {"image-01"}),
    (lambda t: t.replace('<Tab title="Priority*">', '<Tab title="Turbo">'), "tab 'Turbo' is not a tier", None),
    (lambda t: t.replace("≤ 512k input tokens", "≤ 512k context", 1), "input band '≤ 512k context'", {"MiniMax-M3"}),
    (lambda t: t.replace("**T2A Async**", "**T2A Stream**", 1), "unknown API 'T2A Stream'", {"speech-2.8-hd"}),
    (lambda t: t.replace("| **MiniMax-M2.1** |", "| **MiniMax-M2.5** |"), "MiniMax-M2.5 [standard] input is priced",
     {"MiniMax-M2.5"}),
    (lambda t: re.sub(r"\| Model (\| Price \|\n\| :- \| :- \|\n\| image-01)", r"| Description \1", t),
     "table 'Image' has no column naming the model", None),
    # the row kind that failed a later version of the page whole: an API the parser does not know
    (lambda t: t.replace("| **T2A Async** | speech-2.8-hd |", "| **Rapid Voice Cloning** | speech-2.8-hd | Clone. "
                         "| \\$1.5 per voice |\n| **T2A Async** | speech-2.8-hd |"),
     "unknown API 'Rapid Voice Cloning'", {"speech-2.8-hd"}),
    (lambda t: t.replace("| **MiniMax-M2.7** | \\$0.3 / M tokens |", "| **MiniMax-M2.7** | Global | \\$0.3 / M tokens |"),
     "has 6 cells, the header 5", {"MiniMax-M2.7"}),  # a row of another cell count: named alone
    (lambda t: t.replace("## Music", "## Music\n\n| Model | Price |\n| :- | :- |\n| Music-9 | ½ price |\n"),
     "'½ price' is not a price", {"Music-9"}),  # a new table whose row is of an unfamiliar shape
]


@pytest.mark.parametrize("edit, message, models", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models):
    whole = read_offerings(parse())
    result = parse(edit(pricing_text()))
    (part,) = [u for u in result.unread if message in str(u)]
    assert part.url == minimax.PRICING_URL and "pricing-paygo.md · " in part.where
    assert part.models == (None if models is None else frozenset(models))
    read = read_offerings(result)
    assert read and all(read[key] == values for key, values in read.items() if key in whole)
    untouched = {k for k in whole if models is None or k.model not in models}
    assert len(read.keys() & untouched) >= len(whole) - 9  # the rest of the page is read as before
    assert not {o.key for o in result.offerings if o.unread} & read.keys()  # an unread row's offering: not half-read


def test_a_new_model_in_a_row_that_cannot_be_read_stands_as_a_placeholder_of_unknown_values():
    result = parse(UNREAD_EDITS[-1][0](pricing_text()))
    (placeholder,) = [o for o in result.offerings if o.unread]
    assert placeholder.key.model == "Music-9" and placeholder.values == {} and "is not a price" in placeholder.unread


def test_without_the_llm_price_table_the_run_fails():
    with pytest.raises(ParseError, match="no price row under 'LLM'"):
        parse(pricing_text().replace("## LLM", "## Chat"))


def test_free_as_a_price_is_free_in_the_unit_of_its_column():
    text = pricing_text().replace("| Lyrics Generation (Discontinued) |",
                                  "| Music-3.0-free | Free to try | Free |\n| Lyrics Generation (Discontinued) |")
    result = parse(text)
    (free,) = [o for o in result.offerings if o.key.model == "Music-3.0-free"]
    music = free.values["other:music"]
    assert music.status is Status.FREE and music.amount == 0 and music.unit == "USD per up-to-5 minutes music"
    assert music.provenance.raw == "Free" and not result.unread  # stated as free: the guard does not hold it
