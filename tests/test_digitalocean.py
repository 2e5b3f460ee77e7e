"""DigitalOcean Inference's pricing page: every price line of the real capture read; a part that cannot be read is
named and the rest read; without the serverless tables the run fails."""

import html
import re
from decimal import Decimal

import pytest

import scrapers.digitalocean as digitalocean
from core.errors import ParseError
from core.offering import OfferingKey
from core.values import Status
from scrapers._base import Page
from tests.conftest import captured_page, parse_page

CAPTURE = "digitalocean/2026-08-24"


def parse_text(page: Page, text: str | None = None):
    return {(o.key.model, o.key.tier): o for o in parse_page(digitalocean, page, text).offerings}


def section(text: str, start: str, end: str) -> str:
    return text[text.index(f'id="{start}"'):text.index(f'id="{end}"')]


def expected_field(label: str, unit: str, index: int) -> str:
    """Which field a grid line is, from its words (a different method from the parser's tables)."""
    label = html.unescape(label)
    if label.startswith("Image "):
        base = "image_" + {"input": "input", "output": "output", "cache read": "cached_input"}[label[6:]]
    elif "cache read" in unit or label == "Text cache read":
        base = "cached_input"
    elif label.startswith("Prompt caching") and unit == "1M tokens":  # the hosted models' one caching price
        base = "cached_input"
    elif "cache creation 1h" in unit:
        base = "cache_write_1h"
    elif "cache" in unit:
        base = "cache_write"
    elif "output" in unit or label == "Text output" or (unit == "1M tokens" and index == 1):
        base = "output"
    else:
        base = "input"
    above = re.search(r">(\d+)K", label)
    if above:
        return f"other:{base}_above_{above.group(1)}k"
    return f"other:{base}" if base.startswith("image") or base == "cache_write_1h" else base


def key_of(label: str) -> tuple[str, str]:
    tier = "fast" if label.endswith("(Fast Mode)") else "standard"
    return "-".join(re.findall(r"[a-z0-9.]+", label.removesuffix("(Fast Mode)").lower())), tier


ROW = re.compile(r"<tr>\s*<td.*?</tr>", re.S)
STATED = re.compile(r"([A-Z][\w.\- ,]*?) supports? an input context window of (up to [\d.,]+[KM]? tokens)")


def row_label(cells: list[str]) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"</a>.*", "", cells[-2])).strip())


def row_cells(row: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)


def stated_context_windows(text: str) -> dict[str, str]:
    """{row label: "up to ... tokens"} from the notes above each maker's table, by regexes over the raw HTML. A name
    is the one label of the maker's table equal to it or ending with it ("Terra": "GPT-5.6 Terra"), where the parser
    completes a short name from the sentence's first name."""
    windows = {}
    for accordion in section(text, "serverless-inference-pricing", "dedicated-inference").split("<details")[1:]:
        labels = {row_label(row_cells(row)).removesuffix(" (Fast Mode)") for row in ROW.findall(accordion)}
        notes = " ".join(re.findall(r"<p>(.*?)</p>", re.sub(r"<article.*?</article>", "", accordion, flags=re.S)))
        for names, phrase in STATED.findall(notes):
            for name in re.split(r",? and |, ", names):
                (label,) = {lab for lab in labels if lab == name or lab.endswith(" " + name)}
                windows[label] = phrase
    return windows


