"""OpenAI's pricing page (Astro): every price cell of every table component's props read, the visible
rows agreeing with the props; the states and units it produces; changes of layout fail naming what changed."""

import html
import json
import re
from decimal import Decimal

import pytest

import scrapers.openai as openai
from core.errors import ParseError
from core.offering import LIMIT_FIELDS, PRICE_FIELDS
from core.values import USD_PER_MTOK, Status
from tests.conftest import captured_page, parse_page

CAPTURE = "openai/2026"
# The capture's price table components in page order: how each is read, and its tier.
TIER_OF_PANE = {"fast": "priority"}  # Fast mode is Priority processing renamed on July 30, 2026
ORDER = [("flagship", "standard"), ("flagship", "batch"), ("flagship", "flex"), ("flagship", "fast"),
         ("cyber", "standard"), ("modality", "standard"), ("modality", "standard"), ("modality", "batch"),
         ("video", "standard"), ("video", "batch"), ("transcription", "standard"), ("tools", None),
         ("specialized", "standard"), ("specialized", "fast"), ("finetuning", None), ("finetuning", None)]
BASE = ["input", "cached_input", "cache_write", "output"]
TEXT = ["input", "cached_input", "output"]
LONG = [f"other:{f}_above_272k" for f in BASE]
SHORT_ONLY = " (<272K context length)"
PRICE_CELLS = {"cyber": 8, "modality": 3, "video": 1, "transcription": 3, "specialized": 3}


def offerings(text: str | None = None):
    result = parse_page(openai, captured_page(CAPTURE), text)
    return {(o.key.model, o.key.tier): o.values for o in result.offerings}, result.warnings


def plain(encoded):
    """Astro's props serialisation undone: [0, x] is x (objects' values encoded too), [1, [...]] a list."""
    kind, value = (encoded + [None])[:2]
    assert kind in (0, 1), encoded
    if kind == 1:
        return list(map(plain, value))
    return {key: plain(item) for key, item in value.items()} if isinstance(value, dict) else value


def islands(text: str) -> list[tuple[dict, str]]:
    """(props, the island's own HTML) of every pricing component, found by regex over the raw page."""
    found = re.finditer(r'<astro-island [^>]*?component-url="/_astro/pricing\.[^"]*" component-export="\w+"'
                        r'[^>]*? props="([^"]*)"[^>]*>(.*?)</astro-island>', text, re.S)
    return [({k: plain(v) for k, v in json.loads(html.unescape(m.group(1)), parse_float=Decimal).items()},
             m.group(2)) for m in found]


def visible_rows(island_html: str) -> list[list[str]]:
    """The rendered table's body rows, cell texts by regex (a <td> row; header rows are all <th>)."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", island_html, re.S)
    return [[" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", r)]
            for r in rows if "<td" in r]


def expected_cell(cell, unit=USD_PER_MTOK):
    """(status, amount, unit) a props or visible cell states."""
    if cell in (None, "-"):
        return Status.NOT_OFFERED, None, unit
    if cell == "Free":
        return Status.FREE, Decimal(0), unit
    if isinstance(cell, str):
        amount, _, per = cell.removeprefix("$").partition(" / ")
        return Status.PRICED, Decimal(amount), f"USD per {per}" if per else unit
    return Status.PRICED, Decimal(cell), unit


def with_unit(field: str, cell) -> str:
    per = cell.partition(" / ")[2] if isinstance(cell, str) else ""
    return f"other:{field.removeprefix('other:')}_per_{per.lower().replace(' ', '_')}" if per else field


def token_field(prefix: str, field: str) -> str:
    return field if not prefix and field in BASE else f"other:{prefix}{field}"


def expected_rows(kind: str, props: dict):
    """(model label, {field: cell}) for every row of a component, by the page's columns."""
    if kind == "flagship":
        for row in props["rows"]:
            yield row[0], dict(zip(BASE if len(row) == 5 else TEXT, row[1:], strict=True))
    for group in props.get("groups", []):
        for row in group["rows"]:
            if kind == "cyber":
                yield group["model"], dict(zip(BASE + LONG, row, strict=True))
            elif kind == "modality":
                prefix = {"Text": "", "Audio": "audio_", "Image": "image_"}[row[0]]
                yield group["model"], {with_unit(token_field(prefix, f), c): c
                                       for f, c in zip(TEXT, row[1:], strict=True)}
            elif kind == "video":
                yield group["model"], {f"other:video_{row[0]}_per_second": row[3]}
            elif kind == "transcription":
                yield group["model"], {"input": row[1], "output": row[2],
                                       with_unit("other:estimated_cost", row[3]): row[3]}
            elif kind == "specialized":
                yield row[0], dict(zip(TEXT, row[1:], strict=True))


