"""Amazon Bedrock: on-demand prices by region from the AWS Price List bulk API (no key).

Source: GET https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/current/region_index.json,
whose ``regions`` give each region's ``currentVersionUrl`` (a path on the same host) of its offer file;
every region's file is then read (``Source.follow``). A file that cannot be fetched leaves that region's
offerings as they were and a warning names the region. Prices are strings in USD per 1K tokens,
stored per 1M (raw amount and unit kept in provenance); a file is read by scrapers/bedrock/offers.py,
its products by scrapers/bedrock/products.py and placed by scrapers/bedrock/usage.py. The offering's
region is the product's regionCode.

Read strictly (the run fails): the index's "regions", a currentVersionUrl off the index's host (never
followed), each file's ``products`` and ``terms.OnDemand``. Named as not read, the rest read (see
scrapers/_partial.py): a region entry without a currentVersionUrl (its offerings left as they were),
and each product of an unknown shape (usage type, unit, currency, amount, attributes; see offers.py).
The price list states amounts as numbers: a "Free" word, a struck-through list price or a footnote mark
cannot occur in it. Other term types (Reserved) and top-level keys are not read.
"""

from __future__ import annotations

from urllib.parse import urljoin

import httpx

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import Provider, ScrapeResult, Unread
from scrapers._base import Fetched, Page, Source, canonical_url
from scrapers.bedrock.offers import read_offer

PROVIDER = Provider("bedrock", "Amazon Bedrock", "https://aws.amazon.com/bedrock/")
HOST = "pricing.us-east-1.amazonaws.com"
INDEX_URL = f"https://{HOST}/offers/v1.0/aws/AmazonBedrock/current/region_index.json"
PARSER_VERSION = "2"  # 2: a product or region entry of an unknown shape is named, the rest read
# The trimmed capture lists 10 offerings in one region; the real files list far more per region.
# The price list states amounts, never "free": a stated 0 (Nova's prompt-cache writes) is free.
GUARD = GuardPolicy(min_offerings=8, zero_means_free=True)
NOT_READ = ("not read: each price's description (it restates the price), the products' location, feature and "
            "inferenceType names, the terms' effectiveDate, and the files' publicationDate and disclaimer")


def region_files(page: Page) -> dict[str, str]:
    """Region code -> the URL of its current offer file, for each region that gives one (see ``_file_url``)."""
    files = {code: _file_url(page.url, code, entry) for code, entry in _regions(page).items()}
    return {code: url for code, url in files.items() if url is not None}


def _regions(page: Page) -> dict[str, object]:
    index = page.json()
    regions = index.get("regions") if isinstance(index, dict) else None
    if not isinstance(regions, dict) or not regions:
        raise ParseError(f"{page.url}: the region index lists no \"regions\"")
    return regions


def _file_url(index_url: str, code: str, entry: object) -> str | None:
    """The region's file URL; None when the entry gives none (the region is named as not read). A URL off
    the index's host fails the run: it is never followed."""
    path = entry.get("currentVersionUrl") if isinstance(entry, dict) else None
    if not isinstance(path, str) or not path:
        return None
    url = urljoin(index_url, path)
    if httpx.URL(url).host != HOST:  # the index names paths on its own host; anything else is not followed
        raise ParseError(f"{index_url}: region {code}: currentVersionUrl {path!r} is not on {HOST}")
    return url


def listing_url(code: str) -> str:
    """The region's offer file at its stable "current" address: the listing its offerings belong to.
    The versioned URL read changes with every publication, so it cannot prove a later delisting."""
    return f"https://{HOST}/offers/v1.0/aws/AmazonBedrock/current/{code}/index.json"


SOURCES = (Source("prices", INDEX_URL, kind="api", expects="application/json",
                  follow=lambda page: list(region_files(page).values())),)


def parse(fetched: Fetched) -> ScrapeResult:
    """The offerings of every region file read; a region not fetched is named in a warning, a region entry or
    product that cannot be read as not read."""
    index, *pages = fetched.pages["prices"]
    read = {canonical_url(page.url): page for page in pages}
    result, unpriced, files = ScrapeResult([], set()), [], region_files(index)
    for code in _regions(index):
        if code not in files:  # its offerings stay as they were: the region's listing is not read
            result.unread.append(Unread(listing_url(code), f"{index.url} · region {code!r}", "no currentVersionUrl"))
            continue
        page = read.get(canonical_url(files[code]))
        if page is None:
            reason = fetched.failure("prices", files[code]) or "no response"
            result.warnings.append(f"region {code} not read, its offerings are left as they were: {reason}")
            continue
        region = read_offer(page, listing_url(code), code)
        result.offerings += region.offerings
        result.unread += region.unread
        result.listings_read.add(listing_url(code))
        unpriced += region.unpriced
    result.warnings.append(NOT_READ + (f"; products without an on-demand price: {', '.join(unpriced)}"
                                       if unpriced else ""))
    return result