def test_every_row_of_the_capture_is_read():
    page = captured_page(CAPTURE)
    offerings, text = parse_text(page), page.text()
    rows = ROW.findall(section(text, "serverless-inference-pricing", "dedicated-inference"))
    windows = stated_context_windows(text)
    grids = 0
    for row in rows:
        cells = row_cells(row)
        label = row_label(cells)
        got = offerings[key_of(label)].values
        priced = {name: v for name, v in got.items() if v.has_amount}
        if "gen-ai-pricing-grid" in cells[-1]:
            grids += 1
            lines = [(part, index, line)
                     for part, body in re.findall(r"<span>([^<]+)</span><span>(.*?)</span>", cells[-1])
                     for index, line in enumerate(body.split("<br>")[:-1])]  # each line ends with <br>
            for part, index, line in lines:
                amount, unit = re.fullmatch(r"\$([\d.]+) per (.+)", line).groups()
                assert priced[expected_field(part, unit, index)].amount == Decimal(amount), (label, line)
            assert len(priced) == len(lines), label
        else:  # one price in a non-token unit, kept in that unit
            amount, unit = re.search(r"\$([\d.]+) per (.+)", re.sub(r"<!--.*?-->", "", cells[-1])).groups()
            assert [(v.amount, v.unit) for v in priced.values()] == [(Decimal(amount), f"USD per {unit.strip()}")]
        # every count the notes state is rounded ("1.05M"): unknown, kept as written
        context = got["context_window"]
        assert (context.status, context.unit) == (Status.UNKNOWN, "tokens"), label
        assert context.provenance.raw == windows.get(label.removesuffix(" (Fast Mode)")), label
    knowledge = re.findall(r"<td[^>]*><code>([^<]+)</code></td>\s*<td>\$([\d.]+) per ([^<]+)</td>",
                           section(text, "knowledge-bases", "agent-platform"))
    for name, amount, _unit in knowledge:
        assert offerings[key_of(name)].values["input"].amount == Decimal(amount)
        assert offerings[key_of(name)].values["output"].status is Status.UNKNOWN
    assert (len(rows), grids, len(knowledge), len(windows)) == (66, 59, 7, 7)
    assert len(offerings) == 73


def test_well_known_prices():
    offerings = parse_text(captured_page(CAPTURE))
    opus_fast = offerings["claude-opus-5", "fast"].values
    assert (opus_fast["input"].amount, opus_fast["cache_write"].amount) == (Decimal("10.00"), Decimal("12.50"))
    assert opus_fast["other:cache_write_1h"].amount == Decimal("20.00")
    assert offerings["claude-opus-5", "standard"].values["output"].amount == Decimal("25.00")
    assert offerings["claude-sonnet-4.5", "standard"].values["other:output_above_200k"].amount == Decimal("22.50")
    sol = offerings["gpt-5.6-sol", "standard"].values
    assert sol["cache_write"].amount == Decimal("6.25")
    assert sol["other:cache_write_above_272k"].amount == Decimal("12.50")
    assert sol["other:cached_input_above_272k"].amount == Decimal("1.00")
    kimi = offerings["kimi-k3", "standard"].values
    assert (kimi["input"].amount, kimi["cached_input"].amount, kimi["output"].amount) == (
        Decimal("2.85"), Decimal("0.285"), Decimal("14.25"))
    assert offerings["bge-reranker-v2-m3", "standard"].values["input"].amount == Decimal("0.01")
    assert offerings["qwen3-embedding-0.6b", "standard"].values["input"].amount == Decimal("0.04")


def test_states_and_other_units():
    offerings = parse_text(captured_page(CAPTURE))
    image = offerings["gpt-image-2", "standard"].values
    assert image["output"].status is Status.FREE and image["output"].provenance.raw == "$0.00 per 1M tokens"
    assert image["other:image_output"].amount == Decimal("30.00")
    assert offerings["gpt-5.4-pro", "standard"].values["cached_input"].status is Status.UNKNOWN
    assert offerings["trinity-large", "standard"].values["cache_write"].status is Status.UNKNOWN
    sdxl = offerings["fast-sdxl", "standard"].values
    assert (sdxl["other:compute_second"].amount, sdxl["other:compute_second"].unit) == (
        Decimal("0.0011"), "USD per compute second")
    assert sdxl["input"].status is Status.UNKNOWN  # never forced into a token field
    tts = offerings["multilingual-tts-v2", "standard"].values["other:1000_characters"]
    assert (tts.amount, tts.unit) == (Decimal("0.10"), "USD per 1000 characters")
    assert offerings["wan2.2-t2v-a14b", "standard"].values["other:video"].amount == Decimal("0.60")


def test_one_warning_names_what_is_not_read():
    result = parse_page(digitalocean, captured_page(CAPTURE))
    assert len(result.warnings) == 1
    assert "GPU-hour" in result.warnings[0] and "Guardrails" in result.warnings[0]
    assert "context window" not in result.warnings[0]  # read now
    # the OpenAI note's other sentence, on pricing, is quoted rather than dropped
    assert re.search(r"'GPT-5\.6 Sol, [^']+ use long-context pricing for prompts over 272K tokens\.' \(OpenAI Models\)",
                     result.warnings[0])


