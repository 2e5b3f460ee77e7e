"""Perplexity: Sonar, embedding, tool and Search API prices from its API pricing page.

Source: https://docs.perplexity.ai/guides/pricing (HTML, Mintlify). Every <table> on the page is found
by its header row (tables.py), so the whole page and a capture holding only its tables read alike; a
table of an unknown layout, a changed header, a missing table or an unparseable cell fails the run.

- Token pricing: Model | Input | Output | Citation Tokens ($/1M) | Search Queries ($/1K) | Reasoning Tokens
  ($/1M) -> input, output (USD per 1M tokens), ``other:citation``, ``other:reasoning`` (USD per 1M tokens),
  ``other:search_queries`` (USD per 1,000 searches). "-" is not offered (the page: those charges "Only
  apply to Sonar Deep Research"). Ids: the names in lower case with hyphens, as the API names them
  ("Sonar Reasoning Pro" -> sonar-reasoning-pro). No cache prices and no limits are stated: unknown.
- Request pricing (Model | Low / Medium / High Context Size): per-request fees, not token prices ->
  ``other:request_low_context`` / ``_medium_context`` / ``_high_context`` of that model, USD per 1,000
  requests (the page says so above the table). A row for a model the token table lacks fails.
- Search type options (Sonar Pro's Pro Search): "$6 / $10 / $14" -> a price class ``search-type/<type>``
  with the same three request fields; "Varies by classification" (auto) is variable.
- Embeddings (two tables, standard and contextualized): input per 1M tokens; output unknown.
- Tool pricing and Search API pricing: price classes ``tool/<name>`` (tools.py).

Not read (one warning per run): the worked cost examples (Component | Cost: sums, not prices), the
embeddings' Dimensions and the Description columns (their restated tool prices are checked).
"""

from __future__ import annotations

from collections import Counter

from selectolax.lexbor import LexborHTMLParser

from core.errors import ParseError
from core.guard import GuardPolicy
from core.offering import Offering, Provider, ScrapeResult
from scrapers._base import Fetched, Source
from scrapers.perplexity.cells import PRICING_URL
from scrapers.perplexity.offerings import embedding_offerings, model_offerings, search_type_offerings
from scrapers.perplexity.tables import (COST_EXAMPLE, EMBEDDINGS, REQUESTS, SEARCH_API, SEARCH_TYPES, TOKENS,
                                        TOOLS, find_tables)
from scrapers.perplexity.tools import search_api_offerings, tool_offerings

PROVIDER = Provider("perplexity", "Perplexity", "https://www.perplexity.ai")
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "1"
# 17 offerings in August 2026: 4 Sonar models, 4 embedding models, 5 tools, the Search API, 3 search types.
GUARD = GuardPolicy(min_offerings=12)


def parse(fetched: Fetched) -> ScrapeResult:
    """Offerings of the Sonar and embedding models, and price classes of the tools and search types."""
    page = fetched.pages["pricing"][0]
    tables = find_tables(LexborHTMLParser(page.text()), page.url)
    offerings = model_offerings(tables[TOKENS][0], tables[REQUESTS][0], page.url)
    offerings += [o for rows in tables[EMBEDDINGS] for o in embedding_offerings(rows, page.url)]
    offerings += search_type_offerings(tables[SEARCH_TYPES][0], page.url)
    offerings += tool_offerings(tables[TOOLS][0], page.url) + search_api_offerings(tables[SEARCH_API][0], page.url)
    _no_duplicates(offerings, page.url)
    return ScrapeResult(offerings, {PRICING_URL}, [_not_read(len(tables.get(COST_EXAMPLE, [])))])


def _no_duplicates(offerings: list[Offering], url: str) -> None:
    if twice := [str(key) for key, n in Counter(o.key for o in offerings).items() if n > 1]:
        raise ParseError(f"{url}: listed in two rows or tables: {', '.join(twice)}")


def _not_read(cost_examples: int) -> str:
    examples = f"{cost_examples} worked cost examples (tables Component | Cost: sums of prices, not prices); " \
        if cost_examples else ""
    return (f"not read: {examples}the embedding tables' Dimensions column (no price); the Description columns "
            "(the tools' restated per-1,000 prices are checked against their Price cells, not stored)")
