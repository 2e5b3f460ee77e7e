"""DigitalOcean Inference (formerly Gradient): prices from its Inference pricing docs page.

Source: https://docs.digitalocean.com/products/inference/details/pricing/ (HTML). Serverless
Inference: one ``<details>`` accordion per maker (Anthropic, Arcee, fal, OpenAI, DigitalOcean-
Hosted), each a table Model | Serverless Inference (the hosted one starts with Provider). A
price cell is a grid of parts, "Input/output tokens", "Prompt caching", "Prompts ≤200K tokens",
"Prompts >272K tokens", "Prompt caching (Prompts >272K tokens)", "Text input", "Image output"...,
each one price a line, "$12.50 per 1M cache creation 5m input tokens" (USD per 1M tokens): 5-minute
cache writes are ``cache_write``, 1-hour ones ``other:cache_write_1h``; a part above a prompt
length goes to ``other:<field>_above_<n>k``; image tokens to ``other:image_*``. A cell that is
no grid is one price in another unit (per compute second, megapixel, 1000 characters, 1M
character tokens, video, image), kept in that unit as ``other:<unit>``. Knowledge Bases: the
embedding and reranking models, per 1M tokens read, are models priced for ``input``.

The page shows no DigitalOcean API model ids (its links go to the makers' pages, several rows
to one page): a model's id is its label (the ``code`` text for knowledge-base models) in lower
case with hyphens; "(Fast Mode)" rows are the ``fast`` tier of the model. Context windows are
stated only in the notes above a maker's table ("... support an input context window of up to
1.05M tokens"): each model the sentence names (a short name such as "Terra" completed from its
first name, "GPT-5.6 Sol"; it must match exactly one model of the table) keeps the rounded count
as written in the provenance, the count unknown (an exact count would be a known limit). Not
read, and each run says so in one warning: the Dedicated Inference GPU-hour table, the Agent
Guardrails table (not models), the tool prices per 1000 requests and BYOM storage per month;
batch is "up to a 50% discount", which states no price; the notes' other sentences, quoted (in
August 2026 the OpenAI note's long-context pricing over 272K tokens, which the grids price).

Read strictly (the run fails): the Serverless Inference section, its accordions, and at least one row of
theirs. Named and skipped, the rest read (scrapers/_partial.py): a maker's table missing, of unknown columns
or followed by a second table in its accordion; a row of an unfamiliar shape (part, unit, cell count; its
model and tier unobserved, a new one added with unknown values); two rows of one offering (neither read);
notes whose context windows cannot be read (the table's context windows unobserved); the Knowledge Bases
heading or a table of it. "Free" as an amount ("Free per 1M input tokens"; alone in a Knowledge Bases cell)
is free; a struck-through list price is kept as other:<field>_list_price; a footnote mark after a model's
label is not part of it.

Submodules: tables (the page's headings and tables), serverless (the makers' tables, a row's model and tier),
notes (the context windows the notes above a table state), grids (a price grid's parts and fields), cells (a
written price and unit, the offering), knowledge (the Knowledge Bases table).
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from core.guard import GuardPolicy
from core.offering import Provider, ScrapeResult
from scrapers._base import Fetched, Source
from scrapers._partial import Parts
from scrapers.digitalocean.cells import PRICING_URL
from scrapers.digitalocean.knowledge import knowledge_base_offerings
from scrapers.digitalocean.serverless import serverless_offerings

PROVIDER = Provider("digitalocean", "DigitalOcean Inference", "https://www.digitalocean.com/products/inference")
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "3"  # 3: a part of the page not read is named, the rest read
# 73 models in August 2026 (66 serverless, 7 knowledge-base). GPT Image 2 text output is written "$0.00".
GUARD = GuardPolicy(min_offerings=24, zero_means_free=True)

NOT_READ = ("not read (not model prices, or no price stated): the Dedicated Inference GPU-hour table, the Agent "
            "Guardrails table, tool prices per 1000 requests, BYOM storage per month, batch 'up to a 50% discount'")


def parse(fetched: Fetched) -> ScrapeResult:
    """One offering per serverless and knowledge-base model row; a part not read is named."""
    page = fetched.pages["pricing"][0]
    tree, parts = LexborHTMLParser(page.text()), Parts(page.url)
    serverless, unread = serverless_offerings(tree, parts)
    offerings = serverless + knowledge_base_offerings(tree, parts)
    notes = f"; the notes above the serverless tables, these sentences: {', '.join(unread)}" if unread else ""
    return ScrapeResult(offerings + parts.placeholders, {PRICING_URL}, [NOT_READ + notes], parts.unread)
