"""Fireworks parser on hand-made fixtures: tiers, rules, size classes, the model listing, layout changes."""

from decimal import Decimal

import pytest

import scrapers.fireworks as fireworks
from core.errors import ParseError
from core.offering import PRICE_FIELDS, OfferingKey
from core.values import Status
from scrapers._base import Fetched, Page
from scrapers.fireworks.api import next_page_url
from scrapers.fireworks.offerings import BATCH, MODELS_URL, PRICING_URL
from tests.conftest import HANDMADE, handmade_page

API_FIRST = fireworks.SOURCES[1].first_url


def pricing_page(html: str | None = None) -> Page:
    page = handmade_page("fireworks/pricing.html", PRICING_URL, "text/html")
    return page if html is None else Page(page.url, 200, "text/html", html.encode(), page.fetched_at)


def api_pages() -> list[Page]:
    first = handmade_page("fireworks/list_models_page1.json", API_FIRST)
    return [first, handmade_page("fireworks/list_models_page2.json", next_page_url(first))]


def parse(html: str | None = None, with_api: bool = False):
    pages = {"pricing": [pricing_page(html)]} | ({"models": api_pages()} if with_api else {})
    failures = {} if with_api else {"models": "FIREWORKS_API_KEY is not set"}
    result = fireworks.parse(Fetched(pages, failures))
    return result, {o.key: o for o in result.offerings}


def amounts(offering, *fields):
    return tuple(offering.values[f].amount for f in fields)


def test_fast_and_us_rows_are_their_own_offerings():
    _, by_key = parse()
    assert amounts(by_key[OfferingKey("kimi-k3", "fast")], "input", "cached_input", "output") == (
        Decimal("4.50"), Decimal("0.45"), Decimal("22.50"))
    assert by_key[OfferingKey("kimi-k3", "priority", "us")].values["output"].amount == Decimal("20.625")
    assert OfferingKey("glm-5p2", "fast", "us") in by_key


def test_dash_in_priority_is_not_offered_and_fast_rows_add_no_priority_offering():
    _, by_key = parse()
    priority = by_key[OfferingKey("gpt-oss-20b", "priority")]
    assert {priority.values[f].status for f in PRICE_FIELDS} == {Status.NOT_OFFERED}
    assert OfferingKey("kimi-k3", "priority") in by_key
    assert not [k for k in by_key if k.model == "glm-5p2" and k.tier == "priority"]


def test_batch_is_derived_from_the_stated_rule_and_marked_derived():
    result, by_key = parse()
    batch = by_key[OfferingKey("kimi-k3", "batch")]
    assert amounts(batch, "input", "output") == (Decimal("1.5"), Decimal("7.5"))
    assert batch.values["input"].provenance.method == "derived"
    assert "50%" in batch.values["input"].provenance.rule
    assert batch.values["cached_input"].status is Status.UNKNOWN
    assert by_key[OfferingKey("kimi-k3")].values["input"].provenance.method == "read"
    assert PRICING_URL + BATCH in result.listings_read


def test_without_the_batch_rule_no_batch_offering_is_invented():
    html = (HANDMADE / "fireworks/pricing.html").read_text().replace("is billed at 50% of serverless", "varies")
    result, by_key = parse(html)
    assert not [k for k in by_key if k.tier == "batch"]
    assert PRICING_URL + BATCH not in result.listings_read
    assert any("batch rule not found" in w for w in result.warnings)


def test_size_and_embedding_tables_become_price_classes():
    _, by_key = parse()
    tier = by_key[OfferingKey("size-tier/4b-16b-parameters")]
    assert tier.model.kind == "price_class"
    assert amounts(tier, "input", "output") == (Decimal("0.20"), Decimal("0.20"))
    # "no separate cached-input rate": cached input is billed at the same price, derived from that statement
    assert tier.values["cached_input"].amount == Decimal("0.20")
    assert "no separate cached-input rate" in tier.values["cached_input"].provenance.rule
    embedding = by_key[OfferingKey("embedding-tier/up-to-150m")]
    assert embedding.values["input"].amount == Decimal("0.008")
    assert embedding.values["output"].status is Status.NOT_OFFERED


def test_without_the_api_context_is_unobserved_and_said_once():
    result, _ = parse()
    assert all("context_window" in o.unobserved for o in result.offerings)
    assert [w for w in result.warnings if "FIREWORKS_API_KEY" in w] == [result.warnings[0]]
    assert MODELS_URL not in result.listings_read


def test_starcoder_without_a_row_is_priced_by_its_size_tier():
    _, by_key = parse(with_api=True)
    starcoder = by_key[OfferingKey("starcoder-16b")]
    assert amounts(starcoder, "input", "output", "context_window") == (Decimal("0.20"), Decimal("0.20"), 8192)
    assert starcoder.values["input"].provenance.method == "derived"
    assert "4B – 16B" in starcoder.values["input"].provenance.rule
    assert starcoder.model.parameter_count == 15_500_000_000
    assert amounts(by_key[OfferingKey("starcoder-16b", "batch")], "input", "output") == (Decimal("0.1"),) * 2


def test_moe_and_embedding_models_use_their_own_classes():
    _, by_key = parse(with_api=True)
    assert by_key[OfferingKey("mixtral-8x7b-instruct")].values["input"].amount == Decimal("0.50")
    nomic = by_key[OfferingKey("nomic-embed-text-v1p5")]
    assert nomic.values["input"].amount == Decimal("0.008")
    assert nomic.values["output"].status is Status.NOT_OFFERED


