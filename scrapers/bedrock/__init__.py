"""Amazon Bedrock: on-demand prices by region from the AWS Price List bulk API (no key).

Source: GET https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonBedrock/current/region_index.json,
whose ``regions`` give each region's ``currentVersionUrl`` (a path on the same host) of its offer file;
every region's file is then read (``Source.follow``). A file that cannot be read leaves that region's
offerings as they were and the run names the region. Prices are strings in USD per 1K tokens,
stored per 1M (raw amount and unit kept in provenance); rows are placed by scrapers/bedrock/usage.py
and read by scrapers/bedrock/offers.py. The offering's region is the product's regionCode.
"""

from __future__ import annotations

from urllib.parse import urljoin

import httpx

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import Provider, ScrapeResult
from scrapers._base import Fetched, Page, Source, canonical_url
from scrapers.bedrock.offers import read_offer

PROVIDER = Provider("bedrock", "Amazon Bedrock", "https://aws.amazon.com/bedrock/")
HOST = "pricing.us-east-1.amazonaws.com"
INDEX_URL = f"https://{HOST}/offers/v1.0/aws/AmazonBedrock/current/region_index.json"
PARSER_VERSION = "1"
# The trimmed capture lists 10 offerings in one region; the real files list far more per region.
# The price list states amounts, never "free": a stated 0 (Nova's prompt-cache writes) is free.
GUARD = GuardPolicy(min_offerings=8, zero_means_free=True)
NOT_READ = ("not read: each price's description (it restates the price), the products' location, feature and "
            "inferenceType names, the terms' effectiveDate, and the files' publicationDate and disclaimer")


def region_files(page: Page) -> dict[str, str]:
    """Region code -> the URL of its current offer file, from the region index."""
    index = page.json()
    regions = index.get("regions") if isinstance(index, dict) else None
    if not isinstance(regions, dict) or not regions:
        raise ParseError(f"{page.url}: the region index lists no \"regions\"")
    return {code: _file_url(page.url, code, entry) for code, entry in regions.items()}


def _file_url(index_url: str, code: str, entry: object) -> str:
    path = entry.get("currentVersionUrl") if isinstance(entry, dict) else None
    if not isinstance(path, str) or not path:
        raise ParseError(f"{index_url}: region {code} has no currentVersionUrl")
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
    """The offerings of every region file read; a region not read is named in a warning."""
    index, *files = fetched.pages["prices"]
    read = {canonical_url(page.url): page for page in files}
    result, unpriced = ScrapeResult([], set()), []
    for code, url in region_files(index).items():
        page = read.get(canonical_url(url))
        if page is None:
            reason = fetched.failure("prices", url) or "no response"
            result.warnings.append(f"region {code} not read, its offerings are left as they were: {reason}")
            continue
        offerings, skus = read_offer(page, listing_url(code))
        result.offerings += offerings
        result.listings_read.add(listing_url(code))
        unpriced += skus
    result.warnings.append(NOT_READ + (f"; products without an on-demand price: {', '.join(unpriced)}"
                                       if unpriced else ""))
    return result
