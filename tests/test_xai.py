"""xAI's models object: every price of every model in every cluster read exactly; the live page; without the
catalogue the run fails, an entry, list or cluster of another shape is named and the rest read."""

import json
import re
from decimal import Decimal

import pytest

import scrapers.xai as xai
from core.errors import ParseError
from core.offering import MAIN_FIELDS, OfferingKey
from core.validate import validate
from core.values import Status
from scrapers._base import Page
from tests.conftest import captured_page, handmade_page, parse_page

CAPTURE = "xai/2026-09-21"
URL = "https://docs.x.ai/docs/models"
PER_MTOK = "USD per 1M tokens"

# The test's own reading of the object, key by key (typed here, not taken from the parser).
LANGUAGE = {"promptTextTokenPrice": "input", "cachedPromptTokenPrice": "cached_input",
            "completionTextTokenPrice": "output", "promptImageTokenPrice": "other:input_image",
            "promptTextTokenPriceLongContext": "other:input_above_200k",
            "cachedPromptTokenPriceLongContext": "other:cached_input_above_200k",
            "completionTokenPriceLongContext": "other:output_above_200k"}
VOICE = {"perCharacter": ("other:input_per_character", "USD per character"),
         "perAudioSecond": ("other:input_per_audio_second", "USD per audio second"),
         "perAudioSecondStreaming": ("other:input_per_audio_second_streaming", "USD per audio second"),
         "realtimeAudioSecondPrice": ("other:realtime_audio_per_second", "USD per audio second"),
         "realtimeAudioTokenPrice": ("other:realtime_audio_token", PER_MTOK),
         "realtimeTextInputPrice": ("other:realtime_text_input", "USD per text input"),
         "pstnMinutePrice": ("other:pstn_per_minute", "USD per minute")}


def offerings_of(page: Page, text: str | None = None):
    return {o.key: o for o in parse_page(xai, page, text).offerings}


def models_of(payload):
    """(cluster, list name, model) for every model object, walked from the raw JSON."""
    for cluster in payload["clusterConfigs"]:
        for kind, models in cluster.items():
            if isinstance(models, list):
                yield from ((cluster["clusterName"], kind, model) for model in models)


def per_unit(text: str) -> Decimal:
    return Decimal(int(text)) / 10**10


def expected_prices(kind: str, model: dict) -> dict[str, tuple[Decimal, str]]:
    """field -> (amount, unit) as the test reads the model object."""
    if kind == "languageModels":
        assert model["longContextThreshold"] == "200000"
        return {field: (Decimal(int(model[key])) / 10**4, PER_MTOK) for key, field in LANGUAGE.items()}
    if kind == "audioModels":
        pricing = {k: v for endpoint in model["endpoints"] for k, v in endpoint["pricing"].items()}
        return {VOICE[k][0]: (Decimal(int(v)) / 10**4 if VOICE[k][1] == PER_MTOK else per_unit(v), VOICE[k][1])
                for k, v in pricing.items()}
    image = kind == "imageGenerationModels"
    unit = "USD per image" if image else "USD per second"
    found = {f"other:output_{'per_image' if image else 'per_second'}_{_size(row['resolution'])}"
             + (f"_{row['quality']}" if "quality" in row else ""): (per_unit(row["pricePerImage" if image
                                                                              else "pricePerSecond"]), unit)
             for row in model["resolutionPricing"]}
    for key, field, its_unit in (("imagePrice", "other:output_per_image", "USD per image"),
                                 ("pricePerInputImage", "other:input_per_image", "USD per image"),
                                 ("pricePerInputVideoSecond", "other:input_video_per_second", "USD per second")):
        if key in model:
            found[field] = (per_unit(model[key]), its_unit)
    return found


def _size(resolution: str) -> str:
    return re.fullmatch(r"(?:IMAGE|VIDEO)_RESOLUTION_([0-9A-Z]+)", resolution).group(1).lower()


