"""xAI: every model's prices, per cluster, from the object its models page embeds.

Source: https://docs.x.ai/docs/models, an HTML page whose script assigns the model table as JSON,
``globalThis.__XAI_PUBLIC_MODELS__ = {"clusterConfigs": [...]}``; the capture holds that object alone
(application/json), and both are read. Each cluster (us-east-1, us-central-1, ...) is the region of
its offerings; its prices are read as stated (us-central-1's are about 10% higher), never derived.
Prices are integer strings in USD 1e-10 per token or per unit ("20000" is $2.00 per 1M tokens).

Language models: prompt, cached prompt and completion prices, the image-token price, the long-context
prices above longContextThreshold, maxPromptLength; a batch offering derived from batchDiscountPercent
where batchEnabled. Image, video and voice models: their prices per image, second, character, audio
second, minute or text input, as other:<name> fields. Not read, named in one warning: rate limits,
provisioned throughput, aliases, features, and batch flags that state no discount.

Submodules: payload (the page and its clusters), entry (one model entry; prices read exactly),
language (language models, batch derivation), media (image, video and voice models).
"""

from __future__ import annotations

from core.guard import GuardPolicy
from core.offering import Offering, Provider, ScrapeResult
from scrapers._base import Fetched, Source
from scrapers.xai.entry import Entry
from scrapers.xai.language import language_offerings
from scrapers.xai.media import media_offering
from scrapers.xai.payload import clusters, read_payload

PROVIDER = Provider("xai", "xAI", "https://x.ai")
MODELS_URL = "https://docs.x.ai/docs/models"
SOURCES = (Source("models", MODELS_URL, kind="page", expects=("text/html", "application/json")),)
PARSER_VERSION = "1"
GUARD = GuardPolicy(min_offerings=30)  # 52 offerings (43 model entries in 6 clusters) in September 2026

NOT_READ = ("rate limits (rps, rpm, tpm, rateLimits, voice endpoints' concurrentSessions and tiers), "
            "provisionedThroughput, aliases, features, modalities")


def parse(fetched: Fetched) -> ScrapeResult:
    """One standard offering per model and cluster, and a batch one where a batch discount is stated."""
    page = fetched.pages["models"][0]
    entries = [entry for found in clusters(read_payload(page), page.url).values() for entry in found]
    offerings: list[Offering] = []
    for entry in entries:
        if entry.kind == "languageModels":
            offerings += language_offerings(entry, page.url)
        else:
            offerings.append(media_offering(entry, page.url))
    return ScrapeResult(offerings, {page.url}, [_not_read(entries)])


def _not_read(entries: list[Entry]) -> str:
    """The one warning: what the object holds that is not a price, and batch flags without a discount."""
    # batchEnabled without batchDiscountPercent (image, video models) states no batch price: none derived;
    # a discount without batchEnabled (grok-build-0.1) is not offered as batch: none derived either.
    flag_only = _names(e for e in entries
                       if e.data.get("batchEnabled") is True and "batchDiscountPercent" not in e.data)
    discount_only = _names(e for e in entries if e.data.get("batchEnabled") is not True
                           and e.data.get("batchDiscountPercent") not in (None, 0))
    parts = [NOT_READ]
    if flag_only:
        parts.append(f"batchEnabled without a batchDiscountPercent (no batch price derived): {flag_only}")
    if discount_only:
        parts.append(f"batchDiscountPercent without batchEnabled (no batch offering): {discount_only}")
    return "not read: " + "; ".join(parts)


def _names(entries) -> str:
    return ", ".join(sorted({e.name for e in entries}))
