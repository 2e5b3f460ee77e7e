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

Read strictly (the run fails): the object, its clusterConfigs list, and languageModels in at least one
cluster read. Named and skipped, the rest read (see scrapers/_partial.py): a model entry of an unfamiliar
shape (a price key the parser does not know, a price that is not an integer string, an endpoint of
another kind...; its model is left unobserved, or added with unknown values in its cluster when new), a
cluster without a name or listed twice, a list that is not a list, a key of a cluster the parser does not
know (its entries' models named), a kind of model list no cluster lists. Prices are integer strings:
"Free", struck-through list prices and footnote marks do not occur in this object.

Submodules: payload (the page and its clusters), entry (one model entry; prices read exactly),
language (language models, batch derivation), media (image, video and voice models).
"""

from __future__ import annotations

from core.guard import GuardPolicy
from core.offering import Offering, Provider, ScrapeResult
from scrapers._base import Fetched, Source
from scrapers._partial import Parts
from scrapers.xai.entry import Entry
from scrapers.xai.language import language_offerings
from scrapers.xai.media import media_offering
from scrapers.xai.payload import model_entry, model_lists, model_name, read_payload

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
    parts = Parts(page.url)
    offerings: list[Offering] = []
    entries: list[Entry] = []  # those read
    for cluster, kind, items in model_lists(read_payload(page), page.url, parts):
        parts.region = cluster  # an xAI offering is in its cluster's region, and so is a placeholder
        for index, data in enumerate(items):  # one entry is one row: a bad one costs only its own offerings
            name = model_name(data)
            with parts.row(f"{cluster} · {kind}", name or f"{kind}[{index}]", name):
                entry = model_entry(data, cluster, kind, index, page.url)
                offerings += _offerings(entry, page.url)
                entries.append(entry)
    return ScrapeResult(offerings + parts.placeholders, {page.url}, [_not_read(entries)], parts.unread)


def _offerings(entry: Entry, url: str) -> list[Offering]:
    if entry.kind == "languageModels":
        return language_offerings(entry, url)
    return [media_offering(entry, url)]


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
