"""DeepInfra's model list: every model of the real capture read cell by cell; the hand-made list for
the key, float noise and layout changes."""

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


def test_float_noise_is_rounded_and_the_number_as_written_is_kept():
    _, values = parse_body((HANDMADE / "deepinfra/models.json").read_bytes())
    qwen, minimax = values[OfferingKey("Qwen/Qwen3.5-27B")], values[OfferingKey("MiniMaxAI/MiniMax-M2.5")]
    assert qwen["output"].amount == Decimal("2.6") and qwen["output"].provenance.raw == "2.5999999999999996"
    assert qwen["input"].amount == Decimal("0.26") and qwen["input"].provenance.raw is None
    assert minimax["cached_input"].amount == Decimal("0.03") and qwen["cached_input"].status is Status.UNKNOWN
    bare = values[OfferingKey("google/embeddinggemma-300m")]
    assert {v.status for v in bare.values()} == {Status.UNKNOWN}


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["data"][0]["metadata"]["pricing"].update(image_units=0.01), "image_units"),
    (lambda d: d["data"][0]["metadata"]["pricing"].pop("input_tokens"), "input_tokens"),
    (lambda d: d.pop("data"), "data"),
])
def test_a_changed_layout_is_a_parse_error_naming_the_url_and_the_field(edit, message):
    listing = json.loads((HANDMADE / "deepinfra/models.json").read_text())
    edit(listing)
    with pytest.raises(ParseError, match="api.deepinfra.com/v1/openai/models: unexpected model list") as error:
        parse_body(json.dumps(listing).encode())
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
