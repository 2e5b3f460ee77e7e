"""OpenAI's pricing page (Astro): every price cell of every table component's props read, the visible
rows agreeing with the props; the states and units it produces; a part of an unfamiliar shape is named and
skipped, the rest read the same; without the Flagship Standard table the run fails."""

import html
import json
import re
from decimal import Decimal

import pytest

import scrapers.openai as openai
from core.errors import ParseError
from core.offering import LIMIT_FIELDS, PRICE_FIELDS, OfferingKey
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


def parse(text: str | None = None):
    return parse_page(openai, captured_page(CAPTURE), text)


def page_text() -> str:
    return captured_page(CAPTURE).text()


def read_offerings(result) -> dict:
    return {o.key: o.values for o in result.offerings if o.unread is None}


SOL = "gpt-5.6-sol&quot;],[0,4]"  # its input in the Flagship Standard props, the first row (shown in the visible table)
GPT_4O = "[0,&quot;gpt-4o&quot;],[0,2.5],[0,1.25],[0,10]]"  # a Flagship Standard row the visible table does not show
NEW_SECTION = ('<h2 id="embedding-models" class="anchor-heading"><p>Embedding models</p></h2>'
               '<small class="pricing-switcher-meta">Prices per 1M tokens.</small>')


def with_new_section(text: str) -> str:
    """A new section before Finetuning, holding a copy of the Specialized models' Fast mode table."""
    island = re.findall(r'<astro-island [^>]*component-export="GroupedPricingTable".*?</astro-island>', text, re.S)[-1]
    finetuning = text.index('<h2 id="fine-tuning"')
    return text[:finetuning] + f"<div>{NEW_SECTION}{island}</div>" + text[finetuning:]


def in_visible_terra_row(edit):
    """``edit`` applied to gpt-5.6-terra's row of the visible Flagship Standard table alone (gpt-5.6-sol's would
    disagree with its Cyber row)."""
    def apply(text: str) -> str:
        start = text.index(">gpt-5.6-terra</span></td>")
        end = text.index("</tr>", start)
        return text[:start] + edit(text[start:end]) + text[end:]
    return apply


# (edit, what the unread part says, the models it leaves unobserved: None for a whole table or a row naming no
# model, an empty set for a part that holds no offering read)
UNREAD_EDITS = [
    # an unknown kind of row: an unknown modality, a row of another width, a group without rows
    (lambda t: t.replace("&quot;Audio&quot;", "&quot;Smell&quot;", 1), "unknown modality 'Smell'",
     {"gpt-realtime-2.1"}),
    (lambda t: t.replace(GPT_4O, "[0,&quot;gpt-4o&quot;],[0,2.5],[0,1.25],[0,10],[0,1],[0,2]]", 1),
     "is not 4 or 5 cells", {"gpt-4o"}),
    (lambda t: t.replace("[0,12.5],[0,1.25],[0,15.625]", "[0,12.5],[0,1.25]", 1), "is not 8 cells",
     {"gpt-5.6-cyber"}),
    (lambda t: t.replace("(&lt;272K context length)", "(&lt;400K context length)", 1), "unexpected model label",
     None),
    # a new table, under a heading the parser does not know
    (with_new_section, "unexpected price table under 'Embedding models'", None),
    (lambda t: t.replace('data-content-switcher-pane="true" data-value="flex"',
                         'data-content-switcher-pane="true" data-value="turbo"'),
     "table 'Flagship models (turbo)': unknown price tier pane 'turbo'", None),
    # unfamiliar cells
    (lambda t: t.replace(SOL, "gpt-5.6-sol&quot;],[0,&quot;4 USD&quot;]", 1), "'4 USD' is not a price",
     {"gpt-5.6-sol"}),
    (lambda t: t.replace(SOL, "gpt-5.6-sol&quot;],[0,&quot;$4.00 / hour&quot;]", 1),
     "'$4.00 / hour' is not a price", {"gpt-5.6-sol"}),  # another unit where the section states none
    (lambda t: t.replace(">$4.00<", ">$4.50<", 1), "disagrees with the props", {"gpt-5.6-sol"}),
    (lambda t: t.replace(GPT_4O, "[0,&quot;gpt-4o&quot;],[0,{&quot;__pricingHtml&quot;:[0,&quot;&lt;del&gt;$2.50 / "
                         "hour&lt;/del&gt; $2.50&quot;]}],[0,1.25],[0,10]]", 1),
     "input (list price): '$2.50 / hour' is not a price", {"gpt-4o"}),
    (lambda t: t.replace("$2.50 / 1k calls", "$2.50 / 1M calls"), "Tool call: '$2.50 / 1M calls' is not a tool price",
     {"tool/file-search-tool-call"}),  # a unit the parser does not know: named, never read as per 1k
    (lambda t: t.replace("per 20-minute session per container", "per hour per container"), "is not a tool price",
     {"tool/containers-hosted-shell-and-code-interpreter"}),
    (lambda t: t.replace("1 GB $0.03, 4 GB", "1 GB $0.03, 1 GB"), "is not a tool price",
     {"tool/containers-hosted-shell-and-code-interpreter"}),
    (lambda t: t.replace("(1 GB free)", "(1 GB free, then $0.20)"), "Storage: '$0.10 / GB per day (1 GB free, then",
     {"tool/file-search-storage"}),
    (lambda t: t.replace("$0.10 / GB per day (1 GB free)", "Free"), "'Free' is not a tool price",
     {"tool/file-search-storage"}),  # a bare "Free" states no unit: which of the tool's prices is free?
    # two rows, or two tables, stating one offering differently: both dropped, the later one named
    (lambda t: t.replace("Image Web search (all models)", "Web search (all models)"),
     "two rows are both 'tool/web-search'", {"tool/web-search"}),
    (lambda t: re.sub(r"(&quot;model&quot;:\[0,&quot;gpt-5\.6-sol&quot;\],&quot;rows&quot;:\[1,\[\[1,\[\[0,)4\]",
                      r"\g<1>4.5]", t, count=1),
     "gpt-5.6-sol [standard] is listed twice with different input", {"gpt-5.6-sol"}),
    # a secondary table gone, of other columns, or stating another unit (never read as per 1M tokens)
    (lambda t: t.replace("<p>Cyber models</p>", "<p>Daybreak models</p>"), "price table under 'Cyber models' not found",
     None),
    (lambda t: t.replace("<p>Tools</p>", "<p>Utilities</p>"), "price table under 'Tools' not found", None),
    (lambda t: t.replace('component-export="PricingTable"', 'component-export="Other"'),
     "price table under 'Finetuning' not found", set()),  # Finetuning is not read: it holds no offering
    (lambda t: t.replace("Prices per second.", "Prices per minute."), "'Video generation models' says", None),
    (lambda t: t.replace(' Daybreak models.</div><small class="pricing-switcher-meta">Prices per 1M tokens.',
                         ' Daybreak models.</div><small class="pricing-switcher-meta">Prices per 1K tokens.'),
     "'Cyber models' says ['Prices per 1K tokens.'], not 'Prices per 1M tokens.'", None),
    (lambda t: t.replace("&quot;Estimated cost&quot;", "&quot;Cost&quot;"), "'Transcription models' (standard) has "
     "columns", None),
    (lambda t: t.replace("&quot;Pricing&quot;", "&quot;Price&quot;"), "table 'Tools' (standard) has columns", None),
]