def price_leaves(node, priced: bool = False) -> int:
    """How many strings the object holds under a key naming a price ("...Price", "pricePer...", "per...",
    or inside "pricing"/"resolutionPricing"), counted without knowing the keys."""
    if isinstance(node, dict):
        return sum(price_leaves(v, priced or re.search(r"[Pp]ric|^per[A-Z]", k) is not None)
                   for k, v in node.items() if k not in ("resolution", "quality"))
    if isinstance(node, list):
        return sum(price_leaves(v, priced) for v in node)
    return int(priced and isinstance(node, str))


def test_every_price_of_every_model_in_every_cluster_is_read_exactly():
    page = captured_page(CAPTURE)
    payload = json.loads(page.body)
    offerings = offerings_of(page)
    models = list(models_of(payload))
    batch = [m for _, kind, m in models if kind == "languageModels" and m.get("batchEnabled") is True]
    assert len(models) == 43 and len(batch) == 9
    assert len(offerings) == len(models) + len(batch) == 52
    for cluster, kind, model in models:
        got = offerings[OfferingKey(model["name"], "standard", cluster)]
        expected = expected_prices(kind, model)
        assert price_leaves(model) == len(expected), (cluster, model["name"])
        stated = {f: (v.amount, v.unit) for f, v in got.values.items() if v.status is Status.PRICED}
        assert stated == expected, (cluster, model["name"])
        assert set(MAIN_FIELDS) <= set(got.values)
        unstated = [f for f in MAIN_FIELDS if f not in expected]
        if kind == "languageModels":
            unstated.remove("context_window")
            assert got.values["context_window"].amount == model["maxPromptLength"]
            assert got.values["context_window"].status is Status.KNOWN
        assert {got.values[f].status for f in unstated} == {Status.UNKNOWN}, (cluster, model["name"])
        assert {got.values[f].provenance.raw for f in expected} <= set(_strings(model))


def _strings(node):
    if isinstance(node, dict | list):
        for value in node.values() if isinstance(node, dict) else node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def test_batch_offerings_are_derived_from_the_stated_discount_where_batch_is_enabled():
    page = captured_page(CAPTURE)
    offerings = offerings_of(page)
    for cluster, kind, model in models_of(json.loads(page.body)):
        key = OfferingKey(model["name"], "batch", cluster)
        if kind != "languageModels" or model.get("batchEnabled") is not True:
            assert key not in offerings, key
            continue
        share = (100 - Decimal(model["batchDiscountPercent"])) / 100
        standard = offerings[OfferingKey(model["name"], "standard", cluster)].values
        for field in LANGUAGE.values():
            value = offerings[key].values[field]
            assert value.amount == standard[field].amount * share, (key, field)
            assert value.provenance.method == "derived"
            assert f"batchDiscountPercent {model['batchDiscountPercent']}" in value.provenance.rule


def test_known_prices_typed_by_hand():
    offerings = offerings_of(captured_page(CAPTURE))

    def value(model, field, region="us-east-1", tier="standard"):
        return offerings[OfferingKey(model, tier, region)].values[field].amount

    assert value("grok-4.7", "input") == Decimal("2.00")
    assert value("grok-4.7", "cached_input") == Decimal("0.50")
    assert value("grok-4.7", "output") == Decimal("6.00")
    assert value("grok-4.7", "other:input_above_200k") == Decimal("4.00")
    assert value("grok-4.7", "context_window") == 500_000
    assert value("grok-4.7", "input", "us-central-1") == Decimal("2.20")  # read as stated, not derived
    assert value("grok-4.3", "input", tier="batch") == Decimal("1.00")  # $1.25 less 20%
    assert value("grok-4.3", "input", "eu-west-1") == Decimal("1.25")
    assert value("grok-imagine-image", "other:output_per_image") == Decimal("0.02")
    assert value("grok-imagine-video", "other:output_per_second_480p") == Decimal("0.05")
    assert value("grok-tts", "other:input_per_character") == Decimal("0.000015")
    assert value("grok-voice-transcribe-2.0", "other:input_per_audio_second", "us-saltlake-2") == Decimal(
        "0.0000277778")
    assert OfferingKey("grok-4.7", "standard", "us-east-4") not in offerings  # a cluster listing no model


