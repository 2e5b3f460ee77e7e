"""Anthropic's pricing docs (Markdown): every price cell and tool price of the real capture read; changes fail naming
what changed."""

import re
from decimal import Decimal

import pytest

import scrapers.anthropic as anthropic
from core.errors import ParseError
from core.offering import LIMIT_FIELDS, PRICE_FIELDS, OfferingKey
from core.values import TOKENS, USD_PER_MTOK, Status
from tests.conftest import captured_page, parse_page

CAPTURE = "anthropic/2025-late"
STANDARD_HEADER = "| Base Input Tokens | 5m Cache Writes | 1h Cache Writes | Cache Hits & Refreshes | Output Tokens |"
STANDARD = ("input", "cache_write", "other:cache_write_1h", "cached_input", "output")  # in that header's order
BATCH = ("input", "output")  # "| Batch input | Batch output |"
# A model row as the page writes it: "| Claude Sonnet 3.7 ([deprecated](/en/...)) | \$3 / MTok | ... |"
_ROW = re.compile(r"^\| (Claude [\w .]+?)\s+(?:\(\[deprecated\]\([^)]*\)\)\s+)?\|(.*)\|\s*$", re.M)
_AMOUNT = re.compile(r"\\\$([\d.]+) / MTok")


def offerings_of(text: str | None = None) -> dict[tuple[str, str], dict]:
    return {(o.key.model, o.key.tier): o.values for o in parse_page(anthropic, captured_page(CAPTURE), text).offerings}


def test_every_row_of_the_capture_is_read():
    text = captured_page(CAPTURE).text()
    assert STANDARD_HEADER in re.sub(r" {2,}", " ", text)
    offerings, seen = offerings_of(), 0
    for name, cells in _ROW.findall(text):
        amounts = _AMOUNT.findall(cells)
        if not amounts:  # the tool tables: token counts, no prices
            continue
        tier, fields = {5: ("standard", STANDARD), 2: ("batch", BATCH)}[len(amounts)]
        got, seen = offerings[(name.lower().replace(" ", "-").replace(".", "-"), tier)], seen + 1
        for field, amount in zip(fields, amounts, strict=True):
            assert got[field].amount == Decimal(amount) and got[field].unit == USD_PER_MTOK, (name, tier, field)
        if tier == "batch":  # the page states no batch cache prices
            assert got["cached_input"].status is got["cache_write"].status is Status.UNKNOWN
            assert "other:cache_write_1h" not in got
        assert all(got[f].status is Status.UNKNOWN and got[f].unit == TOKENS
                   for f in ("context_window", "max_output_tokens"))
    assert seen == len([key for key in offerings if not key[0].startswith("tool/")]) == 18


def test_long_context_prices_are_on_the_standard_offerings_of_the_models_named():
    text = captured_page(CAPTURE).text()
    above = dict(re.findall(r"\| (Input|Output): \\\$[\d.]+ / MTok\s*\| \1: \\\$([\d.]+) / MTok", text))
    offerings = offerings_of()
    with_long = {key for key, values in offerings.items() if any(k.endswith("_above_200k") for k in values)}
    assert with_long == {("claude-sonnet-4", "standard"), ("claude-sonnet-4-5", "standard")}
    for key in with_long:
        assert offerings[key]["other:input_above_200k"].amount == Decimal(above["Input"])
        assert offerings[key]["other:output_above_200k"].amount == Decimal(above["Output"])


def test_well_known_prices():
    offerings = offerings_of()
    opus = offerings[("claude-opus-4-1", "standard")]
    assert [opus[f].amount for f in STANDARD] == [Decimal(15), Decimal("18.75"), Decimal(30), Decimal("1.50"),
                                                  Decimal(75)]
    haiku_batch = offerings[("claude-haiku-3", "batch")]
    assert (haiku_batch["input"].amount, haiku_batch["output"].amount) == (Decimal("0.125"), Decimal("0.625"))
    assert offerings[("claude-sonnet-4-5", "standard")]["other:output_above_200k"].amount == Decimal("22.50")
    assert offerings[("claude-sonnet-3-7", "standard")]["input"].provenance.label == \
        "Claude Sonnet 3.7 (deprecated) · Base Input Tokens"


# The tool sections' prices as the page writes them ("**\$10 per 1,000 searches**", "\$0.05 per hour, per container"),
# and the id, other: field and unit each is kept under.
TOOL_PRICES = {"Web search tool": ("1,000 searches", "tool/web-search", "other:search", "USD per 1,000 searches"),
               "Code execution tool": ("hour, per container", "tool/code-execution", "other:container_hour",
                                       "USD per container-hour")}


