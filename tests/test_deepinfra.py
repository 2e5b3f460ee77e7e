"""DeepInfra's model list: every model of the real capture read cell by cell; an entry of a new shape named
and the rest read; the hand-made list for the key, float noise and layout changes."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest

import scrapers.deepinfra as deepinfra
from core.errors import ParseError
from core.offering import OfferingKey
from core.values import Status
from scrapers._base import Fetched, Page
from scrapers._fetch import fetch_source
from scrapers._http import FetchPolicy, HttpTransport, make_client
from tests.conftest import HANDMADE, captured_page

CAPTURE = "deepinfra/2026-04-17"
FIELDS = {"input_tokens": "input", "output_tokens": "output", "cache_read_tokens": "cached_input"}
NOW = datetime(2026, 11, 27, tzinfo=UTC)


def parse_body(body: bytes):
    page = Page(deepinfra.MODELS_URL, 200, "application/json", body, NOW)
    result = deepinfra.parse(Fetched({"models": [page]}))
    return result, {o.key: o.values for o in result.offerings}


def test_every_model_of_the_capture_is_read_cell_by_cell():
    page = captured_page(CAPTURE)
    result, values = parse_body(page.body)
    listed = json.loads(page.body, parse_float=str)["data"]  # the numbers as written, not as floats
    assert len(values) == len(listed) == 154
    for model in listed:
        got = values[OfferingKey(model["id"])]
        meta = model["metadata"] or {}
        pricing = meta.get("pricing", {})
        for key, field in FIELDS.items():
            written = pricing.get(key)
            if written is None:
                assert got[field].status is Status.UNKNOWN, (model["id"], field)
            else:  # to the millionth of a dollar: the digits beyond are binary-float noise
                assert got[field].amount == Decimal(str(written)).quantize(Decimal("0.000001")), (model["id"], field)
        assert got["cache_write"].status is Status.UNKNOWN
        for key, field in (("context_length", "context_window"), ("max_tokens", "max_output_tokens")):
            assert got[field].amount == meta.get(key), (model["id"], field)
    assert result.warnings == ["66 listed models have no metadata here (no price, no context): recorded as unknown"]
    assert not result.unread  # the real capture reads completely


def test_float_noise_is_rounded_and_the_number_as_written_is_kept():
    _, values = parse_body((HANDMADE / "deepinfra/models.json").read_bytes())
    qwen, minimax = values[OfferingKey("Qwen/Qwen3.5-27B")], values[OfferingKey("MiniMaxAI/MiniMax-M2.5")]
    assert qwen["output"].amount == Decimal("2.6") and qwen["output"].provenance.raw == "2.5999999999999996"
    assert qwen["input"].amount == Decimal("0.26") and qwen["input"].provenance.raw is None
    assert minimax["cached_input"].amount == Decimal("0.03") and qwen["cached_input"].status is Status.UNKNOWN
    bare = values[OfferingKey("google/embeddinggemma-300m")]
    assert {v.status for v in bare.values()} == {Status.UNKNOWN}


@pytest.mark.parametrize("edit, message, models", [
    (lambda d: d["data"][0]["metadata"]["pricing"].update(image_units=0.01), "image_units", {"Qwen/Qwen3.5-27B"}),
    (lambda d: d["data"][1]["metadata"]["pricing"].pop("input_tokens"), "input_tokens", {"MiniMaxAI/MiniMax-M2.5"}),
])
def test_an_entry_of_a_changed_layout_is_named_by_its_id_and_the_rest_is_read(edit, message, models):
    listing = json.loads((HANDMADE / "deepinfra/models.json").read_text())
    edit(listing)
    result, _ = parse_body(json.dumps(listing).encode())
    (part,) = result.unread
    assert "unexpected model list" in part.reason and message in part.reason and part.models == frozenset(models)
    assert part.where == f"{deepinfra.MODELS_URL} · table 'data' · row {next(iter(models))!r}"
    assert len([o for o in result.offerings if o.unread is None]) == 2


def test_without_the_model_list_the_run_fails():
    listing = json.loads((HANDMADE / "deepinfra/models.json").read_text())
    listing.pop("data")
    with pytest.raises(ParseError, match="api.deepinfra.com/v1/openai/models: unexpected model list") as error:
        parse_body(json.dumps(listing).encode())
    assert "data" in str(error.value)


def capture_text() -> str:
    return captured_page(CAPTURE).text()


def in_entry(model_id: str, old: str, new: str):
    """An edit of the capture's text replacing ``old`` by ``new`` inside one model's entry only."""
    def edit(text: str) -> str:
        start = text.index(f'"id": "{model_id}"')
        end = text.index('"id": ', start + 1)
        assert old in text[start:end], (model_id, old)
        return text[:start] + text[start:end].replace(old, new, 1) + text[end:]
    return edit


QWEN, MINIMAX = "Qwen/Qwen3.5-27B", "MiniMaxAI/MiniMax-M2.5"
# (edit of the capture's text, what the unread part says, the models it leaves unobserved: None when unnamed)
UNREAD_EDITS = [
    # an unknown kind of entry: a model priced per image, not per token
    (in_entry(QWEN, '"input_tokens": 0.26,\n          "output_tokens": 2.5999999999999996',
              '"cents_per_image": 1.5'), "Field required at ('metadata', 'pricing', 'input_tokens')", {QWEN}),
    (in_entry(MINIMAX, '"cache_read_tokens": 0.029999999700000002', '"cache_write_tokens": 0.3'),
     "Extra inputs are not permitted at ('metadata', 'pricing', 'cache_write_tokens')", {MINIMAX}),
    # unfamiliar cell shapes: a price or a limit that is not a number
    (in_entry(QWEN, '"input_tokens": 0.26', '"input_tokens": "$0.26"'), "('metadata', 'pricing', 'input_tokens')",
     {QWEN}),
    (in_entry(MINIMAX, '"context_length": 196608', '"context_length": "192K"'), "('metadata', 'context_length')",
     {MINIMAX}),
    (in_entry(MINIMAX, '"pricing": {', '"pricing": "see the website", "x": {'), "('metadata', 'pricing')", {MINIMAX}),
    # an entry naming no model: nothing the list held is delisted this run
    (in_entry(QWEN, '"id": "Qwen/Qwen3.5-27B"', '"name": "Qwen/Qwen3.5-27B"'), "Field required at ('id',)", None),
]


@pytest.mark.parametrize("edit, message, models", UNREAD_EDITS)
def test_an_entry_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models):
    whole, _ = parse_body(captured_page(CAPTURE).body)
    whole_values = {o.key: o.values for o in whole.offerings}
    result, _ = parse_body(edit(capture_text()).encode())
    (part,) = result.unread
    assert message in part.reason and part.url == deepinfra.MODELS_URL
    assert part.where.startswith(f"{deepinfra.MODELS_URL} · table 'data' · row ")
    assert part.models == (None if models is None else frozenset(models))
    read = {o.key: o.values for o in result.offerings if o.unread is None}
    assert len(read) == len(whole_values) - 1 and all(whole_values[key] == values for key, values in read.items())
    assert [o.key.model for o in result.offerings if o.unread] == ([] if models is None else [*models])


def test_a_new_part_of_the_document_is_ignored_and_the_list_read_the_same():
    whole, _ = parse_body(captured_page(CAPTURE).body)
    text = capture_text().replace('"object": "list",', '"object": "list",\n  "batch": [{"id": "x", "price": 1}],', 1)
    result, _ = parse_body(text.encode())
    assert not result.unread and result.warnings == whole.warnings
    assert {o.key: o.values for o in result.offerings} == {o.key: o.values for o in whole.offerings}


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace('"data": [', '"models": [', 1), "Field required at ('data',)"),
    (lambda t: t.replace('"data": [', '"data": {"all": [', 1).rstrip().removesuffix("}") + "}}",
     "Input should be a valid list at ('data',)"),
    (lambda t: t[:t.index('"data": [') + 9] + '"Qwen/Qwen3.5-27B"]}', "no entry of the model list could be read"),
])
def test_without_the_main_list_or_any_readable_entry_the_run_fails(edit, message):
    with pytest.raises(ParseError, match="api.deepinfra.com/v1/openai/models") as error:
        parse_body(edit(capture_text()).encode())
    assert message in str(error.value)


@pytest.mark.parametrize("env, sent", [({"DEEPINFRA_API_KEY": "di-key"}, "Bearer di-key"), ({}, None)])
def test_the_key_is_sent_when_set_and_not_needed(env, sent):
    seen = []

    def api(request):
        seen.append(request)
        return httpx.Response(200, content=(HANDMADE / "deepinfra/models.json").read_bytes(),
                              headers={"content-type": "application/json"})
    live = HttpTransport(make_client(transport=httpx.MockTransport(api)), env=env, clock=lambda: NOW,
                         sleep=lambda _: None, policy=FetchPolicy(host_interval=0))
    assert len(fetch_source(live, deepinfra.SOURCES[0])) == 1
    assert seen[0].headers.get("authorization") == sent and str(seen[0].url) == deepinfra.MODELS_URL