def test_the_result_passes_validation_and_names_what_is_not_read_in_one_warning():
    result = parse_page(xai, captured_page(CAPTURE))
    validate("xai", result)
    assert result.listings_read == {URL}
    (warning,) = result.warnings
    for unread in ("rpm", "tpm", "provisionedThroughput", "aliases", "grok-build-0.1", "grok-imagine-video-1.5"):
        assert unread in warning
    assert len(result.offerings) >= xai.GUARD.min_offerings


def test_the_live_page_is_read_from_its_script_assignment():
    page = handmade_page("xai/models.html", URL, "text/html; charset=utf-8")
    offerings = offerings_of(page)
    assert set(offerings) == {OfferingKey("grok-4.3", "standard", "us-east-1"),
                              OfferingKey("grok-4.3", "batch", "us-east-1"),
                              OfferingKey("grok-imagine-image", "standard", "us-east-1")}
    assert offerings[OfferingKey("grok-4.3", "standard", "us-east-1")].values["output"].amount == Decimal("2.50")
    assert offerings[OfferingKey("grok-4.3", "batch", "us-east-1")].values["cached_input"].amount == Decimal("0.16")
    assert "other:input_above_200k" not in offerings[OfferingKey("grok-4.3", "standard", "us-east-1")].values


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("globalThis.__XAI_PUBLIC_MODELS__ = ", "globalThis.__XAI_MODELS__ = "),
     "no script assigns globalThis.__XAI_PUBLIC_MODELS__"),
    (lambda t: t.replace("__XAI_PUBLIC_MODELS__ = {", "__XAI_PUBLIC_MODELS__ = load({"), "not given a JSON object"),
    (lambda t: t.replace('"12500",', "12500n,"), "is not JSON"),
])
def test_a_changed_live_page_fails_naming_what_changed(edit, message):
    page = handmade_page("xai/models.html", URL, "text/html")
    with pytest.raises(ParseError, match=re.escape(URL)) as error:
        offerings_of(page, edit(page.text()))
    assert message in str(error.value)


def _edit_model(cluster, name, change):
    def edit(payload):
        (config,) = [c for c in payload["clusterConfigs"] if c["clusterName"] == cluster]
        (model,) = [m for models in config.values() if isinstance(models, list) for m in models if m["name"] == name]
        change(model)
    return edit


def entries(payload, kind=None, cluster=None) -> set[tuple[str, str]]:
    """(cluster, model) of the object's entries, of one kind or cluster if given (the test's own walk)."""
    return {(c, m["name"]) for c, k, m in models_of(payload) if kind in (None, k) and cluster in (None, c)}


def read_offerings(result) -> dict:
    return {o.key: o.values for o in result.offerings if o.unread is None}


def edited(edit) -> tuple[dict, object]:
    """The original object, and the parse of a copy of it passed through ``edit``."""
    page = captured_page(CAPTURE)
    original, payload = json.loads(page.body), json.loads(page.body)
    edit(payload)
    return original, parse_page(xai, page, json.dumps(payload))


NEW_MODEL = {"name": "grok-5", "cluster": "us-east-1", "promptTextTokenPrice": "TBD"}
NEW_LIST = {"embeddingModels": [{"name": "grok-embed-1", "pricePerToken": "100"}]}

