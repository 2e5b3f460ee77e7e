"""Anthropic's pricing docs (Markdown): every price cell and tool price of the real capture read; a changed main
table fails naming what changed, any other part that cannot be read is named and the rest read; "Free", list
prices, footnote marks."""

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
    assert not parse_page(anthropic, captured_page(CAPTURE)).unread  # the real capture reads completely


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
    (lambda t: t.replace("## Model pricing", "## Prices"), "section 'Model pricing' not found"),
    (lambda t: t.replace("/ MTok       |", "/ KTok       |").replace("/ MTok        |", "/ KTok        |")
     .replace("/ MTok     |", "/ KTok     |").replace("/ MTok   |", "/ KTok   |").replace("/ MTok |", "/ KTok |"),
     "no row of the table 'Model pricing' could be read"),
])
def test_a_changed_main_table_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    with pytest.raises(ParseError, match="docs.claude.com/en/docs/about-claude/pricing.md") as error:
        parse_page(anthropic, page, edit(page.text()))
    assert message in str(error.value)


def parse(text: str | None = None):
    return parse_page(anthropic, captured_page(CAPTURE), text)


def read_values(result) -> dict:
    return {o.key: o.values for o in result.offerings if o.unread is None}


SONNETS = {"claude-sonnet-4", "claude-sonnet-4-5"}
LONG_ROW = "| Output: \\$15 / MTok | Output: \\$22.50 / MTok |"
# (edit, what the unread part says, the models it leaves unobserved: None when the part names none)
UNREAD_EDITS = [
    (lambda t: t.replace("### Batch processing", "### Bulk processing"), "section 'Batch processing' not found",
     None),  # a secondary table removed
    (lambda t: t.replace("| Batch output   |", "| Batch cached   |"), "unknown column 'Batch cached'", None),
    (lambda t: t.replace(r"\$75 / MTok", "Contact sales", 1), "'Contact sales' is not '$<amount> / MTok'",
     {"claude-opus-4-1"}),
    (lambda t: t.replace(r"\$0.625 / MTok", r"\$0.625 / KTok"), r"'\\$0.625 / KTok' is not '$<amount> / MTok'",
     {"claude-haiku-3"}),  # a per-1K price: named, never read as per 1M
    (lambda t: t.replace("Claude Opus 3 ([dep", "Claude Opus 3 (legacy) ([dep", 1),
     "model cell 'Claude Opus 3 (legacy)", None),  # an unknown kind of row, naming no model the parser can tell
    (lambda t: t.replace("> 200K input tokens    |", "> 256K input tokens    |"), "are not '≤ <n>K input tokens",
     SONNETS),
    (lambda t: t.replace("Sonnet 4 or Sonnet 4.5 with", "Sonnet 4, Sonnet 4.5 or Sonnet 5 with"),
     "'Sonnet 5' is not in the model pricing table", SONNETS),
    (lambda t: t.replace(r"Input: \$3 / MTok", r"Input: \$4 / MTok"), "is not Claude Sonnet 4's base input", SONNETS),
    (lambda t: t.replace(LONG_ROW, LONG_ROW + "\n| Cache: \\$0.30 / MTok | Cache: \\$0.60 / MTok |"),
     "is not 'Input: <price>' or 'Output: <price>'", SONNETS),  # an unknown kind of row
    (lambda t: t.replace(r"Output: \$22.50 / MTok", "Output: 22.50 USD"), "'22.50 USD' is not '$<amount> / MTok'",
     SONNETS),
    (lambda t: t.replace("When using Claude", "With Claude"), "no 'When using <models> with the ...' sentence",
     None),  # the models it applies to cannot be named: every standard offering is dropped, none guessed
    (lambda t: t.replace("### Long context pricing", "### Long context"), "section 'Long context pricing' not found",
     None),
    (lambda t: t.replace("#### Web search tool", "#### Web search"), "section 'Web search tool' not found or has no",
     {"tool/web-search"}),
    (lambda t: t.replace("per 1,000 searches", "per 100 searches"), "stating its price in 'USD per 1,000 searches'",
     {"tool/web-search"}),
    (lambda t: t.replace("per hour, per container", "per minute, per container"),
     "section 'Code execution tool' not found or has no sentence stating its price in 'USD per container-hour'",
     {"tool/code-execution"}),
    (lambda t: t.replace("50 free hours", "50 free minutes"), "stating its price in 'USD per container-hour'",
     {"tool/code-execution"}),
    (lambda t: t.replace("**245 input tokens**", r"**245 input tokens** and \$0.01 per call"),
     "states a price that is not read", {"tool/bash"}),  # a tool section starts stating a price: its tool is new
    (lambda t: t.replace(r"| \$1.50 / MTok          | \$75 / MTok   |", r"| \$1.50 / MTok          | \$75 / MTok   | 2x |",
                         1), "has 7 cells, the header 6", {"claude-opus-4-1"}),  # a row of another cell count
]


