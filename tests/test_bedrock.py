"""Amazon Bedrock's AWS price list: every product of the real capture lands where a test-side map
says; a product of an unknown shape is named and what it priced is dropped whole, the rest read; a changed
index or file frame fails naming what changed; the region fan-out survives a region that fails."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest

import scrapers.bedrock as bedrock
from core.errors import ParseError
from core.offering import OfferingKey
from core.values import Status
from jobs.runner import refresh
from scrapers._base import Fetched, Page
from scrapers._http import FetchPolicy, HttpTransport, make_client
from scrapers._replay import ReplayTransport
from storage.db import open_database
from tests.conftest import capture_dir, query

CAPTURE = "bedrock/2026-09-14"
US_EAST_1 = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/20260911124408/us-east-1/index.json"
LISTING = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/current/{}/index.json"
MTOK, HOUR, IMAGE = "USD per 1M tokens", "USD per model unit per hour", "USD per image"
# Written by hand from the capture's products: usagetype -> (model id, tier, field, unit).
EXPECTED = {
    "USE1-NovaLite-input-tokens": ("nova-lite", "standard", "input", MTOK),
    "USE1-NovaLite-output-tokens": ("nova-lite", "standard", "output", MTOK),
    "USE1-NovaLite-cache-read-input-token-count": ("nova-lite", "standard", "cached_input", MTOK),
    "USE1-NovaLite-cache-write-input-token-count": ("nova-lite", "standard", "cache_write", MTOK),
    "USE1-NovaMicro-input-tokens": ("nova-micro", "standard", "input", MTOK),
    "USE1-NovaMicro-output-tokens": ("nova-micro", "standard", "output", MTOK),
    "USE1-NovaMicro-cache-read-input-token-count": ("nova-micro", "standard", "cached_input", MTOK),
    "USE1-NovaMicro-cache-write-input-token-count": ("nova-micro", "standard", "cache_write", MTOK),
    "USE1-NovaPro-input-tokens": ("nova-pro", "standard", "input", MTOK),
    "USE1-NovaPro-output-tokens": ("nova-pro", "standard", "output", MTOK),
    "USE1-NovaPro-cache-read-input-token-count": ("nova-pro", "standard", "cached_input", MTOK),
    "USE1-NovaPro-cache-write-input-token-count": ("nova-pro", "standard", "cache_write", MTOK),
    "USE1-NovaPremier-input-tokens": ("nova-premier", "standard", "input", MTOK),
    "USE1-NovaPremier-output-tokens": ("nova-premier", "standard", "output", MTOK),
    "USE1-NovaPremier-cache-read-input-token-count": ("nova-premier", "standard", "cached_input", MTOK),
    "USE1-NovaPro-input-tokens-flex": ("nova-pro", "flex", "input", MTOK),
    "USE1-NovaLite-input-tokens-batch": ("nova-lite", "batch", "input", MTOK),
    "USE1-NovaLite-input-tokens-custom-model": ("nova-lite", "standard", "other:custom_model_input", MTOK),
    "USE1-NovaLite-ProvisionedThroughput-1month-ModelUnits":
        ("nova-lite", "standard", "other:provisioned_throughput_1month", HOUR),
    "USE1-Nova2.0Lite-input-tokens": ("nova-2.0-lite", "standard", "input", MTOK),
    "USE1-NovaCanvas-T2I-1024-Standard": ("nova-canvas", "standard", "other:image_t2i_1024_standard", IMAGE),
    "USE1-TitanTextG1-Lite-input-tokens": ("titan-text-g1-lite", "standard", "input", MTOK),
    "USE1-Ministral-3-8b-Instruct-input-tokens": ("ministral-8b-3.0", "standard", "input", MTOK),
}
PER_1K = {"1K tokens": Decimal(1000), "hour": Decimal(1), "image": Decimal(1)}  # stated unit -> factor


def capture_pages() -> dict[str, Page]:
    """The capture's responses by URL, as the replay transport serves them."""
    directory = capture_dir(CAPTURE)
    manifest = json.loads((directory / "manifest.json").read_text())
    return {url: Page(url, e["status"], e["content_type"], (directory / e["file"]).read_bytes(),
                      datetime.fromisoformat(e["fetched_at"].replace("Z", "+00:00")))
            for url, e in manifest["responses"].items()}