@pytest.mark.parametrize("edit, message, models", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models):
    whole = read_offerings(parse())
    edited = edit(page_text())
    assert edited != page_text()
    result = parse(edited)
    (part,) = [u for u in result.unread if message in str(u)]
    assert part.url == openai.PRICING_URL and part.where.startswith(f"{openai.PRICING_URL} · table ")
    assert part.models == (None if models is None else frozenset(models))
    read = read_offerings(result)
    assert read and read.items() <= whole.items()  # every offering read has the values of the unedited page
    if models is not None:  # the offerings of the models named are not read in the part's tier (standard)
        assert not any(key.model in models and key.tier == "standard" for key in read)
        assert {o.key.model for o in result.offerings if o.unread} == set(models)  # placeholders: not half-read
        assert all(o.model.kind == ("price_class" if o.key.model.startswith("tool/") else "model")
                   for o in result.offerings if o.unread)
    assert len(read) >= len(whole) - 40  # the rest of the page is read as before (a Flagship pane: 34 rows)


def test_a_removed_or_new_section_leaves_the_other_sections_read_in_full():
    whole = read_offerings(parse())
    read = read_offerings(parse(with_new_section(page_text())))
    assert read == whole
    result = parse(page_text().replace("<p>Cyber models</p>", "<p>Daybreak models</p>"))
    unread = [str(u) for u in result.unread]
    assert len(unread) == 2 and "unexpected price table under 'Daybreak models'" in unread[1]
    cyber_only = {"gpt-5.6-cyber", "gpt-5.5-cyber", "gpt-5.4-cyber"}
    assert read_offerings(result) == {k: v for k, v in whole.items() if k.model not in cyber_only}