def test_every_row_of_the_capture_is_read():
    got, _ = offerings()
    got = {key: values for key, values in got.items() if not key[0].startswith("tool/")}  # the Tools table: below
    text = captured_page(CAPTURE).text()
    found = islands(text)
    assert len(found) == len(ORDER)
    expected: dict[tuple[str, str], dict] = {}
    for (kind, pane), (props, _) in zip(ORDER, found, strict=True):
        tier = TIER_OF_PANE.get(pane, pane)
        for label, cells in expected_rows(kind, props):
            key = (label.removesuffix(SHORT_ONLY).lower(), tier)
            fields = expected.setdefault(key, {})
            for field, cell in cells.items():
                unit = "USD per second" if kind == "video" else USD_PER_MTOK
                assert fields.setdefault(field, expected_cell(cell, unit)) == expected_cell(cell, unit), (key, field)
            if label.endswith(SHORT_ONLY):
                fields["short only"] = True
    for (kind, pane), (_, island) in zip(ORDER, found, strict=True):  # the newest models' long context is
        if kind == "flagship":                                          # only in the visible table
            for row in visible_rows(island):
                long_context = {f: expected_cell(c) for f, c in zip(LONG, row[5:], strict=True)}
                expected[(row[0], TIER_OF_PANE.get(pane, pane))] |= long_context
    assert len(got) == len(expected) == 149
    for key, fields in expected.items():
        short_only = fields.pop("short only", False) and LONG[0] not in fields
        assert set(got[key]) == {*fields, *PRICE_FIELDS, *LIMIT_FIELDS, *(LONG if short_only else [])}, key
        for field, value in got[key].items():
            state = (value.status, value.amount, value.unit)
            assert state == fields.get(field, (Status.UNKNOWN, None, value.unit)), (key, field)


def test_the_visible_rows_agree_with_the_props():
    """Each table shows its first rows; their cells are those of the props (the flagship tables in order)."""
    for (kind, _), (props, island) in zip(ORDER, islands(captured_page(CAPTURE).text()), strict=True):
        rows = visible_rows(island)
        assert rows or kind in ("tools",)
        if kind == "flagship":
            assert len(rows) == props["collapsedLatestRowCount"] == 3
            for shown, row in zip(rows, props["rows"], strict=False):
                assert shown[0] == row[0]
                assert [expected_cell(c) for c in shown[1:5]] == [expected_cell(c) for c in row[1:]]
        elif kind in PRICE_CELLS:  # grouped tables: a model's first row also holds its name; prices are the last cells
            width = PRICE_CELLS[kind]
            in_props = [[expected_cell(c) for c in row[-width:]] for group in props["groups"] for row in group["rows"]]
            assert all([expected_cell(c) for c in shown[-width:]] in in_props for shown in rows), kind
            assert len(rows) <= len(in_props)


def test_well_known_prices():
    got, warnings = offerings()
    assert got[("gpt-5.6-sol", "standard")]["input"].amount == Decimal("4")
    assert got[("gpt-5.6-sol", "standard")]["other:output_above_272k"].amount == Decimal("30")
    assert got[("gpt-5.6-luna", "priority")]["other:cache_write_above_272k"].amount == Decimal("1.00")
    assert got[("gpt-5.4", "batch")]["cached_input"].amount == Decimal("0.13")
    assert got[("gpt-5.4-mini", "flex")]["cached_input"].amount == Decimal("0.0375")
    assert got[("gpt-4o", "priority")]["output"].amount == Decimal("17")
    assert got[("gpt-5.6-cyber", "standard")]["cache_write"].amount == Decimal("15.625")
    assert got[("gpt-realtime-2.1", "standard")]["other:audio_input"].amount == Decimal("32")
    assert got[("gpt-5.3-codex", "priority")]["output"].amount == Decimal("28")
    assert {tier for _, tier in got} == {"standard", "batch", "flex", "priority"}  # Fast mode: Priority renamed
    assert len(warnings) == 1 and "Tools" not in warnings[0] and "Finetuning" in warnings[0]
    assert got[("tool/web-search-preview-non-reasoning-models", "standard")]["other:call"].amount == Decimal("25.00")
    assert got[("tool/containers-hosted-shell-and-code-interpreter", "standard")]["other:session_64gb"].amount == \
        Decimal("1.92")
    assert openai.GUARD.min_offerings <= len(got) // 2