def test_models_no_rule_prices_are_unknown_and_listed_in_one_warning():
    result, by_key = parse(with_api=True)
    for model in ("deepseek-giant", "flux-1-schnell-fp8"):
        assert {by_key[OfferingKey(model)].values[f].status for f in PRICE_FIELDS} == {Status.UNKNOWN}
    (warning,) = [w for w in result.warnings if "no price row or size tier" in w]
    assert "deepseek-giant" in warning and "flux-1-schnell-fp8" in warning


def test_listing_fills_context_of_priced_rows_but_not_of_fast_routers():
    result, by_key = parse(with_api=True)
    for key in (OfferingKey("kimi-k3"), OfferingKey("kimi-k3", "priority", "us"), OfferingKey("kimi-k3", "batch")):
        assert by_key[key].values["context_window"].amount == 262144
    assert by_key[OfferingKey("kimi-k3", "fast")].values["context_window"].status is Status.UNKNOWN
    # a model with a row of its own keeps its row's prices
    assert by_key[OfferingKey("gpt-oss-20b")].values["input"].amount == Decimal("0.07")
    assert MODELS_URL in result.listings_read


def test_us_rows_are_checked_against_the_stated_premium():
    result, _ = parse()
    assert not [w for w in result.warnings if "US-only rule" in w]
    html = (HANDMADE / "fireworks/pricing.html").read_text().replace("$3.30 / $0.33", "$3.40 / $0.33")
    result, by_key = parse(html)
    assert [w for w in result.warnings if "'Kimi K3 US' standard" in w]
    assert by_key[OfferingKey("kimi-k3", "standard", "us")].values["input"].amount == Decimal("3.40")


def test_pagination_follows_next_page_token_until_empty():
    first, second = api_pages()
    assert "pageToken=page-2" in second.url and "filter=supports_serverless" in second.url
    assert next_page_url(second) is None


@pytest.mark.parametrize("edit, message", [
    (lambda h: h.replace("Text and vision models", "Chat models"), "price table 'Text and vision models' not found"),
    (lambda h: h.replace("<th>Priority</th>", "<th>Premium</th>"), "has columns"),
    (lambda h: h.replace("$0.07 / $0.035 / $0.30", "$0.07 / $0.30"), "Standard cell '$0.07 / $0.30'"),
    (lambda h: h.replace("<td>$0.20</td>", "<td>Free</td>").replace(
        '<td data-numeric="true">$0.20</td>', "<td>Free</td>"), "4B – 16B parameters"),
])
def test_layout_changes_are_parse_errors_naming_what_is_missing(edit, message):
    with pytest.raises(ParseError, match="docs.fireworks.ai") as error:
        parse(edit((HANDMADE / "fireworks/pricing.html").read_text()))
    assert message in str(error.value)


@pytest.mark.parametrize("cell, states", [
    ("Contact us", (Status.UNKNOWN, Status.UNKNOWN, Status.UNKNOWN)),
    ("$—", (Status.UNKNOWN, Status.UNKNOWN, Status.UNKNOWN)),
    ("$0.07 / $— / $0.30", (Status.PRICED, Status.UNKNOWN, Status.PRICED)),
    ("Free", (Status.FREE, Status.FREE, Status.FREE)),
])
def test_cells_without_a_readable_price_are_unknown_and_free_is_free(cell, states):
    result, by_key = parse((HANDMADE / "fireworks/pricing.html").read_text().replace("$0.07 / $0.035 / $0.30", cell))
    values = by_key[OfferingKey("gpt-oss-20b")].values
    assert tuple(values[f].status for f in ("input", "cached_input", "output")) == states
    assert all(values[f].provenance.raw == cell for f in ("input", "cached_input", "output")
               if values[f].status is not Status.PRICED)
    said = [w for w in result.warnings if "'OpenAI GPT OSS 20B' Standard reads" in w]
    assert len(said) == (0 if cell == "Free" else 1)


def test_a_malformed_listing_only_loses_the_listing_and_says_why():
    bad = Page(API_FIRST, 200, "application/json", b'{"models": {"not": "a list"}}', api_pages()[0].fetched_at)
    result = fireworks.parse(Fetched({"pricing": [pricing_page()], "models": [bad]}))
    assert MODELS_URL not in result.listings_read
    assert all("context_window" in o.unobserved for o in result.offerings)
    assert any("List Models API not read" in w and "api.fireworks.ai" in w for w in result.warnings)


def test_a_dash_in_a_standard_cell_means_not_offered_and_derives_no_batch():
    html = (HANDMADE / "fireworks/pricing.html").read_text().replace(
        '<td data-numeric="true">$0.07 / $0.035 / $0.30</td>', "<td>—</td>")
    _, by_key = parse(html)
    standard = by_key[OfferingKey("gpt-oss-20b")]
    assert {standard.values[f].status for f in PRICE_FIELDS} == {Status.NOT_OFFERED}
    assert OfferingKey("gpt-oss-20b", "batch") not in by_key


def test_a_row_without_a_name_is_a_parse_error():
    html = (HANDMADE / "fireworks/pricing.html").read_text().replace(">OpenAI GPT OSS 20B<", "><")
    with pytest.raises(ParseError, match="has no model name"):
        parse(html)
