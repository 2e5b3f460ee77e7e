"""OpenRouter parser: exact per-token to per-1M conversion, free, variable, other units; every capture."""

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
    (b'{"data": [{"id": "x", "name": "x", "pricing": {"prompt": 0.1}}]}', "pricing"),
    (b'{"data": [{"id": "x", "name": "x", "pricing": {"prompt": "cheap", "completion": "0"}}]}', "x pricing.prompt"),
    (b"<html>maintenance</html>", "not JSON"),
])
def test_malformed_lists_are_parse_errors(body, message):
    page = Page(openrouter.MODELS_URL, 200, "application/json", body, handmade_page("openrouter/models.json", "").fetched_at)
    with pytest.raises(ParseError, match=message):
        parse_page(page)


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


def _expected(raw: str | None, scale: int = 6):
    """Independently: None -> unknown, "-1" -> variable, "0" -> free, else the string's value times 10^scale."""
    if raw is None:
        return Status.UNKNOWN, None
    if raw == "-1":
        return Status.VARIABLE, None
    amount = Decimal(raw).scaleb(scale)
    return (Status.FREE if amount == 0 else Status.PRICED), amount
