"""Cerebras' public model list: every model of the real capture read cell by cell; an entry of an unfamiliar
shape is named and skipped, the rest read the same; without the list the run fails."""

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


def parse_edited(edit):
    """The capture's list with ``edit`` applied to its parsed JSON, parsed again."""
    page = captured_page(CAPTURE)
    listing = json.loads(page.body)
    edit(listing)
    return parse_page(cerebras, page, json.dumps(listing))


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
    assert not parse_page(cerebras, page).unread


def first(edit):
    return lambda listing: edit(listing["data"][0])


# (edit of the parsed list, what the unread entry says, the models it leaves unobserved: None when it names none,
# the models of the capture no longer read)
GEMMA = {"gemma-4-31b"}
UNREAD_EDITS = [
    # an unknown kind of row: an entry with a new kind of price, an entry listed without prices, a bare string
    (first(lambda m: m["pricing"].update(cached_prompt="0.0000001")),
     "Extra inputs are not permitted at ('pricing', 'cached_prompt')", GEMMA, GEMMA),
    (first(lambda m: m.pop("pricing")), "Field required at ('pricing',)", GEMMA, GEMMA),
    (lambda listing: listing["data"].insert(1, "gemma-5"), "Input should be a valid dictionary", None, set()),
    (lambda listing: listing["data"][1].update(id=7), "Input should be a valid string at ('id',)", None,
     {"gpt-oss-120b"}),
    # unfamiliar cells: prices are machine-written decimal strings, so a word ("free") is no price here
    (first(lambda m: m["pricing"].pop("completion")), "Field required at ('pricing', 'completion')", GEMMA, GEMMA),
    (first(lambda m: m["pricing"].update(prompt="free")), "not a decimal number: 'free'", GEMMA, GEMMA),
    (first(lambda m: m["pricing"].update(prompt=0.00000099)), "Input should be a valid string", GEMMA, GEMMA),
    (first(lambda m: m["pricing"].update(prompt="-1")), "negative price '-1'", GEMMA, GEMMA),
    (first(lambda m: m["limits"].update(max_context_length="128k")), "valid integer", GEMMA, GEMMA),
]


@pytest.mark.parametrize("edit, message, models, not_read", UNREAD_EDITS)
def test_an_entry_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models, not_read):
    whole = {o.key: o.values for o in parse_page(cerebras, captured_page(CAPTURE)).offerings}
    result = parse_edited(edit)
    (part,) = result.unread
    assert message in part.reason and part.url == cerebras.MODELS_URL
    assert part.where.startswith(f"{cerebras.MODELS_URL} · table 'data' · row ")
    assert part.models == (None if models is None else frozenset(models))
    read = {o.key: o.values for o in result.offerings if o.unread is None}
    assert read.items() <= whole.items()  # every entry read has the values of the unedited list
    assert {key.model for key in whole} - {key.model for key in read} == not_read
    assert {o.key.model for o in result.offerings if o.unread} == (models or set())  # a placeholder when named


def test_a_new_model_whose_entry_cannot_be_read_stands_as_a_placeholder_of_unknown_values():
    def new_model(listing):
        listing["data"].append({"id": "qwen-4-235b", "name": "Qwen 4", "pricing": {"prompt": "soon",
                                                                                    "completion": "0.000001"}})
    result = parse_edited(new_model)
    (placeholder,) = [o for o in result.offerings if o.unread]
    assert placeholder.key == OfferingKey("qwen-4-235b") and placeholder.values == {}
    assert "qwen-4-235b.pricing.prompt: not a decimal number: 'soon'" in placeholder.unread
    assert len(result.offerings) == 3 and len(result.unread) == 1


def test_a_new_part_of_the_document_beside_the_list_is_not_read_and_changes_nothing():
    """The list is the only part read (there is no secondary table): a new key beside it is ignored."""
    whole = {o.key: o.values for o in parse_page(cerebras, captured_page(CAPTURE)).offerings}
    result = parse_edited(lambda listing: listing.update(batch={"data": [{"id": "gpt-oss-120b", "pricing": 1}]}))
    assert {o.key: o.values for o in result.offerings} == whole and not result.unread


@pytest.mark.parametrize("edit, message", [
    (lambda listing: listing.update(models=listing.pop("data")), "Field required at ('data',)"),
    (lambda listing: listing.update(data={"gemma-4-31b": listing["data"][0]}), "Input should be a valid list"),
])
def test_without_the_model_list_the_run_fails(edit, message):
    """The model list is Cerebras' only table: its loss, or a list of another shape, fails the run."""
    with pytest.raises(ParseError, match="api.cerebras.ai/public/v1/models") as error:
        parse_edited(edit)
    assert message in str(error.value)