def test_a_rounded_context_window_is_kept_as_written_and_unknown():
    offerings = parse_text(captured_page(CAPTURE))
    terra = offerings["gpt-5.6-terra", "standard"].values["context_window"]  # "Terra" after "GPT-5.6 Sol"
    assert (terra.status, terra.unit, terra.provenance.raw) == (Status.UNKNOWN, "tokens", "up to 1.05M tokens")
    assert terra.provenance.label == "OpenAI Models · note above the table"
    sonnet = offerings["claude-sonnet-4.5", "standard"].values["context_window"]  # "Sonnet 4.5"
    assert (sonnet.status, sonnet.provenance.raw) == (Status.UNKNOWN, "up to 1M tokens")
    # named only in the long-context pricing sentence, or not at all: nothing stated
    for model in ("gpt-5.4-pro", "gpt-5.4-mini", "claude-sonnet-4.6", "claude-opus-5"):
        assert offerings[model, "standard"].values["context_window"].provenance.raw is None, model


def test_an_exact_context_window_is_a_known_limit():
    page = captured_page(CAPTURE)
    edited = page.text().replace("Sonnet 4.5 support an input context window of up to 1M tokens",
                                 "Sonnet 4.5 support an input context window of up to 1,048,576 tokens")
    assert edited != page.text()
    for model in ("claude-sonnet-5", "claude-sonnet-4.5"):
        context = parse_text(page, edited)[model, "standard"].values["context_window"]
        assert (context.status, context.amount, context.unit) == (Status.KNOWN, 1_048_576, "tokens")
        assert context.provenance.raw == "up to 1,048,576 tokens"


def test_every_tier_of_a_model_named_gets_its_context_window():
    page = captured_page(CAPTURE)
    edited = page.text().replace("<p>Claude Sonnet 5 and Sonnet 4.5 support", "<p>Claude Opus 5 and Sonnet 4.5 support")
    assert edited != page.text()
    offerings = parse_text(page, edited)
    for tier in ("standard", "fast"):
        assert offerings["claude-opus-5", tier].values["context_window"].provenance.raw == "up to 1M tokens"
    assert offerings["claude-sonnet-5", "standard"].values["context_window"].provenance.raw is None


def parse_result(text: str | None = None):
    return parse_page(digitalocean, captured_page(CAPTURE), text)


def read_offerings(result) -> dict:
    return {o.key: o for o in result.offerings if o.unread is None}


def keys_of(offerings: dict, group: str) -> set:
    """The offerings a table of the page gives (their provenance names it)."""
    return {key for key, o in offerings.items() if o.values["input"].provenance.label.startswith(group)}


def fable(tier="standard"):
    return OfferingKey("claude-fable-5", tier)


