"""Image, video and voice models: their prices in their own units, one standard offering per cluster.

Image: imagePrice -> other:output_per_image, each resolutionPricing row's pricePerImage ->
other:output_per_image_<resolution>[_<quality>] (IMAGE_RESOLUTION_1P5K -> 1p5k), pricePerInputImage
-> other:input_per_image, in USD per image. Video: pricePerSecond -> other:output_per_second_<resolution>,
pricePerInputImage -> other:input_per_image, pricePerInputVideoSecond -> other:input_video_per_second.
Voice: each endpoint's pricing (ENDPOINT_PRICES). Token prices and limits are not stated: unknown.
"""

from __future__ import annotations

from typing import Any

from core.offering import MAIN_FIELDS, PRICE_FIELDS, ModelInfo, Offering, OfferingKey
from core.values import TOKENS, Value, unknown
from scrapers.xai.entry import PRICE_LIKE, TOKEN, Entry

IMAGE_KEYS = {"imagePrice", "resolutionPricing", "pricePerInputImage"}
VIDEO_KEYS = {"resolutionPricing", "pricePerInputImage", "pricePerInputVideoSecond"}
# Per endpoint type, pricing key -> (other: field, the unit it is per).
ENDPOINT_PRICES = {
    "TTS": {"perCharacter": ("input_per_character", "character")},
    "STT": {"perAudioSecond": ("input_per_audio_second", "audio second"),
            "perAudioSecondStreaming": ("input_per_audio_second_streaming", "audio second")},
    "REALTIME": {"realtimeAudioSecondPrice": ("realtime_audio_per_second", "audio second"),
                 "realtimeAudioTokenPrice": ("realtime_audio_token", TOKEN),
                 "realtimeTextInputPrice": ("realtime_text_input", "text input"),
                 "pstnMinutePrice": ("pstn_per_minute", "minute")},
}


def media_offering(entry: Entry, listed_by: str) -> Offering:
    """The standard offering of one image, video or voice model in one cluster."""
    reader = {"imageGenerationModels": _image, "videoGenerationModels": _video, "audioModels": _voice}[entry.kind]
    values = reader(entry)
    if not values:
        raise entry.fail("states no price")
    blank = unknown(entry.source("no token prices stated"))
    values |= {f: blank if f in PRICE_FIELDS else unknown(entry.source("no limits stated"), TOKENS)
               for f in MAIN_FIELDS}
    return Offering(OfferingKey(entry.name, "standard", entry.cluster), ModelInfo(entry.name, entry.name),
                    values, listed_by)


def _image(entry: Entry) -> dict[str, Value]:
    entry.check_keys(IMAGE_KEYS)
    return _stated(entry, {"imagePrice": ("output_per_image", "image"),
                           "pricePerInputImage": ("input_per_image", "image")}) | _resolutions(
        entry, "IMAGE_RESOLUTION_", "pricePerImage", "output_per_image", "image")


def _video(entry: Entry) -> dict[str, Value]:
    entry.check_keys(VIDEO_KEYS)
    return _stated(entry, {"pricePerInputImage": ("input_per_image", "image"),
                           "pricePerInputVideoSecond": ("input_video_per_second", "second")}) | _resolutions(
        entry, "VIDEO_RESOLUTION_", "pricePerSecond", "output_per_second", "second")


def _stated(entry: Entry, keys: dict[str, tuple[str, str]]) -> dict[str, Value]:
    return {f"other:{field}": entry.price(entry.data, key, key, per)
            for key, (field, per) in keys.items() if key in entry.data}


def _resolutions(entry: Entry, prefix: str, key: str, field: str, per: str) -> dict[str, Value]:
    """other:<field>_<resolution>[_<quality>] for each resolutionPricing row."""
    values: dict[str, Value] = {}
    for row in entry.items("resolutionPricing"):
        resolution, quality = row.get("resolution"), row.get("quality")
        if set(row) - {"resolution", "quality", key}:
            raise entry.fail(f"has a resolutionPricing row with unknown keys: {sorted(row)}")
        if not isinstance(resolution, str) or not resolution.startswith(prefix):
            raise entry.fail(f"has a resolutionPricing row with resolution {resolution!r}, not {prefix}<size>")
        if quality is not None and not (isinstance(quality, str) and quality.isalnum()):
            raise entry.fail(f"has a resolutionPricing row with quality {quality!r}")
        name = "_".join(filter(None, (field, resolution.removeprefix(prefix).lower(), quality)))
        if f"other:{name}" in values:
            raise entry.fail(f"prices {resolution} {quality or ''} twice")
        label = f"resolutionPricing[{', '.join(filter(None, (resolution, quality)))}].{key}"
        values[f"other:{name}"] = entry.price(row, key, label, per)
    return values


def _voice(entry: Entry) -> dict[str, Value]:
    entry.check_keys({"endpoints"})
    values: dict[str, Value] = {}
    for endpoint in entry.items("endpoints"):
        for field, value in _endpoint(entry, endpoint).items():
            if field in values:
                raise entry.fail(f"prices {field} in two endpoints")
            values[field] = value
    return values


def _endpoint(entry: Entry, endpoint: dict[str, Any]) -> dict[str, Value]:
    kind, pricing = endpoint.get("endpoint"), endpoint.get("pricing")
    if kind not in ENDPOINT_PRICES or not isinstance(pricing, dict):
        raise entry.fail(f"has an endpoint {kind!r} the parser does not know, or without pricing")
    known = ENDPOINT_PRICES[kind]
    unread = {*(k for k in endpoint if PRICE_LIKE.search(k) and k != "pricing"), *(set(pricing) - set(known))}
    if unread := sorted(unread):
        raise entry.fail(f"endpoint {kind} has prices the parser does not know: {unread}")
    return {f"other:{field}": entry.price(pricing, key, f"endpoints[{kind}].pricing.{key}", per)
            for key, (field, per) in known.items() if key in pricing}
