"""Conformance on the real Fireworks pricing page capture, cell by cell.

The expected values are read from the raw HTML with regular expressions, independently
of the scraper's selectolax parsing, so every cell is checked against the capture itself.
"""

import html
import re
from decimal import Decimal

import pytest

import scrapers.fireworks as fireworks
from core.offering import PRICE_FIELDS, OfferingKey
from core.values import Status
from scrapers._base import Fetched
from tests.conftest import FIREWORKS_CAPTURE, captured_page

CAPTURE = FIREWORKS_CAPTURE  # the registry test finds this provider's real capture here

ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
TAG = re.compile(r"<[^>]+>")


def section(raw: str, anchor: str) -> str:
    start = raw.index(f'id="{anchor}')
    return raw[start:raw.index("</table>", start)]


def rows(raw: str, anchor: str) -> list[list[str]]:
    cells = ([html.unescape(TAG.sub("", c)).strip() for c in CELL.findall(r)] for r in ROW.findall(section(raw, anchor)))
    return [c for c in cells if c]


def dollars(cell: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(p.strip().lstrip("$")) for p in cell.split("/"))


@pytest.fixture(scope="module")
def capture():
    page = captured_page(FIREWORKS_CAPTURE)
    result = fireworks.parse(Fetched({"pricing": [page]}, {"models": "not captured"}))
    return page.text(), result, {o.key: o for o in result.offerings}


def key_finder(raw: str):
    """Row label -> offering key, from the row's link and its Fast / US words."""
    links = re.findall(r'<td><a href="[^"]*/models/fireworks/([^"]+)"[^>]*>([^<]+)</a>',
                       section(raw, "text-and-vision-models"))
    model_ids = {html.unescape(label): model for model, label in links}

    def key_of(label: str, column: str) -> OfferingKey:
        words = label.split()
        region = "us" if words[-1] == "US" else "global"
        return OfferingKey(model_ids[label], "fast" if "Fast" in words[-2:] else column, region)
    return key_of


def test_every_model_row_both_tiers_exact(capture):
    raw, _, by_key = capture
    table = rows(raw, "text-and-vision-models")
    key_of = key_finder(raw)
    assert len(table) == 22
    checked = 0
    for label, standard, priority in table:
        offering = by_key[key_of(label, "standard")]
        assert tuple(offering.values[f].amount for f in ("input", "cached_input", "output")) == dollars(standard), label
        if priority != "—":
            got = by_key[key_of(label, "priority")]
            assert tuple(got.values[f].amount for f in ("input", "cached_input", "output")) == dollars(priority), label
        elif "Fast" not in label.split():
            assert {by_key[key_of(label, "priority")].values[f].status for f in PRICE_FIELDS} == {Status.NOT_OFFERED}
        checked += 1
    assert checked == 22


def test_size_tiers_and_embeddings_exact(capture):
    raw, _, by_key = capture
    sizes = rows(raw, "other-base-models")
    embeddings = rows(raw, "embeddings")
    assert (len(sizes), len(embeddings)) == (5, 3)
    classes = {o.model.name: o for o in by_key.values() if o.model.kind == "price_class" and o.key.tier == "standard"}
    for label, cell in sizes + embeddings:
        assert classes[label].values["input"].amount == dollars(cell)[0], label
    for label, cell in sizes:
        assert classes[label].values["output"].amount == dollars(cell)[0], label


def test_known_facts_of_the_page(capture):
    _, result, by_key = capture
    kimi = by_key[OfferingKey("kimi-k3")]
    assert [kimi.values[f].amount for f in ("input", "cached_input", "output")] == [Decimal("3.00"), Decimal("0.30"), Decimal("15.00")]
    assert by_key[OfferingKey("gpt-oss-120b", "priority")].values["output"].amount == Decimal("0.72")
    assert by_key[OfferingKey("gpt-oss-20b", "priority")].values["input"].status is Status.NOT_OFFERED
    assert by_key[OfferingKey("gpt-oss-120b", "batch")].values["input"].amount == Decimal("0.075")
    # the US rows obey the stated 10% premium, GLM 5.2 Fast US the stated exception: no warning
    assert not [w for w in result.warnings if "US-only rule" in w]


def test_every_price_keeps_its_source_and_row_label(capture):
    _, result, _ = capture
    for offering in result.offerings:
        for name in PRICE_FIELDS:
            source = offering.values[name].provenance
            assert source.source == fireworks.SOURCES[0].url
            assert source.label, (offering.key, name)


def test_the_offerings_are_exactly_the_page_s_cells(capture):
    """Every key the page implies, and no other: Standard of each row, Priority unless a Fast row's "—",
    batch for each global non-Fast row and size tier, one offering per embedding row."""
    raw, _, by_key = capture
    key_of = key_finder(raw)
    expected = set()
    for label, standard, priority in rows(raw, "text-and-vision-models"):
        fast, us = "Fast" in label.split()[-2:], label.endswith(" US")
        expected.add(key_of(label, "standard"))
        if not (fast and priority == "—"):
            expected.add(key_of(label, "priority"))
        if not fast and not us and standard != "—":
            expected.add(OfferingKey(key_of(label, "standard").model, "batch"))
    model_rows = {k for k, o in by_key.items() if o.model.kind == "model"}
    assert model_rows == expected
    classes = {(o.model.name, k.tier) for k, o in by_key.items() if o.model.kind == "price_class"}
    assert classes == ({(label, tier) for label, _ in rows(raw, "other-base-models") for tier in ("standard", "batch")}
                       | {(label, "standard") for label, _ in rows(raw, "embeddings")})


def test_size_tiers_bill_cached_input_at_their_uniform_price(capture):
    raw, _, by_key = capture
    for (key, offering) in by_key.items():
        if offering.model.kind == "price_class" and key.tier == "standard" and key.model.startswith("size-tier/"):
            cached = offering.values["cached_input"]
            assert cached.amount == offering.values["input"].amount and cached.provenance.method == "derived"
