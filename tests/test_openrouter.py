"""OpenRouter parser: exact per-token to per-1M conversion, free, variable, other units; every capture; an entry of a
new shape named and the rest read; without the list the run fails."""

import json
from decimal import Decimal

import pytest

import scrapers.openrouter as openrouter
from core.errors import ParseError
from core.offering import OfferingKey
from core.values import Status
from scrapers._base import Fetched, Page
from tests.conftest import OPENROUTER_CAPTURES, captured_page, handmade_page

CAPTURES = OPENROUTER_CAPTURES  # the registry test finds this provider's real captures here


def parse_page(page: Page):
    result = openrouter.parse(Fetched({"models": [page]}))
    return result, {o.key.model: o for o in result.offerings}


@pytest.fixture
def handmade():
    return parse_page(handmade_page("openrouter/models.json", openrouter.MODELS_URL))[1]


def test_prices_convert_exactly_to_per_million(handmade):
    r1 = handmade["deepseek/deepseek-r1"].values
    assert (r1["input"].amount, r1["output"].amount) == (Decimal("0.3"), Decimal("1.2"))
    assert r1["input"].provenance.raw == "0.0000003" and r1["input"].provenance.raw_unit == "USD per token"


def test_zero_is_free_and_absent_is_unknown(handmade):
    free = handmade["deepseek/deepseek-r1:free"].values
    assert free["input"].status is Status.FREE and free["input"].amount == 0
    assert free["cached_input"].status is Status.UNKNOWN
    assert handmade["deepseek/deepseek-r1"].values["max_output_tokens"].status is Status.UNKNOWN


def test_minus_one_on_routers_is_variable_not_negative(handmade):
    auto = handmade["openrouter/auto"].values
    assert auto["input"].status is Status.VARIABLE and auto["input"].amount is None


def test_cache_prices_limits_and_other_units(handmade):
    sonnet = handmade["anthropic/claude-sonnet-4.5"].values
    assert (sonnet["cached_input"].amount, sonnet["cache_write"].amount) == (Decimal("0.3"), Decimal("3.75"))
    assert (sonnet["context_window"].amount, sonnet["max_output_tokens"].amount) == (1_000_000, 64_000)
    assert (sonnet["other:web_search"].amount, sonnet["other:web_search"].unit) == (Decimal("0.01"), "USD per web search")
    assert sonnet["other:image"].amount == Decimal("0.0048")  # per image: not converted
    assert (sonnet["other:audio"].amount, sonnet["other:audio"].unit) == (Decimal("3"), "USD per 1M audio input tokens")


@pytest.mark.parametrize("body, message", [
    (b'{"models": []}', "data"),
    (b"<html>maintenance</html>", "not JSON"),
    # a list none of whose entries can be read: nothing to apply
    (b'{"data": [{"id": "x", "name": "x", "pricing": {"prompt": 0.1}}]}', "no entry of the model list could be read"),
    (b'{"data": [{"id": "x", "name": "x", "pricing": {"prompt": "cheap", "completion": "0"}}]}', "x pricing.prompt"),
])
def test_without_the_model_list_or_any_readable_entry_the_run_fails(body, message):
    page = Page(openrouter.MODELS_URL, 200, "application/json", body, handmade_page("openrouter/models.json", "").fetched_at)
    with pytest.raises(ParseError, match=message):
        parse_page(page)


LATEST = OPENROUTER_CAPTURES[-1]
GEMINI, SONNET, QWEN = "google/gemini-3.1-pro-preview", "anthropic/claude-sonnet-4.6", "qwen/qwen3.5-plus-02-15"


def snapshot(result) -> dict:
    """Every offering read (not a placeholder), with its values and where each was read from."""
    return {o.key: {f: (v, v.provenance) for f, v in o.values.items()} for o in result.offerings if o.unread is None}


def edited(edit):
    page = captured_page(LATEST)
    return parse_page(Page(page.url, page.status, page.content_type, edit(page.text()).encode(), page.fetched_at))[0]


def in_entry(model_id: str, old: str, new: str):
    """An edit of the capture's text replacing ``old`` by ``new`` inside one model's entry only."""
    def edit(text: str) -> str:
        start = text.index(f'"id":"{model_id}"')
        end = text.index('{"id":', start)
        assert old in text[start:end], (model_id, old)
        return text[:start] + text[start:end].replace(old, new, 1) + text[end:]
    return edit