ARCEE = '<details class="expand" name="accordion-2">\n    <summary role="button" class="outline contrast">Arcee Models'
FABLE_INPUT = "$10.00 per 1M input tokens"  # its first line: Claude Fable 5's, the page's first row
NEW_PART = "<span>Prompt caching</span><span>$12.50 per 1M cache creation 5m"  # its first: Claude Fable 5's grid
# (edit, what the unread part says, the models it names (None: not named; a table's name: the models of that
# table), the tables whose offerings are all gone, the offerings gone, the tables whose context windows are unobserved)
UNREAD_EDITS = [
    # (a) unknown row kinds: a heading row across the table (no model named), a price part the parser does not know
    (lambda t: t.replace("<tbody><tr>", '<tbody><tr><td colspan="2">Legacy models</td></tr><tr>', 1),
     "row 'Legacy models': table 'Anthropic Models': a row of 1 cells, not 2", None, (), set(), ()),
    (lambda t: t.replace(NEW_PART, "<span>Audio input</span><span>$3.00 per 1M tokens<br></span>" + NEW_PART, 1),
     "row 'Claude Fable 5': Anthropic Models · Claude Fable 5 · Audio input: unknown price part or unit",
     {"claude-fable-5"}, (), {fable()}, ()),
    # (b) a new table in an accordion the parser does not know, and a maker's table of unknown columns
    (lambda t: t.replace("</table>\n</div>\n</details>", "</table><table><tr><th>Batch</th></tr><tr><td>$1</td></tr>"
                         "</table>\n</div>\n</details>", 1), "table 'Anthropic Models' · table 2: not read", None, (),
     set(), ()),
    (lambda t: t.replace(">Serverless Inference</th>", ">Price</th>", 1), "table 'Anthropic Models' has columns", None,
     ("Anthropic Models",), set(), ()),
    # (c) unfamiliar cell shapes: the row is named, its model left unobserved
    (lambda t: t.replace(FABLE_INPUT, "TBD per 1M input tokens", 1), "'TBD per 1M input tokens' is not '$<amount> per",
     {"claude-fable-5"}, (), {fable()}, ()),
    (lambda t: t.replace(FABLE_INPUT, "$10.00 per 1K input tokens", 1), "unknown price part or unit ['1K input",
     {"claude-fable-5"}, (), {fable()}, ()),  # per 1K: refused, never read as per 1M
    (lambda t: t.replace("<span>Prompt caching</span>", "<span>Caching</span>", 1), "unknown price part or unit",
     {"claude-fable-5"}, (), {fable()}, ()),
    (lambda t: t.replace("$0.0030 per megapixel", "$0.0030 per tile"), "unknown unit in '$0.0030 per tile'",
     {"flux-schnell"}, (), {OfferingKey("flux-schnell")}, ()),
    (lambda t: t.replace("$0.04 per 1,000,000 tokens", "$0.04 per 1,000 tokens"), "unknown unit",
     {"qwen3-embedding-0.6b"}, (), {OfferingKey("qwen3-embedding-0.6b")}, ()),
    (lambda t: t.replace("$1.00 per 1M cache read input", "$1.00 per 1M cache write input", 1),
     "cache_write stated twice", {"claude-fable-5"}, (), {fable()}, ()),
    (lambda t: t.replace(">Claude Haiku 4.5</a>", ">Claude Fable 5</a>", 1), "claude-fable-5 [standard] is priced "
     "by two rows", {"claude-fable-5"}, (), {fable(), OfferingKey("claude-haiku-4.5")}, ()),  # neither is read
    (lambda t: t.replace("$0.0011 per compute second", "Free"), "'Free' is not '$<amount> per <unit>'",
     {"fast-sdxl"}, (), {OfferingKey("fast-sdxl")}, ()),  # free of what: the cell names no unit
    # (d) secondary tables removed: a maker's accordion, the Knowledge Bases heading
    (lambda t: re.sub(r"<details[^>]*>\s*<summary[^>]*>Arcee Models</summary>.*?</details>", "", t, flags=re.S),
     "table 'Arcee Models': not found under 'Serverless Inference'", None, ("Arcee Models",), set(), ()),
    (lambda t: t.replace('<h2 id="knowledge-bases">Knowledge Bases', '<h2 id="kb">Retrieval'),
     "table 'Knowledge Bases': no table under the heading 'Knowledge Bases'", None, ("Knowledge Bases",), set(), ()),
    (lambda t: t.replace(">Arcee Models<", ">Arcee AI Models<"), "table 'Arcee Models': not found", None, (), set(),
     ()),  # renamed: read under its new name, the name the parser knew is said to be missing
    # the notes' context windows: the table's prices are read, its context windows keep their stored values
    (lambda t: t.replace("Sonnet 5 and Sonnet 4.5 support", "Sonnet 5 and Sonnet 9 support"),
     "table 'Anthropic Models' · notes above the table: Anthropic Models: 'Claude Sonnet 5 and Sonnet 9 support an "
     "input context window of up to 1M tokens.': 'Sonnet 9' names 0 models of the table, not one",
     "Anthropic Models", (), set(), ("Anthropic Models",)),
    (lambda t: t.replace("Terra, and Luna support an input context window of up to 1.05M tokens",
                         "Terra, and Luna support a context window of 1.05 million tokens"),
     "OpenAI Models: a context window in 'GPT-5.6 Sol, Terra, and Luna support a context window of 1.05 million "
     "tokens.' is not read", "OpenAI Models", (), set(), ("OpenAI Models",)),
    (lambda t: t.replace("of up to 1.05M tokens", "of up to 1.05.0 tokens"),
     "'up to 1.05.0 tokens' is not a token count", "OpenAI Models", (), set(), ("OpenAI Models",)),
    (lambda t: re.sub(r"<p>(Claude Sonnet 5 and [^<]+)</p>", r"<div>\1</div>", t),
     "Anthropic Models: a context window is stated outside the notes above the table", "Anthropic Models", (), set(),
     ("Anthropic Models",)),
    (lambda t: t.replace("up to 1M tokens.</p>", "up to 1M tokens. Claude Sonnet 5 supports an input context window "
                         "of up to 200K tokens.</p>", 1), "the context window of claude-sonnet-5 stated twice",
     "Anthropic Models", (), set(), ("Anthropic Models",)),
]