def test_states_free_not_offered_and_unknown():
    got, _ = offerings()
    free = got[("omni-moderation-latest", "standard")]["input"]
    assert (free.status, free.amount, free.provenance.raw) == (Status.FREE, Decimal(0), "Free")
    dash, null = got[("gpt-5.5", "standard")]["cache_write"], got[("gpt-5-pro", "standard")]["cached_input"]
    assert (dash.status, dash.provenance.raw, null.status, null.provenance.raw) == (
        Status.NOT_OFFERED, "-", Status.NOT_OFFERED, "null")
    assert got[("gpt-5.2", "standard")]["cache_write"].status is Status.UNKNOWN  # a row without a cache-writes cell
    assert got[("gpt-5.5", "standard")]["other:input_above_272k"].status is Status.UNKNOWN  # "(<272K context length)"
    assert "other:input_above_272k" not in got[("gpt-5.4-mini", "standard")]
    assert all(got[("gpt-4o", "standard")][f].status is Status.UNKNOWN for f in LIMIT_FIELDS)


def test_other_units_are_kept_in_their_unit():
    got, _ = offerings()
    tts = got[("tts-1", "standard")]
    assert (tts["other:input_per_1m_characters"].amount, tts["other:input_per_1m_characters"].unit) == (
        Decimal(15), "USD per 1M characters")
    assert tts["input"].status is Status.UNKNOWN
    video = got[("sora-2-pro", "batch")]["other:video_1080p_per_second"]
    assert (video.amount, video.unit) == (Decimal("0.35"), "USD per second")
    minute = got[("whisper", "standard")]["other:estimated_cost_per_minute"]
    assert (minute.amount, minute.unit) == (Decimal("0.006"), "USD per minute")
    assert minute.provenance.raw == "$0.006 / minute"


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("<p>Cyber models</p>", "<p>Daybreak models</p>"),
     "price table under 'Cyber models' not found"),
    (lambda t: t.replace('component-export="PricingTable"', 'component-export="Other"'),
     "price table under 'Finetuning' not found"),
    (lambda t: t.replace("Prices per second.", "Prices per minute."), "'Video generation models' says"),
    (lambda t: t.replace("&quot;Estimated cost&quot;", "&quot;Cost&quot;"), "has columns"),
    (lambda t: t.replace("<span>Cache writes</span>", "<span>Cache creation</span>", 1), "has columns"),
    (lambda t: t.replace("gpt-5.6-sol&quot;],[0,4]", "gpt-5.6-sol&quot;],[0,&quot;4 USD&quot;]", 1),
     "'4 USD' is not a price"),
    (lambda t: t.replace("gpt-5.6-sol&quot;],[0,4]", "gpt-5.6-sol&quot;],[0,&quot;$4.00 / hour&quot;]", 1),
     "'$4.00 / hour' is not a price"),
    (lambda t: t.replace(">$4.00<", ">$4.50<", 1), "disagrees with the props"),
    (lambda t: t.replace("(&lt;272K context length)", "(&lt;400K context length)", 1), "unexpected model label"),
    (lambda t: t.replace('data-content-switcher-pane="true" data-value="flex"',
                         'data-content-switcher-pane="true" data-value="turbo"'), "unknown price tier pane 'turbo'"),
    (lambda t: t.replace("&quot;Audio&quot;", "&quot;Smell&quot;", 1), "unknown modality 'Smell'"),
    (lambda t: t.replace("&quot;rows&quot;:[1,[[1,[[0,&quot;gpt-5.6-sol", "&quot;rows&quot;:[5,[[1,[[0,&quot;x", 1),
     "props cannot be read"),
    (lambda t: t.replace("[0,12.5],[0,1.25],[0,15.625]", "[0,12.5],[0,1.25]", 1), "is not 8 cells"),
    (lambda t: t.replace("<p>Tools</p>", "<p>Utilities</p>"), "price table under 'Tools' not found"),
    (lambda t: t.replace("&quot;Pricing&quot;", "&quot;Price&quot;"), "table 'Tools' (standard) has columns"),
    (lambda t: t.replace("$2.50 / 1k calls", "$2.50 / 1M calls"), "Tool call: '$2.50 / 1M calls' is not a tool price"),
    (lambda t: t.replace("per 20-minute session per container", "per hour per container"), "is not a tool price"),
    (lambda t: t.replace("1 GB $0.03, 4 GB", "1 GB $0.03, 1 GB"), "is not a tool price"),
    (lambda t: t.replace("(1 GB free)", "(1 GB free, then $0.20)"), "Storage: '$0.10 / GB per day (1 GB free, then"),
    (lambda t: t.replace("Image Web search (all models)", "Web search (all models)"),
     "two rows are both 'tool/web-search'"),
])
def test_a_changed_table_fails_naming_what_changed(edit, message):
    text = captured_page(CAPTURE).text()
    edited = edit(text)
    assert edited != text
    with pytest.raises(ParseError, match="developers.openai.com/api/docs/pricing") as error:
        offerings(edited)
    assert message in str(error.value)