# (edit of the capture's text, what the unread part says, the models it leaves unobserved: None when unnamed)
UNREAD_EDITS = [
    # unknown kinds of entry: a price by context band instead of one price; an entry with no pricing at all
    (in_entry(GEMINI, '"prompt":"0.000002"', '"prompt":{"up_to_200k":"0.000002","above_200k":"0.000004"}'),
     "Input should be a valid string at ('pricing', 'prompt')", {GEMINI}),
    (in_entry(QWEN, '"pricing":', '"pricing_by_region":'), "Field required at ('pricing',)", {QWEN}),
    # unfamiliar cell shapes: a price or a limit that is not a number
    (in_entry(SONNET, '"prompt":"0.000003"', '"prompt":"$0.000003"'),
     "anthropic/claude-sonnet-4.6 pricing.prompt: not a decimal number: '$0.000003'", {SONNET}),
    (in_entry(SONNET, '"context_length":1000000,"architecture"', '"context_length":"1M","architecture"'),
     "at ('context_length',)", {SONNET}),
    (in_entry(QWEN, '"max_completion_tokens":65536', '"max_completion_tokens":"64K"'),
     "at ('top_provider', 'max_completion_tokens')", {QWEN}),
    # an entry naming no model: nothing the list held is delisted this run
    (in_entry(QWEN, '"id":"qwen/qwen3.5-plus-02-15"', '"slug":"qwen/qwen3.5-plus-02-15"'), "Field required at ('id',)",
     None),
]


@pytest.mark.parametrize("edit, message, models", UNREAD_EDITS)
def test_an_entry_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models):
    whole = snapshot(parse_page(captured_page(LATEST))[0])
    result = edited(edit)
    (part,) = result.unread
    assert message in part.reason and part.url == openrouter.MODELS_URL
    assert part.where.startswith(f"{openrouter.MODELS_URL} · table 'data' · row ")
    assert part.models == (None if models is None else frozenset(models))
    gone = models or {QWEN}  # the unnamed entry is Qwen's
    assert snapshot(result) == {k: v for k, v in whole.items() if k.model not in gone}  # the rest exactly as unedited
    assert [o.key.model for o in result.offerings if o.unread] == ([] if models is None else [*models])


def test_a_new_part_of_the_document_is_ignored_and_the_list_read_the_same():
    whole = parse_page(captured_page(LATEST))[0]
    assert captured_page(LATEST).text().startswith('{"data":[')
    result = edited(lambda t: t.replace('{"data":[', '{"endpoints":[{"id":"x","pricing":{"prompt":"cheap"}}],"data":[', 1))
    assert not result.unread and snapshot(result) == snapshot(whole)


@pytest.mark.parametrize("capture", OPENROUTER_CAPTURES)
def test_every_capture_parses_every_model_exactly(capture):
    page = captured_page(capture)
    result, by_model = parse_page(page)
    raw = json.loads(page.body)["data"]
    assert len(result.offerings) == len(raw) and set(by_model) == {m["id"] for m in raw}
    assert {o.key for o in result.offerings} == {OfferingKey(m["id"]) for m in raw}
    for model in raw:
        values = by_model[model["id"]].values
        for key, field in openrouter.TOKEN_FIELDS.items():
            assert _expected(model["pricing"].get(key)) == (values[field].status, values[field].amount), (model["id"], key)
        for key in model["pricing"].keys() - openrouter.TOKEN_FIELDS.keys():
            per_token = key in ("internal_reasoning", "audio")
            expected = _expected(model["pricing"][key], scale=6 if per_token else 0)
            assert (values[f"other:{key}"].status, values[f"other:{key}"].amount) == expected, (model["id"], key)
            assert (values[f"other:{key}"].unit == "USD per 1M tokens") == (key == "internal_reasoning")
        assert values["context_window"].amount == (model["context_length"] or None)
        assert values["max_output_tokens"].amount == model["top_provider"].get("max_completion_tokens")
    assert not result.unread  # the real capture reads completely


def _expected(raw: str | None, scale: int = 6):
    """Independently: None -> unknown, "-1" -> variable, "0" -> free, else the string's value times 10^scale."""
    if raw is None:
        return Status.UNKNOWN, None
    if raw == "-1":
        return Status.VARIABLE, None
    amount = Decimal(raw).scaleb(scale)
    return (Status.FREE if amount == 0 else Status.PRICED), amount
