"""Perplexity: Sonar, embedding, tool and Search API prices from its API pricing page.

Source: https://docs.perplexity.ai/guides/pricing (HTML, Mintlify). Every <table> on the page is found
by its header row (tables.py), so the whole page and a capture holding only its tables read alike.

Read strictly: the token pricing table (the catalogue of Sonar models); missing, twice or with other
columns, it fails the run. Named and skipped, never guessed (scrapers/_partial.py): any other table that
is missing, twice or changed, and a table of a layout not seen before (nothing on the page is delisted
that run); a row with an unfamiliar cell or cell count, and an offering listed in two rows or tables (its
model is left unobserved, or added with unknown values when new). A Sonar model whose token or request row
is not read is dropped whole; without the request table its request fees are unobserved (kept as stored).
"Free" (any case) is free, the word kept in provenance; a struck-through list price beside the price
charged (<del>, <s>, <strike>) is read as the price charged, the list price kept as
other:<field>_list_price; footnote marks after a name ("(1)", "*", "¹", <sup>) are not part of it.

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

from core.guard import GuardPolicy
from core.offering import Offering, Provider, ScrapeResult
from scrapers._base import Fetched, Source
from scrapers._partial import Parts
from scrapers.perplexity.cells import PRICING_URL
from scrapers.perplexity.offerings import embedding_offerings, model_offerings, search_type_offerings
from scrapers.perplexity.tables import (COST_EXAMPLE, EMBEDDINGS, REQUESTS, SEARCH_API, SEARCH_TYPES, TOKENS,
                                        TOOLS, find_tables)
from scrapers.perplexity.tools import search_api_offerings, tool_offerings

PROVIDER = Provider("perplexity", "Perplexity", "https://www.perplexity.ai")
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "2"
# 17 offerings in August 2026: 4 Sonar models, 4 embedding models, 5 tools, the Search API, 3 search types.
GUARD = GuardPolicy(min_offerings=12)
SECONDARY = {EMBEDDINGS: embedding_offerings, SEARCH_TYPES: search_type_offerings, TOOLS: tool_offerings,
             SEARCH_API: search_api_offerings}  # each table's rows to offerings (the embeddings: two tables)


def parse(fetched: Fetched) -> ScrapeResult:
    """Offerings of the Sonar and embedding models, and price classes of the tools and search types."""
    page = fetched.pages["pricing"][0]
    parts = Parts(page.url)
    tables = find_tables(LexborHTMLParser(page.text()), parts)
    requests = tables[REQUESTS][0] if REQUESTS in tables else None  # not read: the request fees are unobserved
    read = {TOKENS: model_offerings(tables[TOKENS][0], requests, parts)}
    for name, offerings_of in SECONDARY.items():
        read[name] = [o for rows in tables.get(name, []) for o in offerings_of(rows, parts)]
    offerings = _listed_once(read, parts)
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, [_not_read(len(tables.get(COST_EXAMPLE, [])))],
                        parts.unread)


def _listed_once(read: dict[str, list[Offering]], parts: Parts) -> list[Offering]:
    """The offerings listed once; one listed in two rows or tables is named, and dropped whole: which row is
    right is not guessed."""
    times = Counter(o.key for offerings in read.values() for o in offerings)
    named = set()
    for table, offering in ((t, o) for t, offerings in read.items() for o in offerings if times[o.key] > 1):
        if offering.key not in named:
            named.add(offering.key)
            parts.skip(table, offering.model.name, f"listed in two rows or tables: {offering.key}", offering.model)
    return [o for offerings in read.values() for o in offerings if times[o.key] == 1]


def _not_read(cost_examples: int) -> str:
    examples = f"{cost_examples} worked cost examples (tables Component | Cost: sums of prices, not prices); " \
        if cost_examples else ""
    return (f"not read: {examples}the embedding tables' Dimensions column (no price); the Description columns "
            "(the tools' restated per-1,000 prices are checked against their Price cells, not stored)")