def parse_capture(index=None, offer=None):
    """The parse of the capture's region index and us-east-1 file, either edited (as JSON) by a test."""
    pages = capture_pages()
    first, region = pages[bedrock.INDEX_URL], pages[US_EAST_1]
    edited = [replace(page, body=json.dumps(edit(json.loads(page.body))).encode()) if edit else page
              for page, edit in ((first, index), (region, offer))]
    return bedrock.parse(Fetched({"prices": edited}))


def test_every_product_of_the_capture_lands_where_the_map_says():
    result = parse_capture()
    offer = json.loads(capture_pages()[US_EAST_1].body)
    got = {o.key: o for o in result.offerings}
    assert len(offer["products"]) == len(EXPECTED) == 23
    stated = {}
    for sku, product in offer["products"].items():
        model, tier, field, unit = EXPECTED[product["attributes"]["usagetype"]]
        ((term,),) = [offer["terms"]["OnDemand"][sku].values()]
        ((dimension,),) = [term["priceDimensions"].values()]
        raw = dimension["pricePerUnit"]["USD"]
        value = got[OfferingKey(model, tier, "us-east-1")].values[field]
        assert (value.amount, value.unit) == (Decimal(raw) * PER_1K[dimension["unit"]], unit), sku
        assert value.status is (Status.FREE if Decimal(raw) == 0 else Status.PRICED), sku
        assert (value.provenance.raw, value.provenance.raw_unit) == (raw, f"USD per {dimension['unit']}")
        assert value.provenance.source == US_EAST_1 and sku in value.provenance.label
        stated.setdefault(OfferingKey(model, tier, "us-east-1"), set()).add(field)
    assert set(got) == set(stated)
    for key, offering in got.items():  # everything the file does not state is unknown
        silent = {f: v for f, v in offering.values.items() if f not in stated[key]}
        assert {v.status for v in silent.values()} == {Status.UNKNOWN}, key
        assert set(silent) >= {"context_window", "max_output_tokens"}
        assert offering.listed_by == LISTING.format("us-east-1")
    assert result.listings_read == {LISTING.format("us-east-1")}


def test_nova_lite_micro_and_pro_spot_checks():
    got = {o.key: o.values for o in parse_capture().offerings}
    lite, micro, pro = (got[OfferingKey(m, "standard", "us-east-1")] for m in ("nova-lite", "nova-micro", "nova-pro"))
    assert [lite[f].amount for f in ("input", "cached_input", "output")] == [Decimal("0.06"), Decimal("0.015"),
                                                                          Decimal("0.24")]
    assert [micro[f].amount for f in ("input", "cached_input", "output")] == [Decimal("0.035"), Decimal("0.00875"),
                                                                           Decimal("0.14")]
    assert [pro[f].amount for f in ("input", "cached_input", "output")] == [Decimal("0.8"), Decimal("0.2"),
                                                                         Decimal("3.2")]
    assert lite["cache_write"].status is micro["cache_write"].status is pro["cache_write"].status is Status.FREE
    assert got[OfferingKey("nova-pro", "flex", "us-east-1")]["input"].amount == Decimal("0.4")
    assert got[OfferingKey("nova-lite", "batch", "us-east-1")]["input"].amount == Decimal("0.03")
    assert lite["other:provisioned_throughput_1month"].amount == Decimal(55)
    assert got[OfferingKey("nova-premier", "standard", "us-east-1")]["cache_write"].status is Status.UNKNOWN


def _product(offer, usagetype):
    return next(s for s, p in offer["products"].items() if p["attributes"]["usagetype"] == usagetype)


def _dimension(offer, usagetype):
    ((term,),) = [offer["terms"]["OnDemand"][_product(offer, usagetype)].values()]
    return next(iter(term["priceDimensions"].values()))


