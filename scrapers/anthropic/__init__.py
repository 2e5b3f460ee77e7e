"""Anthropic (Claude API): prices from its pricing docs page, in its Markdown rendering.

Source: https://docs.claude.com/en/docs/about-claude/pricing.md (prices in USD, "MTok" = 1M tokens).
Every price cell is written "\\$<amount> / MTok" (Markdown escapes the dollar sign). Read:
- "Model pricing": Model | Base Input Tokens | 5m Cache Writes | 1h Cache Writes | Cache Hits & Refreshes |
  Output Tokens -> the standard tier's input, cache_write (5 minutes, the default), other:cache_write_1h,
  cached_input and output.
- "Batch processing": Model | Batch input | Batch output -> the batch tier's input and output, as stated (not
  derived from the stated discount). The page states no batch cache prices: unknown.
- "Long context pricing": one table "≤ 200K input tokens | > 200K input tokens" with an Input and an Output row,
  for the models its opening sentence names. The prices above the threshold go on those models' standard
  offerings as other:input_above_200k and other:output_above_200k; the "≤" prices must equal their base prices.
  Long-context cache and batch prices are given only as rules (multipliers "on top", the batch discount): not derived.
Model ids: the page gives labels, not API ids, so the id is the label in lower case with hyphens ("Claude Opus 4.1"
-> "claude-opus-4-1"; "Claude Haiku 3" -> "claude-haiku-3", not the API's "claude-3-haiku-..."). A label's
"([deprecated](...))" note is kept in the provenance label. The page states no context windows or output limits.
Priced tools, tied to no model: the price sentence of "Web search tool" and of "Code execution tool" -> an offering
of kind "price_class", tier standard, id "tool/<heading less ' tool', in lower case with hyphens>", its price in its
unit (other:search "USD per 1,000 searches", other:container_hour "USD per container-hour"; the daily free hours kept
in the raw text), token fields and limits unknown. A "$" in any other tool section is a price not read: named.
Not read (one warning per run): tool token overheads (system prompt, bash, text editor, computer use: extra tokens
at the model's prices, not prices; web fetch: no charge beyond tokens); third-party platforms price on their pages.
"Free" (any case) is free; a struck-through list price ("~~\\$3 / MTok~~ \\$1.50 / MTok") is kept beside the price
charged as other:<field>_list_price; a footnote mark beside a model's name is not part of it (see cells.py).
Strict (the run fails): "Model pricing" (found, its columns, at least one row read). Named and skipped (see scrapers/_partial.py): a row of any table that cannot be read (its model and tier
left unobserved, or added with unknown values when new), "Batch processing" missing or changed, a part of "Long
context pricing" (the standard offerings it adds to dropped whole), a priced tool's sentence not found, a price in
a tool section not read (the tool added with unknown values).

Submodules: cells (a price cell, unknown defaults, ids), tables (the model pricing and batch tables),
long_context (prices above the threshold), tools (the priced tools).
"""

from __future__ import annotations

from core.guard import GuardPolicy
from core.offering import Provider, ScrapeResult
from scrapers._base import Fetched, Source
from scrapers._markdown import sections
from scrapers._partial import Parts
from scrapers.anthropic.cells import PRICING_URL
from scrapers.anthropic.long_context import add_long_context
from scrapers.anthropic.tables import model_offerings
from scrapers.anthropic.tools import tool_offerings

PROVIDER = Provider("anthropic", "Anthropic", "https://www.anthropic.com")
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/markdown"),)
PARSER_VERSION = "2"
GUARD = GuardPolicy(min_offerings=6)  # 9 models x (standard, batch) + 2 tools = 20 offerings in late 2025

NOT_READ = ("not read: tool token overheads (extra tokens at the model's prices, not prices); third-party platform "
            "prices (Bedrock, Vertex AI, Foundry: on their own pages)")


def parse(fetched: Fetched) -> ScrapeResult:
    """A standard and a batch offering per model, long-context prices on those they apply to; the priced tools."""
    page = fetched.pages["pricing"][0]
    found, parts = sections(page.text()), Parts(page.url)
    offerings, not_read = model_offerings(found, parts)
    dropped = add_long_context(found, {o.model.name: o for o in offerings if o.key.tier == "standard"}, not_read,
                               parts)
    # an offering the long-context part could not be read for is dropped whole (None: which ones is not known)
    kept = [o for o in offerings if o.key.tier != "standard" or (dropped is not None and o.key.model not in dropped)]
    return ScrapeResult(kept + tool_offerings(found, parts) + parts.placeholders, {PRICING_URL}, [NOT_READ],
                        parts.unread)