def test_a_new_model_in_a_row_that_cannot_be_read_stands_as_a_placeholder_of_unknown_values():
    new_row = "[1,[[0,&quot;gpt-6&quot;],[0,&quot;TBA&quot;],[0,1],[0,2]]]"  # after gpt-4o's row
    text = page_text().replace(GPT_4O + "]", f"{GPT_4O}],{new_row}", 1)
    result = parse(text)
    (placeholder,) = [o for o in result.offerings if o.unread]
    assert placeholder.key == OfferingKey("gpt-6", "standard") and placeholder.values == {}
    assert "'TBA' is not a price" in placeholder.unread and len(result.unread) == 1


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("<p>Flagship models</p>", "<p>Frontier models</p>"),
     "price table under 'Flagship models' not found"),
    (lambda t: t.replace("<span>Cache writes</span>", "<span>Cache creation</span>", 1), "has columns"),
    (lambda t: t.replace("&quot;rows&quot;:[1,[[1,[[0,&quot;gpt-5.6-sol", "&quot;rows&quot;:[5,[[1,[[0,&quot;x", 1),
     "props cannot be read"),
    (lambda t: t.replace("&quot;tier&quot;:[0,&quot;standard&quot;]", "&quot;tier&quot;:[0,&quot;batch&quot;]"),
     "the 'standard' pane holds the 'batch' table"),
    (lambda t: t.replace("Our latest models</div><small class=\"pricing-switcher-meta\">Prices per 1M tokens.",
                         "Our latest models</div><small class=\"pricing-switcher-meta\">Prices per 1K tokens."),
     "'Flagship models' says ['Prices per 1K tokens.']"),  # never read as per 1M tokens
])
def test_without_the_flagship_standard_table_the_run_fails(edit, message):
    """The Flagship models' Standard pane defines the catalogue: its loss or a change of its layout fails."""
    edited = edit(page_text())
    assert edited != page_text()
    with pytest.raises(ParseError, match="developers.openai.com/api/docs/pricing") as error:
        parse(edited)
    assert message in str(error.value)


FREE = [  # (edit, offering, field, unit): "Free" in any case, bare or in markup, in the unit of its column
    (lambda t: t.replace(GPT_4O, "[0,&quot;gpt-4o&quot;],[0,&quot;FREE&quot;],[0,1.25],[0,10]]", 1),
     ("gpt-4o", "standard"), "input", USD_PER_MTOK),
    (lambda t: t.replace(GPT_4O, "[0,&quot;gpt-4o&quot;],[0,2.5],[0,{&quot;__pricingHtml&quot;:[0,&quot;&lt;strong&gt;"
                                 "free&lt;/strong&gt;&quot;]}],[0,10]]", 1),
     ("gpt-4o", "standard"), "cached_input", USD_PER_MTOK),
    (lambda t: t.replace("[0,&quot;$0.006 / minute&quot;]", "[0,&quot;Free / minute&quot;]", 1),
     ("gpt-4o-transcribe", "standard"), "other:estimated_cost_per_minute", "USD per minute"),
    (lambda t: t.replace("$2.50 / 1k calls", "Free / 1k calls"), ("tool/file-search-tool-call", "standard"),
     "other:call", "USD per 1k calls"),
    (in_visible_terra_row(lambda r: r.replace(">$18.00<", ">Free<")), ("gpt-5.6-terra", "standard"),
     "other:output_above_272k", USD_PER_MTOK),
]


@pytest.mark.parametrize("edit, key, field, unit", FREE)
def test_free_as_a_price_is_free_in_the_unit_of_its_column(edit, key, field, unit):
    whole = {(o.key.model, o.key.tier): o.values for o in parse().offerings}
    result = parse(edit(page_text()))
    got = {(o.key.model, o.key.tier): o.values for o in result.offerings}
    value = got[key][field]
    assert (value.status, value.amount, value.unit) == (Status.FREE, Decimal(0), unit) and not result.unread
    assert "free" in value.provenance.raw.lower()  # stated as free: the guard does not hold the 0
    assert {f: v for f, v in got[key].items() if f != field} == {f: v for f, v in whole[key].items() if f != field}


def test_a_struck_through_list_price_is_kept_beside_the_price_charged():
    struck = "{&quot;__pricingHtml&quot;:[0,&quot;&lt;del&gt;$5.00&lt;/del&gt; $2.50&quot;]}"
    text = page_text().replace(GPT_4O, f"[0,&quot;gpt-4o&quot;],[0,{struck}],[0,1.25],[0,10]]", 1)
    text = in_visible_terra_row(lambda r: r.replace(">$18.00<", "><s>$24.00</s> $18.00<"))(text)
    result = parse(text)
    got = {(o.key.model, o.key.tier): o.values for o in result.offerings}
    gpt_4o, terra = got[("gpt-4o", "standard")], got[("gpt-5.6-terra", "standard")]
    assert (gpt_4o["input"].amount, gpt_4o["other:input_list_price"].amount) == (Decimal("2.50"), Decimal("5.00"))
    listed = terra["other:output_above_272k_list_price"]
    assert (terra["other:output_above_272k"].amount, listed.amount, listed.unit) == (Decimal(18), Decimal(24),
                                                                                      USD_PER_MTOK)
    assert not result.unread and len(result.offerings) == 157


@pytest.mark.parametrize("label", ["gpt-4o*", "gpt-4o¹", "gpt-4o (1)", "{&quot;__pricingHtml&quot;:[0,&quot;gpt-4o"
                                                                       "&lt;sup&gt;2&lt;/sup&gt;&quot;]}"])
def test_a_footnote_mark_beside_a_model_id_is_not_part_of_it(label):
    whole = read_offerings(parse())
    cell = label if label.startswith("{") else f"&quot;{label}&quot;"
    result = parse(page_text().replace(GPT_4O, GPT_4O.replace("&quot;gpt-4o&quot;", cell), 1))
    assert read_offerings(result) == whole and not result.unread


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