def test_every_tool_price_is_a_price_class_offering():
    """Every dollar amount in the tool sections, found by regex over the raw text, is one tool offering's price."""
    text = captured_page(CAPTURE).text()
    tools = {title: body for title, body in re.findall(r"^#### ([^\n]+)\n(.*?)(?=^#{2,4} )", text, re.M | re.S)}
    priced = {title: re.findall(r"\\\$([\d.]+) per ([\w ,]+?)(?:\*\*|\.)", body) for title, body in tools.items()}
    assert {title for title, found in priced.items() if found} == set(TOOL_PRICES)
    offerings = {o.key: o for o in parse_page(anthropic, captured_page(CAPTURE)).offerings}
    assert len(offerings) == 20
    for title, (written_unit, tool_id, field, unit) in TOOL_PRICES.items():
        ((amount, per),) = priced[title]
        got = offerings[OfferingKey(tool_id)]
        assert (per, got.model.kind, got.model.name) == (written_unit, "price_class", title.removesuffix(" tool"))
        value = got.values[field]
        assert (value.status, value.amount, value.unit) == (Status.PRICED, Decimal(amount), unit), title
        assert f"${amount} per {per}" in value.provenance.raw
        assert set(got.values) == {*PRICE_FIELDS, *LIMIT_FIELDS, field}
        assert all(got.values[f].status is Status.UNKNOWN for f in (*PRICE_FIELDS, *LIMIT_FIELDS))
    allowance = re.search(r"receives (\d+) free hours", tools["Code execution tool"])[1]
    raw = offerings[OfferingKey("tool/code-execution")].values["other:container_hour"].provenance.raw
    assert f"{allowance} free hours" in raw  # the free allowance is kept in the text, not as a price


def test_what_is_not_read_is_said_in_one_warning():
    result = parse_page(anthropic, captured_page(CAPTURE))
    assert len(result.warnings) == 1 and "token overheads" in result.warnings[0] and "third-party" in result.warnings[0]
    assert "web search" not in result.warnings[0] and "code execution" not in result.warnings[0]


def test_a_dash_is_not_offered_and_free_is_free():
    text = captured_page(CAPTURE).text()
    edited = text.replace(r"\$0.125 / MTok", "—").replace(r"\$0.625 / MTok", "Free")
    haiku = offerings_of(edited)[("claude-haiku-3", "batch")]
    assert haiku["input"].status is Status.NOT_OFFERED
    assert haiku["output"].status is Status.FREE and haiku["output"].provenance.raw == "Free"


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("Output Tokens", "Completion Tokens"), "unknown column 'Completion Tokens'"),
    (lambda t: t.replace("### Batch processing", "### Bulk processing"), "section 'Batch processing' not found"),
    (lambda t: t.replace(r"\$75 / MTok", "Contact sales", 1), "'Contact sales' is not '$<amount> / MTok'"),
    (lambda t: t.replace(r"\$0.625 / MTok", r"\$0.625 / KTok"), r"'\\$0.625 / KTok' is not '$<amount> / MTok'"),
    (lambda t: t.replace("Claude Opus 3 ([dep", "Claude Opus 3 (legacy) ([dep"), "model cell 'Claude Opus 3 (legacy)"),
    (lambda t: t.replace("> 200K input tokens    |", "> 256K input tokens    |"), "are not '≤ <n>K input tokens"),
    (lambda t: t.replace("Sonnet 4 or Sonnet 4.5 with", "Sonnet 4 or Sonnet 5 with"),
     "'Sonnet 5' is not in the model pricing table"),
    (lambda t: t.replace(r"Input: \$3 / MTok", r"Input: \$4 / MTok"), "is not Claude Sonnet 4's base input"),
    (lambda t: t.replace("#### Web search tool", "#### Search tool"), "section 'Web search tool' not found or has no"),
    (lambda t: t.replace("per 1,000 searches", "per 100 searches"), "stating its price in 'USD per 1,000 searches'"),
    (lambda t: t.replace("per hour, per container", "per minute, per container"),
     "section 'Code execution tool' not found or has no sentence stating its price in 'USD per container-hour'"),
    (lambda t: t.replace("50 free hours", "50 free minutes"), "stating its price in 'USD per container-hour'"),
    (lambda t: t.replace("**245 input tokens**", r"**245 input tokens** and \$0.01 per call"),
     "section 'Bash tool' states a price that is not read"),
])
def test_a_changed_table_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="docs.claude.com/en/docs/about-claude/pricing.md") as error:
        parse_page(anthropic, page, edit(page.text()))
    assert message in str(error.value)
