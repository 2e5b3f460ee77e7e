"""Cerebras' public model list: every model of the real capture read cell by cell; layout changes fail."""

import json
from decimal import Decimal

import pytest

import scrapers.cerebras as cerebras
from core.errors import ParseError
from core.offering import OfferingKey
from core.values import Status
from scrapers._base import Page
from tests.conftest import captured_page, parse_page

CAPTURE = "cerebras/2026-08"


def parse_body(page: Page, body: bytes | None = None):
    return {o.key: o for o in parse_page(cerebras, page, None if body is None else body.decode()).offerings}


def test_every_model_of_the_capture_is_read_cell_by_cell():
    page = captured_page(CAPTURE)
    offerings = parse_body(page)
    listed = json.loads(page.body)["data"]
    assert len(offerings) == len(listed) == 2
    for model in listed:
        got = offerings[OfferingKey(model["id"])]
        assert got.model.name == model["name"]
        for key, field in (("prompt", "input"), ("completion", "output")):
            assert got.values[field].amount == Decimal(model["pricing"][key]) * 1_000_000, (model["id"], field)
            assert got.values[field].provenance.raw == model["pricing"][key]
        assert {got.values[f].status for f in ("cached_input", "cache_write")} == {Status.UNKNOWN}
        assert got.values["context_window"].amount == model["limits"]["max_context_length"]
        assert got.values["max_output_tokens"].amount == model["limits"]["max_completion_tokens"]
    assert offerings[OfferingKey("gpt-oss-120b")].values["input"].amount == Decimal("0.35")


@pytest.mark.parametrize("edit, message", [
    (lambda m: m["pricing"].update(cached_prompt="0.0000001"), "cached_prompt"),
    (lambda m: m["pricing"].pop("completion"), "completion"),
    (lambda m: m["pricing"].update(prompt="free"), "not a decimal number: 'free'"),
])
def test_a_changed_layout_fails_naming_what_changed(edit, message):
    page = captured_page(CAPTURE)
    listing = json.loads(page.body)
    edit(listing["data"][0])
    with pytest.raises(ParseError, match="api.cerebras.ai/public/v1/models") as error:
        parse_body(page, json.dumps(listing).encode())
    assert message in str(error.value)