# The Tools table's rows in page order, as the ids the module docstring's rule gives them: one offering a row, the
# model condition of a web search row kept in its id, "(all models)" left out, the tool prefixed where the row's
# details do not name it.
TOOL_IDS = ["tool/web-search", "tool/image-web-search", "tool/web-search-preview-reasoning-models",
            "tool/web-search-preview-non-reasoning-models", "tool/containers-hosted-shell-and-code-interpreter",
            "tool/file-search-storage", "tool/file-search-tool-call",
            "tool/agent-kit-chatkit-file-and-image-upload-storage"]


def expected_tool_prices(cell: str) -> dict[str, tuple]:
    """The prices of a Tools pricing cell by regex: per 1k calls, per GB-day, or per container session by size."""
    found = {"other:call": re.findall(r"^\$([\d.]+) / 1k calls\b", cell),
             "other:gb_day": re.findall(r"^\$([\d.]+) / GB(?: per day|-day)\b", cell)}
    expected = {field: (Status.PRICED, Decimal(amount), unit) for (field, amounts), unit
                in zip(found.items(), ("USD per 1k calls", "USD per GB-day"), strict=True) for amount in amounts}
    if cell.endswith("per 20-minute session per container."):
        expected |= {f"other:session_{size}gb": (Status.PRICED, Decimal(amount), "USD per 20-minute container session")
                     for size, amount in re.findall(r"(\d+) GB \$([\d.]+)", cell)}
    return expected


def test_every_tool_row_is_a_price_class_offering():
    """Every row of the Tools table, read from its rendered HTML (all its rows are shown), is one offering."""
    result = parse_page(openai, captured_page(CAPTURE)).offerings
    got = {o.key.model: o for o in result if o.key.model.startswith("tool/")}
    assert len(result) == 157 and sorted(got) == sorted(TOOL_IDS)
    island = islands(captured_page(CAPTURE).text())[ORDER.index(("tools", None))][1]
    rows, tool = visible_rows(island), None
    assert len(rows) == len(TOOL_IDS)
    for tool_id, row in zip(TOOL_IDS, rows, strict=True):
        tool = row[0] if len(row) == 3 else tool  # a tool's first row also holds its name
        details, cell = row[-2:]
        offering = got[tool_id]
        assert offering.key.tier == "standard" and offering.model.kind == "price_class"
        assert offering.model.name == f"{tool} · {details.replace(' ,', ',').replace(' )', ')')}"  # <code> spacing
        expected = expected_tool_prices(cell)
        assert expected, cell
        assert set(offering.values) == {*PRICE_FIELDS, *LIMIT_FIELDS, *expected}
        for field, value in offering.values.items():
            state = (value.status, value.amount, value.unit)
            assert state == expected.get(field, (Status.UNKNOWN, None, value.unit)), (tool_id, field)
            assert field not in expected or value.provenance.raw == cell  # allowances and notes kept as written
    storage = got["tool/file-search-storage"].values["other:gb_day"].provenance.raw
    assert "(1 GB free)" in storage


def test_a_model_listed_twice_must_agree():
    """gpt-5.6-sol is in the Flagship and the Cyber tables: a different price in one fails."""
    text = captured_page(CAPTURE).text()
    edited = re.sub(r"(&quot;model&quot;:\[0,&quot;gpt-5\.6-sol&quot;\],&quot;rows&quot;:\[1,\[\[1,\[\[0,)4\]",
                    r"\g<1>4.5]", text, count=1)
    assert edited != text
    with pytest.raises(ParseError, match="gpt-5.6-sol \\[standard\\] is listed twice with different input"):
        offerings(edited)