@pytest.mark.parametrize("edit, message, models, tables, gone, windows", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models, tables, gone, windows):
    whole = read_offerings(parse_result())
    edited = edit(captured_page(CAPTURE).text())
    assert edited != captured_page(CAPTURE).text()
    result = parse_result(edited)
    (part,) = result.unread
    assert message in str(part) and part.url == digitalocean.PRICING_URL
    assert str(part).startswith(f"{digitalocean.PRICING_URL} · table ")
    named = {k.model for k in keys_of(whole, models)} if isinstance(models, str) else models
    assert part.models == (None if named is None else frozenset(named))
    read = read_offerings(result)
    lost = gone | {key for table in tables for key in keys_of(whole, table)}
    assert set(read) == set(whole) - lost  # never half-read: a row not read is not read at all
    unobserved = {key for table in windows for key in keys_of(whole, table)}
    for key, offering in read.items():
        if key in unobserved:  # the notes not read: the stored context window stands
            assert offering.unobserved == {"context_window"} and "context_window" not in offering.values
            assert offering.values == {f: v for f, v in whole[key].values.items() if f != "context_window"}
        else:
            assert offering.values == whole[key].values and not offering.unobserved, key
    placeholders = {o.key for o in result.offerings if o.unread}
    assert placeholders == ({k for k in gone if k.model in named} if named and not windows else set())


def test_a_new_model_in_a_row_that_cannot_be_read_stands_as_a_placeholder_of_unknown_values():
    text = captured_page(CAPTURE).text().replace("<tbody><tr>", '<tbody><tr><td><a href="/x">Claude Muse 1</a></td>'
                                                 "<td>$1.00 per 1M moods</td></tr><tr>", 1)
    result = parse_result(text)
    (placeholder,) = [o for o in result.offerings if o.unread]
    assert placeholder.key == OfferingKey("claude-muse-1") and placeholder.values == {}
    assert "unknown unit in '$1.00 per 1M moods'" in placeholder.unread and placeholder.model.name == "Claude Muse 1"


def test_a_new_table_elsewhere_is_not_read_and_a_new_makers_table_is():
    """(b) Tables are picked by heading: one under another heading is not read. The serverless accordions are
    walked: a new maker's table of the known columns is read like the others."""
    page = captured_page(CAPTURE)
    elsewhere = page.text().replace("<p>Batch inference is charged", "<table><tr><th>Model</th><th>Price</th></tr>"
                                    "<tr><td>Claude Opus 5</td><td>$1.00 per 1M input tokens</td></tr></table><p>Ba", 1)
    result = parse_result(elsewhere)
    assert not result.unread and {k: o.values for k, o in read_offerings(result).items()} == {
        k: o.values for k, o in read_offerings(parse_result()).items()}
    maker = page.text().replace(ARCEE, ARCEE.replace("Arcee", "Mistral") + '</summary><table><tr><th>Model</th><th>'
                                'Serverless Inference</th></tr><tr><td>Mistral Medium 4</td><td>$0.40 per 1M character '
                                "tokens</td></tr></table></details>\n" + ARCEE, 1)
    result = parse_result(maker)
    medium = read_offerings(result)[OfferingKey("mistral-medium-4")].values["other:1m_character_tokens"]
    assert not result.unread and medium.amount == Decimal("0.40") and len(read_offerings(result)) == 74


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace('<h2 id="serverless-inference-pricing">Serverless Inference', "<h2>Serverless"),
     "no details under the heading 'Serverless Inference'"),
    (lambda t: t.replace(">Serverless Inference</th>", ">Price</th>"), "no serverless price row could be read"),
])
def test_without_the_serverless_tables_the_run_fails(edit, message):
    with pytest.raises(ParseError, match="docs.digitalocean.com/products/inference/details/pricing") as error:
        parse_result(edit(captured_page(CAPTURE).text()))
    assert message in str(error.value)