def _edit(change):
    def edit(offer):
        change(offer)
        return offer
    return edit


LITE_INPUT = "USE1-NovaLite-input-tokens"


def _attributes(offer, usagetype):
    return offer["products"][_product(offer, usagetype)]["attributes"]


def _add_product(offer, sku, like, price="0.0002", **attributes):
    """A new product copied from the one of usage type ``like``: its attributes changed, its own price."""
    old = _product(offer, like)
    offer["products"][sku] = json.loads(json.dumps(offer["products"][old]).replace(old, sku))
    offer["products"][sku]["attributes"].update(attributes)
    offer["terms"]["OnDemand"][sku] = json.loads(json.dumps(offer["terms"]["OnDemand"][old]).replace(old, sku))
    _dimension(offer, offer["products"][sku]["attributes"]["usagetype"]).update(pricePerUnit={"USD": price})


def read_offerings(result) -> dict:
    return {o.key: o.values for o in result.offerings if o.unread is None}


def east(model, tier="standard"):
    return OfferingKey(model, tier, "us-east-1")


LITE = {east("nova-lite"), east("nova-lite", "batch")}  # Nova Lite's offerings in the file
# (edit of the us-east-1 file, what the unread part says, the models it names (None: not named), the
# offerings it drops): one product is one row, and the offerings it may have priced are dropped whole.
UNREAD_EDITS = [
    # (a) an unknown row kind: the model is named, its tier is not, so every offering of it in the region goes
    (lambda o: _attributes(o, LITE_INPUT).update(usagetype="USE1-NovaLite-speech-in"),
     "usagetype 'USE1-NovaLite-speech-in' is not one the parser knows", {"nova-lite"}, LITE),
    (lambda o: _add_product(o, "NEWSONIC00000001", LITE_INPUT, model="Nova Sonic",
                            usagetype="USE1-NovaSonic-audio-seconds"),
     "usagetype 'USE1-NovaSonic-audio-seconds'", {"nova-sonic"}, set()),  # a new model: a placeholder
    # (c) unfamiliar cell shapes: the product names its offering, which alone is dropped
    (lambda o: _dimension(o, LITE_INPUT).pop("pricePerUnit"), "unexpected shape: Field required", {"nova-lite"},
     {east("nova-lite")}),
    (lambda o: _dimension(o, LITE_INPUT).update(pricePerUnit={"CNY": "0.0004"}), "pricePerUnit in ['CNY'], not USD",
     {"nova-lite"}, {east("nova-lite")}),
    (lambda o: _dimension(o, LITE_INPUT).update(pricePerUnit={"USD": "n/a"}), "not a decimal number: 'n/a'",
     {"nova-lite"}, {east("nova-lite")}),
    # per 1M instead of per 1K: refused rather than read 1000 times too dear
    (lambda o: _dimension(o, LITE_INPUT).update(unit="1M tokens"), "unit '1M tokens', expected '1K tokens'",
     {"nova-lite"}, {east("nova-lite")}),
    (lambda o: next(iter(o["terms"]["OnDemand"][_product(o, "USE1-NovaLite-input-tokens-batch")].values()))[
        "priceDimensions"].update(second=_dimension(o, LITE_INPUT)), "has 2 on-demand prices, not one",
     {"nova-lite"}, {east("nova-lite", "batch")}),
    (lambda o: _add_product(o, "SECONDLITEINPUT1", LITE_INPUT), "a second input for nova-lite [standard, us-east-1]",
     {"nova-lite"}, {east("nova-lite")}),
    # attributes that name less: no region (the model's offerings go), no model (the tier's lacking the field go)
    (lambda o: _attributes(o, LITE_INPUT).pop("regionCode"), "has no attribute regionCode", {"nova-lite"}, LITE),
    (lambda o: _attributes(o, LITE_INPUT).pop("model"), "has no attribute model or titanModel", None,
     {east("nova-lite"), east("nova-canvas")}),
]


