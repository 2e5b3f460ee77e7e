"""DigitalOcean Inference's pricing page: every price line of the real capture read; changes fail naming them."""

import html
import re
from decimal import Decimal

import pytest

import scrapers.digitalocean as digitalocean
from core.errors import ParseError
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


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace(">Arcee Models<", ">Arcee AI Models<"), "serverless price table 'Arcee Models' not found"),
    (lambda t: t.replace(">Serverless Inference</th>", ">Price</th>", 1), "has columns"),
    (lambda t: t.replace("$10.00 per 1M input", "TBD per 1M input", 1), "is not '$<amount> per <unit>'"),
    (lambda t: t.replace("per 1M input tokens", "per 1K input tokens", 1), "unknown price part or unit"),
    (lambda t: t.replace("<span>Prompt caching</span>", "<span>Caching</span>", 1), "unknown price part or unit"),
    (lambda t: t.replace("$0.0030 per megapixel", "$0.0030 per tile"), "unknown unit in '$0.0030 per tile'"),
    (lambda t: t.replace("$0.04 per 1,000,000 tokens", "$0.04 per 1,000 tokens"), "unknown unit"),
    (lambda t: t.replace('<h2 id="knowledge-bases">Knowledge Bases', '<h2 id="kb">Retrieval'),
     "no table under the heading 'Knowledge Bases'"),
    (lambda t: t.replace("$1.00 per 1M cache read input", "$1.00 per 1M cache write input", 1),
     "cache_write stated twice"),
    # the notes' context windows: a name must be exactly one model of the maker's table
    (lambda t: t.replace("Sonnet 5 and Sonnet 4.5 support", "Sonnet 5 and Sonnet 9 support"),
     "Anthropic Models: 'Claude Sonnet 5 and Sonnet 9 support an input context window of up to 1M tokens.': "
     "'Sonnet 9' names 0 models of the table, not one"),
    (lambda t: t.replace(">Claude Sonnet 4.6</a>", ">Sonnet 4.5</a>"),
     "'Sonnet 4.5' names 2 models of the table, not one (['claude-sonnet-4.5', 'sonnet-4.5'])"),
    (lambda t: t.replace("Terra, and Luna support an input context window of up to 1.05M tokens",
                         "Terra, and Luna support a context window of 1.05 million tokens"),
     "OpenAI Models: a context window in 'GPT-5.6 Sol, Terra, and Luna support a context window of 1.05 million "
     "tokens.' is not read"),
    (lambda t: t.replace("of up to 1.05M tokens", "of up to 1.05.0 tokens"),
     "'up to 1.05.0 tokens' is not a token count"),
    (lambda t: re.sub(r"<p>(Claude Sonnet 5 and [^<]+)</p>", r"<div>\1</div>", t),
     "Anthropic Models: a context window is stated outside the notes above the table"),
    (lambda t: t.replace("up to 1M tokens.</p>", "up to 1M tokens. Claude Sonnet 5 supports an input context window "
                         "of up to 200K tokens.</p>", 1), "the context window of claude-sonnet-5 stated twice"),
])
def test_a_changed_table_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    edited = edit(page.text())
    assert edited != page.text()
    with pytest.raises(ParseError, match="docs.digitalocean.com/products/inference/details/pricing") as error:
        parse_text(page, edited)
    assert message in str(error.value)