@pytest.mark.parametrize("edit, key, field", [
    (lambda t: t.replace(FABLE_INPUT, "Free per 1M input tokens", 1), fable(), "input"),
    (lambda t: t.replace(FABLE_INPUT, "free per 1M input tokens", 1), fable(), "input"),
    (lambda t: t.replace("$0.0011 per compute second", "Free per compute second"), OfferingKey("fast-sdxl"),
     "other:compute_second"),
    (lambda t: t.replace("<td>$0.009 per 1M input tokens</td>", "<td>Free</td>", 1), OfferingKey("all-mini-lm-l6-v2"),
     "input"),
])
def test_free_as_a_price_is_free_and_says_so(edit, key, field):
    whole = read_offerings(parse_result())
    result = parse_result(edit(captured_page(CAPTURE).text()))
    value = read_offerings(result)[key].values[field]
    assert value.status is Status.FREE and value.amount == 0 and "free" in value.provenance.raw.lower()
    assert value.unit == whole[key].values[field].unit and not result.unread  # stated free: the guard lets it in


@pytest.mark.parametrize("edit, key, field, charged, listed", [
    (lambda t: t.replace(FABLE_INPUT, "<del>$20.00</del> $10.00 per 1M input tokens", 1), fable(), "input", "10.00",
     "20.00"),
    (lambda t: t.replace(FABLE_INPUT, "<s>$20.00 per 1M input tokens</s> $10.00 per 1M input tokens", 1), fable(),
     "input", "10.00", "20.00"),
    (lambda t: t.replace("$0.10 per 1000 characters", "<strike>$0.20</strike> $0.10 per 1000 characters"),
     OfferingKey("multilingual-tts-v2"), "other:1000_characters", "0.10", "0.20"),
    (lambda t: t.replace("<td>$0.04 per 1,000,000 tokens</td>", "<td><del>$0.08</del> $0.04 per 1,000,000 tokens</td>"),
     OfferingKey("qwen3-embedding-0.6b"), "input", "0.04", "0.08"),
])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(edit, key, field, charged, listed):
    whole = read_offerings(parse_result())
    result = parse_result(edit(captured_page(CAPTURE).text()))
    values = read_offerings(result)[key].values
    assert values[field].amount == Decimal(charged) and values[field].unit == whole[key].values[field].unit
    list_price = values[f"other:{field.removeprefix('other:')}_list_price"]
    assert (list_price.amount, list_price.unit) == (Decimal(listed), values[field].unit)
    assert not result.unread and {f: v for f, v in values.items() if "list_price" not in f} == whole[key].values


def test_a_list_price_in_another_unit_is_not_read():
    struck = "<del>$20.00 per 1M output tokens</del> " + FABLE_INPUT
    text = captured_page(CAPTURE).text().replace(FABLE_INPUT, struck, 1)
    (part,) = parse_result(text).unread
    assert "list price '$20.00 per 1M output tokens' is not in the unit of" in part.reason
    assert part.models == {"claude-fable-5"}


def test_a_footnote_mark_beside_a_model_is_not_part_of_its_id():
    text = captured_page(CAPTURE).text()
    for name, marked in (("Claude Fable 5", "Claude Fable 5<sup>1</sup>"), ("Claude Haiku 4.5", "Claude Haiku 4.5 (1)"),
                         ("GPT-5.6 Sol", "GPT-5.6 Sol*"), ("Trinity Large", "Trinity Large¹")):
        assert f">{name}</a>" in text
        text = text.replace(f">{name}</a>", f">{marked}</a>", 1)
    text = text.replace("<code>BGE-M3</code>", "<code>BGE-M3</code>²")
    result = parse_result(text)
    whole = read_offerings(parse_result())
    assert not result.unread and {k: o.values for k, o in read_offerings(result).items()} == {
        k: o.values for k, o in whole.items()}
    assert read_offerings(result)[fable()].model.name == "Claude Fable 5"


def test_the_capture_is_read_whole():
    assert not parse_result().unread