@pytest.mark.parametrize("change, message, models, dropped", UNREAD_EDITS)
def test_a_product_that_cannot_be_read_is_named_and_the_rest_is_read(change, message, models, dropped):
    whole = read_offerings(parse_capture())
    result = parse_capture(offer=_edit(change))
    (part,) = result.unread
    assert message in part.reason and part.where.startswith(f"{US_EAST_1} · table 'products' · row '")
    assert part.url == LISTING.format("us-east-1")  # the listing its offerings belong to: not delisted
    assert part.models == (None if models is None else frozenset(models))
    read = read_offerings(result)
    assert set(read) == set(whole) - dropped  # never half-read: what the product may have priced goes whole
    assert all(read[key] == values for key, values in read.items())
    assert result.listings_read == {LISTING.format("us-east-1")}


def test_a_new_model_whose_product_cannot_be_read_stands_as_a_placeholder_in_its_region():
    result = parse_capture(offer=_edit(UNREAD_EDITS[1][0]))
    (placeholder,) = [o for o in result.offerings if o.unread]
    assert placeholder.key == east("nova-sonic") and placeholder.values == {}
    assert "is not one the parser knows" in placeholder.unread and placeholder.model.name == "Nova Sonic"


def test_a_new_part_of_the_file_is_not_read_and_changes_nothing():
    """(b) The parser picks terms.OnDemand and the products by name: a Reserved term type or a new top-level
    key, whatever its shape, is not read; the rest is read as before."""
    def extend(offer):
        offer["terms"]["Reserved"] = {"X": {"whatever": [1, 2]}}
        offer["savingsPlans"] = ["not", "a", "dict"]
    result = parse_capture(offer=_edit(extend))
    assert not result.unread and read_offerings(result) == read_offerings(parse_capture())


@pytest.mark.parametrize("change, message", [
    (lambda o: o.pop("products"), "unexpected offer file: Field required at ('products',)"),
    (lambda o: o["terms"].pop("OnDemand"), "unexpected offer file: Field required at ('terms', 'OnDemand')"),
    (lambda o: o.update(products=[]), "unexpected offer file: Input should be a valid dictionary"),
])
def test_without_the_products_or_their_on_demand_terms_the_run_fails(change, message):
    """(d) The file has no secondary table: its products and on-demand terms are the catalogue."""
    with pytest.raises(ParseError, match="us-east-1/index.json") as error:
        parse_capture(offer=_edit(change))
    assert message in str(error.value)


@pytest.mark.parametrize("change, message", [
    (lambda i: i.pop("regions"), "lists no \"regions\""),
    (lambda i: i.update(regions={}), "lists no \"regions\""),
    (lambda i: i["regions"]["us-west-2"].update(currentVersionUrl="https://prices.example.com/us-west-2/index.json"),
     "region us-west-2: currentVersionUrl 'https://prices.example.com/us-west-2/index.json' is not on "
     "pricing.us-east-1.amazonaws.com"),
])
def test_a_changed_region_index_fails_naming_what_changed(change, message):
    with pytest.raises(ParseError, match="region_index.json") as error:
        parse_capture(index=_edit(change))
    assert message in str(error.value)


def test_a_region_the_index_gives_no_file_for_is_named_and_the_rest_is_read():
    result = parse_capture(index=_edit(lambda i: i["regions"]["us-east-2"].pop("currentVersionUrl")))
    (part,) = result.unread
    assert (part.url, part.models) == (LISTING.format("us-east-2"), None)  # its offerings stay as they were
    assert str(part) == f"{bedrock.INDEX_URL} · region 'us-east-2': no currentVersionUrl"
    assert read_offerings(result) == read_offerings(parse_capture())


def test_the_capture_is_read_whole():
    assert not parse_capture().unread