# (edit of the object, what the unread part says, the models it names (None: a whole part), the entries whose
# offerings are not read: (cluster, model), or a function of the unedited object giving them)
UNREAD_EDITS = [
    # an unknown row kind: an endpoint of another kind, a price key the parser does not know, an entry no model
    (_edit_model("us-east-1", "grok-tts", lambda m: m["endpoints"][0].update(endpoint="TTS_STREAM")),
     "'grok-tts' has an endpoint 'TTS_STREAM' the parser does not know", {"grok-tts"}, {("us-east-1", "grok-tts")}),
    (_edit_model("us-east-1", "grok-4.5", lambda m: m.update(reasoningTokenPrice="30000")),
     "'grok-4.5' has price keys the parser does not know: ['reasoningTokenPrice']", {"grok-4.5"},
     {("us-east-1", "grok-4.5")}),
    (_edit_model("us-saltlake-2", "grok-tts", lambda m: m["endpoints"][0]["pricing"].update(perMinute="1")),
     "'us-saltlake-2': audioModels 'grok-tts' endpoint TTS has prices the parser does not know: ['perMinute']",
     {"grok-tts"}, {("us-saltlake-2", "grok-tts")}),
    (_edit_model("us-east-1", "grok-imagine-video", lambda m: m.update(pricePerVideo="1")),
     "'grok-imagine-video' has price keys the parser does not know: ['pricePerVideo']", {"grok-imagine-video"},
     {("us-east-1", "grok-imagine-video")}),
    (lambda p: p["clusterConfigs"][0]["languageModels"].append({"id": "grok-5"}),
     "us-east-1 · languageModels' · row 'languageModels[8]': cluster 'us-east-1': languageModels[8] is not a model",
     None, set()),
    (lambda p: p["clusterConfigs"][0]["languageModels"].append(NEW_MODEL), "'grok-5' promptTextTokenPrice is 'TBD'",
     {"grok-5"}, set()),
    # a new table: a model list of a kind the parser does not know, with a model or empty; a setting
    (lambda p: p["clusterConfigs"][3].update(NEW_LIST), "cluster 'us-central-1' has an unknown key 'embeddingModels'",
     {"grok-embed-1"}, set()),
    (lambda p: p["clusterConfigs"][3].update(embeddingModels=[]), "unknown key 'embeddingModels'", set(), set()),
    (lambda p: p["clusterConfigs"][3].update(defaultModel="grok-4.7"), "unknown key 'defaultModel'", None, set()),
    # an unfamiliar cell shape: a price or limit written otherwise; "Free" in a JSON API's integer field
    (_edit_model("us-west-2", "grok-4.6", lambda m: m.update(completionTextTokenPrice="6.00")),
     "'us-west-2': languageModels 'grok-4.6' completionTextTokenPrice is '6.00', not an integer string",
     {"grok-4.6"}, {("us-west-2", "grok-4.6")}),
    (_edit_model("us-east-1", "grok-4.7", lambda m: m.update(promptTextTokenPrice="Free")),
     "'grok-4.7' promptTextTokenPrice is 'Free', not an integer string", {"grok-4.7"}, {("us-east-1", "grok-4.7")}),
    (_edit_model("us-east-1", "grok-4.5", lambda m: m.update(maxPromptLength="500k")),
     "'grok-4.5' maxPromptLength is '500k'", {"grok-4.5"}, {("us-east-1", "grok-4.5")}),
    (_edit_model("us-central-1", "grok-4.7", lambda m: m.pop("promptTextTokenPrice")),
     "'us-central-1': languageModels 'grok-4.7' has no promptTextTokenPrice", {"grok-4.7"},
     {("us-central-1", "grok-4.7")}),
    (_edit_model("us-east-1", "grok-4.5", lambda m: m.pop("completionTokenPriceLongContext")),
     "'grok-4.5' has no completionTokenPriceLongContext", {"grok-4.5"}, {("us-east-1", "grok-4.5")}),
    (_edit_model("eu-west-1", "grok-4.3", lambda m: m.pop("batchDiscountPercent")),  # its batch offering too
     "'eu-west-1': languageModels 'grok-4.3' has batchEnabled but batchDiscountPercent is None", {"grok-4.3"},
     {("eu-west-1", "grok-4.3")}),
    (_edit_model("us-west-2", "grok-imagine-image", lambda m: m["resolutionPricing"][0].pop("pricePerImage")),
     "'grok-imagine-image' has no resolutionPricing[IMAGE_RESOLUTION_1K].pricePerImage", {"grok-imagine-image"},
     {("us-west-2", "grok-imagine-image")}),
    # a secondary table removed or of another shape: a kind of list gone from every cluster, a list, a cluster
    (lambda p: [c.pop("audioModels", None) for c in p["clusterConfigs"]], "list 'audioModels': no cluster lists it",
     None, lambda o: entries(o, "audioModels")),
    (lambda p: p["clusterConfigs"][1].update(audioModels={}), "cluster 'eu-west-1': audioModels is not a list", None,
     lambda o: entries(o, "audioModels", "eu-west-1")),
    (lambda p: p["clusterConfigs"][0].pop("clusterName"), "clusterConfigs[0] is not a cluster with a clusterName",
     None, lambda o: entries(o, cluster="us-east-1")),
    (lambda p: p["clusterConfigs"][4].update(clusterName="us-central-1"),
     "clusterConfigs[4]': cluster 'us-central-1' is listed 2 times", None,
     lambda o: entries(o, cluster="us-central-1") | entries(o, cluster="us-saltlake-2")),
]