@pytest.mark.parametrize("edit, message, models", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models):
    whole = read_values(parse())
    result = parse(edit(captured_page(CAPTURE).text()))
    (part,) = result.unread
    assert message in part.reason and part.url == anthropic.PRICING_URL
    assert part.where.startswith(f"{anthropic.PRICING_URL} · table ")
    assert part.models == (None if models is None else frozenset(models))
    read = read_values(result)
    assert read and all(whole[key] == values for key, values in read.items())  # nothing half-read or changed
    assert models is None or {k.model for k in whole.keys() - read.keys()} <= models
    assert {o.key.model for o in result.offerings if o.unread} <= (models or set())
    if models is None:  # a whole part naming no model: what it did not hold is read as before
        assert {key.tier for key in whole.keys() - read.keys()} <= {"standard", "batch"}


def test_a_long_context_part_that_cannot_be_read_drops_the_offerings_it_adds_to():
    result = parse(UNREAD_EDITS[7][0](captured_page(CAPTURE).text()))
    dropped = read_values(parse()).keys() - read_values(result).keys()
    assert dropped == {OfferingKey(m, "standard") for m in SONNETS}
    assert not [o for o in result.offerings if o.unread]  # stored, so left unobserved: no placeholder


def test_a_long_context_sentence_that_cannot_be_read_drops_every_standard_offering_and_nothing_else():
    result = parse(UNREAD_EDITS[10][0](captured_page(CAPTURE).text()))
    whole = read_values(parse())
    assert {key.tier for key in whole.keys() - read_values(result).keys()} == {"standard"}
    kept = {key for key in whole if key.tier != "standard" or key.model.startswith("tool/")}
    assert kept == read_values(result).keys()


def test_a_new_table_elsewhere_is_not_read_and_the_rest_is_read_the_same():
    flex = "### Flex processing\n\n| Model | Flex input |\n| --- | --- |\n| Claude Opus 4.1 | \\$1 / MTok |\n\n"
    result = parse(captured_page(CAPTURE).text().replace("### Long context pricing", flex + "### Long context pricing"))
    assert not result.unread and read_values(result) == read_values(parse())


@pytest.mark.parametrize("written", ["Free", "free", "**Free**"])
def test_free_in_any_case_is_free_and_said_so_in_provenance(written):
    haiku = offerings_of(captured_page(CAPTURE).text().replace(r"\$0.625 / MTok", written))[("claude-haiku-3", "batch")]
    assert (haiku["output"].status, haiku["output"].amount, haiku["output"].provenance.raw) == (Status.FREE, 0, written)


@pytest.mark.parametrize("struck, listed", [(r"~~\$2 / MTok~~ ", "2"), (r"~~\$2~~ ", "2")])
def test_a_struck_through_list_price_is_kept_beside_the_price_charged(struck, listed):
    text = captured_page(CAPTURE).text().replace(r"\$1.25 / MTok |", struck + r"\$1.25 / MTok |", 1)
    result = parse(text)
    haiku = {(o.key.model, o.key.tier): o.values for o in result.offerings}[("claude-haiku-3", "standard")]
    value = haiku.pop("other:output_list_price")
    assert (value.status, value.amount, value.unit) == (Status.PRICED, Decimal(listed), USD_PER_MTOK)
    assert haiku == offerings_of()[("claude-haiku-3", "standard")] and not result.unread


@pytest.mark.parametrize("mark", ["*", r"\*", " (1)", "¹", "<sup>2</sup>"])
def test_a_footnote_mark_beside_a_model_name_is_not_part_of_it(mark):
    text = captured_page(CAPTURE).text().replace("| Claude Haiku 3    ", f"| Claude Haiku 3{mark}    ")
    result, whole = parse(text), parse()
    assert read_values(result) == read_values(whole) and not result.unread
    assert {o.key: o.model.name for o in result.offerings} == {o.key: o.model.name for o in whole.offerings}