def test_replaying_the_capture_reads_us_east_1_and_names_the_three_regions_not_read(tmp_path):
    engine = open_database(f"sqlite:///{tmp_path / 'prices.db'}")
    report = refresh(bedrock, ReplayTransport(capture_dir(CAPTURE)), engine, "replay",
                     clock=lambda: datetime(2026, 9, 14, 1, tzinfo=UTC))
    assert report.status == "success", report.error
    unread = [w for w in report.warnings if w.startswith("region ")]
    assert [w.split()[1] for w in unread] == ["us-east-2", "us-west-2", "eu-central-1"]
    assert all("not in the capture" in w for w in unread)
    rows = query(tmp_path / "prices.db", "SELECT DISTINCT region FROM offerings WHERE provider = 'bedrock'")
    assert [r["region"] for r in rows] == ["us-east-1"]


class LiveAws:
    """The price list API behind httpx.MockTransport: the real index and us-east-1 file, us-west-2 the same
    file moved to that region, and each region's answer scripted per run."""

    def __init__(self):
        pages = capture_pages()
        self.index, east = pages[bedrock.INDEX_URL].body, pages[US_EAST_1].body
        west = east.replace(b'"us-east-1"', b'"us-west-2"').replace(b"USE1-", b"USW2-")
        self.bodies = {"us-east-1": east, "us-west-2": west}
        self.status = {"us-east-1": 200, "us-east-2": 404, "us-west-2": 200, "eu-central-1": 503}
        self.requested = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requested.append(request.url.path)
        if request.url.path.endswith("region_index.json"):
            return httpx.Response(200, headers={"content-type": "application/json"}, content=self.index)
        region = request.url.path.split("/")[-2]
        if self.status[region] != 200:
            return httpx.Response(self.status[region])
        return httpx.Response(200, headers={"content-type": "application/json"}, content=self.bodies[region])

    def refresh(self, engine, when):
        client = make_client(transport=httpx.MockTransport(self))
        live = HttpTransport(client, env={}, clock=lambda: when, sleep=lambda _: None,
                             policy=FetchPolicy(max_attempts=2))
        return refresh(bedrock, live, engine, "live", clock=lambda: when)


def test_the_live_fan_out_reads_every_region_and_leaves_a_failed_one_as_it_was(tmp_path):
    aws, db = LiveAws(), tmp_path / "prices.db"
    engine, t0 = open_database(f"sqlite:///{db}"), datetime(2026, 9, 14, 1, tzinfo=UTC)
    first = aws.refresh(engine, t0)
    assert first.status == "success", first.error
    assert {w.split()[1] for w in first.warnings if w.startswith("region ")} == {"us-east-2", "eu-central-1"}
    assert sum(p.endswith("us-west-2/index.json") for p in aws.requested) == 1  # each region file read once
    # next run: us-east-1 fails, and us-west-2 no longer lists Nova Pro flex
    offer = json.loads(aws.bodies["us-west-2"])
    del offer["products"][_product(offer, "USW2-NovaPro-input-tokens-flex")]
    aws.bodies["us-west-2"], aws.status["us-east-1"] = json.dumps(offer).encode(), 500
    second = aws.refresh(engine, t0 + timedelta(hours=1))
    assert second.status == "success", second.error
    assert any(w.startswith("region us-east-1 not read") and "HTTP 500" in w for w in second.warnings)
    assert [s.key for s in second.diff.delisted] == [OfferingKey("nova-pro", "flex", "us-west-2")]
    listed = query(db, "SELECT region, COUNT(*) AS n FROM offerings WHERE delisted_at IS NULL GROUP BY region")
    assert {r["region"]: r["n"] for r in listed} == {"us-east-1": 10, "us-west-2": 9}


def test_an_index_pointing_off_the_host_fails_the_run_without_reading_there(tmp_path):
    aws = LiveAws()
    index = json.loads(aws.index)
    index["regions"]["us-east-2"]["currentVersionUrl"] = "https://evil.example/us-east-2/index.json"
    aws.index = json.dumps(index).encode()
    report = aws.refresh(open_database(f"sqlite:///{tmp_path / 'prices.db'}"), datetime(2026, 9, 14, tzinfo=UTC))
    assert report.status == "failed" and "is not on pricing.us-east-1.amazonaws.com" in report.error
    assert aws.requested == ["/offers/v1.0/aws/AmazonBedrock/current/region_index.json"]