@pytest.mark.parametrize("edit, message, models, lost", UNREAD_EDITS)
def test_a_part_that_cannot_be_read_is_named_and_the_rest_is_read(edit, message, models, lost):
    original, result = edited(edit)
    whole = read_offerings(parse_page(xai, captured_page(CAPTURE)))
    (part,) = [u for u in result.unread if message in str(u)]
    assert part.url == URL and part.where.startswith(f"{URL} · ")
    assert part.models == (None if models is None else frozenset(models))
    read = read_offerings(result)
    assert read.keys() <= whole.keys() and all(read[key] == whole[key] for key in read)  # read as before
    assert {(k.region, k.model) for k in whole.keys() - read.keys()} == (lost(original) if callable(lost) else lost)
    assert not {o.key for o in result.offerings if o.unread} & read.keys()


def test_the_capture_is_read_whole():
    assert parse_page(xai, captured_page(CAPTURE)).unread == []


@pytest.mark.parametrize("edit, key", [
    (lambda p: p["clusterConfigs"][0]["languageModels"].append(NEW_MODEL), OfferingKey("grok-5", "standard",
                                                                                       "us-east-1")),
    (lambda p: p["clusterConfigs"][3].update(NEW_LIST), OfferingKey("grok-embed-1", "standard", "us-central-1")),
])
def test_a_new_model_that_cannot_be_read_stands_in_its_cluster_with_unknown_values(edit, key):
    _, result = edited(edit)
    (placeholder,) = [o for o in result.offerings if o.unread]
    assert placeholder.key == key and placeholder.values == {} and placeholder.unread


@pytest.mark.parametrize("edit, message", [
    (lambda p: p.pop("clusterConfigs"), "the models object has no clusterConfigs list"),
    (lambda p: p.update(clusterConfigs=[]), "the models object has no clusterConfigs list"),
    (lambda p: [c.pop("languageModels", None) for c in p["clusterConfigs"]], "no cluster read lists languageModels"),
])
def test_without_the_catalogue_the_run_fails(edit, message):
    with pytest.raises(ParseError, match=re.escape(URL)) as error:
        edited(edit)
    assert message in str(error.value)


def test_the_long_context_fields_are_named_by_the_threshold_stated():
    page = captured_page(CAPTURE)
    payload = json.loads(page.body)
    _edit_model("us-east-1", "grok-4.5", lambda m: m.update(longContextThreshold="128000"))(payload)
    values = offerings_of(page, json.dumps(payload))[OfferingKey("grok-4.5", "standard", "us-east-1")].values
    assert values["other:output_above_128k"].amount == Decimal("12.00")
    assert "other:output_above_200k" not in values
