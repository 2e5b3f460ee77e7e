"""Language models: a standard offering per cluster, and a batch one derived from its stated discount.

promptTextTokenPrice -> input, cachedPromptTokenPrice -> cached_input, completionTextTokenPrice ->
output, promptImageTokenPrice -> other:input_image (USD per 1M tokens); the *LongContext prices,
which apply above longContextThreshold prompt tokens, -> other:<field>_above_<threshold>;
maxPromptLength -> context_window. Cache write and max output are not stated: unknown.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from core.offering import ModelInfo, Offering, OfferingKey
from core.values import TOKENS, Value, limit, price, unknown
from scrapers.xai.entry import TOKEN, Entry

BASE = {"promptTextTokenPrice": "input", "cachedPromptTokenPrice": "cached_input",
        "completionTextTokenPrice": "output"}
LONG = {"promptTextTokenPriceLongContext": "input", "cachedPromptTokenPriceLongContext": "cached_input",
        "completionTokenPriceLongContext": "output"}
IMAGE = "promptImageTokenPrice"
KNOWN = {*BASE, *LONG, IMAGE, "longContextThreshold", "batchDiscountPercent", "batchEnabled", "maxPromptLength"}


def language_offerings(entry: Entry, listed_by: str) -> list[Offering]:
    """The standard offering of one model in one cluster, and its batch offering where batch is enabled."""
    entry.check_keys(KNOWN)
    values = {field: entry.price(entry.data, key, key, TOKEN) for key, field in BASE.items()}
    if (image := entry.optional_price(IMAGE, TOKEN)) is not None:
        values["other:input_image"] = image
    values |= _long_context(entry)
    standard = values | _unstated(entry)
    model = ModelInfo(entry.name, entry.name)
    offerings = [Offering(OfferingKey(entry.name, "standard", entry.cluster), model, standard, listed_by)]
    if (discount := batch_discount(entry)) is not None:
        batch = {field: _discounted(value, discount, entry) for field, value in values.items()}
        offerings.append(Offering(OfferingKey(entry.name, "batch", entry.cluster), model,
                                  batch | _unstated(entry), listed_by))
    return offerings


def _long_context(entry: Entry) -> dict[str, Value]:
    """other:<field>_above_<threshold>: all three prices, with their threshold, or none of them."""
    present = [key for key in LONG if key in entry.data]
    if "longContextThreshold" not in entry.data and not present:
        return {}
    threshold = entry.data.get("longContextThreshold")
    if not isinstance(threshold, str) or not threshold.isdigit() or int(threshold) <= 0:
        raise entry.fail(f"longContextThreshold is {threshold!r}, not a positive integer string")
    suffix = f"_above_{_tokens(int(threshold))}"
    label = f"(longContextThreshold {threshold} prompt tokens)"
    return {f"other:{field}{suffix}": entry.price(entry.data, key, f"{key} {label}", TOKEN)
            for key, field in LONG.items()}


def _tokens(count: int) -> str:
    """200000 -> "200k", 1000000 -> "1m", as the field names of other providers write thresholds."""
    for size, letter in ((1_000_000, "m"), (1_000, "k")):
        if count % size == 0:
            return f"{count // size}{letter}"
    return str(count)


def _unstated(entry: Entry) -> dict[str, Value]:
    return {"cache_write": unknown(entry.source("cache write not stated")),
            "context_window": limit(entry.integer("maxPromptLength"), entry.source("maxPromptLength")),
            "max_output_tokens": unknown(entry.source("max output not stated"), TOKENS)}


def batch_discount(entry: Entry) -> Decimal | None:
    """The stated batch discount in percent where batchEnabled is true; None without batch."""
    if entry.data.get("batchEnabled") is not True:
        return None
    discount = entry.data.get("batchDiscountPercent")
    if isinstance(discount, bool) or not isinstance(discount, int | Decimal) or not 0 <= discount < 100:
        raise entry.fail(f"has batchEnabled but batchDiscountPercent is {discount!r}, not a percentage below 100")
    return Decimal(discount)


def _discounted(value: Value, discount: Decimal, entry: Entry) -> Value:
    # The discount is stated per model, for its token prices; the batch price is derived, never read.
    rule = (f"batchEnabled with batchDiscountPercent {discount}: batch token prices are "
            f"the standard prices less {discount}%")
    return price(value.amount * (100 - discount) / 100, replace(value.provenance, rule=rule), value.unit)
