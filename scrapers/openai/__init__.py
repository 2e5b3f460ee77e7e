"""OpenAI: API prices from its pricing docs page, read from the table components' props.

Source: https://developers.openai.com/api/docs/pricing (Astro HTML). Each price table is an
``<astro-island>`` whose visible table shows only its first rows; the full list is in the
island's ``props`` attribute (HTML-escaped JSON in Astro's serialisation: ``[0, value]`` a
plain value, ``[1, [...]]`` an array of encoded values), behind an "All models" button. We
read the props. Numbers are USD per 1M tokens; "-" and null are not offered; "Free" (any case, in
markup or "Free / minute") is 0, its words kept in provenance. A struck-through list price beside the
price charged (``<del>$5.00</del> $4.00``, in a props cell's HTML or a visible cell) is read as the
price charged, the list price kept as ``other:<field>_list_price``. A footnote mark beside a model id
("gpt-5.5*", "gpt-5.5¹", "gpt-5.5 (1)", ``<sup>1</sup>``) is not part of the id.

- Flagship models (Standard, Batch, Flex, Fast mode panes): rows are model, input, cached
  input, cache writes, output; older models' rows have no cache-writes cell (unknown). The
  long-context (>272K input tokens) prices of the newest rows are not in the props, only
  in the visible table: read there as ``other:<field>_above_272k``, after checking its
  short-context cells agree with the props. "gpt-5.5 (<272K context length)" is model
  gpt-5.5; its price above 272K is not on the page (unknown).
- Tier: the Fast mode pane (value "fast"; "Priority processing was renamed Fast mode on
  July 30, 2026", and ``service_tier: "priority"`` still works) is tier "priority": the same
  service under a new name, so its history goes on across the rename.
- Cyber models: short and long context per model (gpt-5.6-sol again, must agree).
- Realtime/audio and image generation: rows by modality; Text goes to the base fields,
  Audio and Image to ``other:audio_<field>`` / ``other:image_<field>``.
- A cell in another unit ("$15.00 / 1M characters", "$0.006 / minute") is kept as
  ``other:<field>_per_<unit>`` in "USD per <unit>"; video is "USD per second" by size
  (``other:video_720p_per_second``); transcription's "Estimated cost" is
  ``other:estimated_cost_per_minute``.
- Model ids are the page's ("Whisper" is written in lower case: whisper).
- Tools (tools.py): each row's price belongs to no model: an offering of kind "price_class"
  per row, tier standard, id "tool/<name>" (tool/web-search, tool/file-search-storage), its
  price in its unit as other:call (per 1k calls), other:gb_day (per GB-day) or
  other:session_<n>gb (per 20-minute container session); free allowances stay in provenance.
Not read (one warning a run): Fine-tuning (training is not inference; fine-tuned models'
inference prices are for a customer's own ``ft:`` models, so they are skipped too). The
10% data-residency uplift is a rule, not applied: no regional offerings are derived.

Read strictly (the run fails): the Flagship section's Standard pane, the catalogue (its heading, its
unit line, its props, its props' tier and its visible table's header). Named as not read and skipped
(see scrapers/_partial.py, tables.py, rows.py): another section missing, under an unknown heading, stating
another unit or of other columns; a pane of an unknown tier; a row of an unfamiliar shape or cell (its
model and tier unobserved, or added with unknown values when new; a label naming no model names none).
An offering assembled from several rows or tables (Realtime's modality rows; gpt-5.6-sol in Flagship
and Cyber) is dropped whole when one of them is not read, or when two state it differently.

Submodules: props (Astro decoding), tables (sections, tier panes, units), cells (text, model
ids, values), fields (where a price goes), visible (long-context prices), readers (one per section),
rows (a row read through Parts), tools (the Tools table).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import replace

from selectolax.lexbor import LexborHTMLParser

from core.guard import GuardPolicy
from core.offering import ModelInfo, Offering, OfferingKey, Provider, ScrapeResult
from scrapers._base import Fetched, Source
from scrapers._partial import Parts
from scrapers.openai.readers import READERS
from scrapers.openai.tables import MAIN, Table, find_tables
from scrapers.openai.tools import tool_offerings

PROVIDER = Provider("openai", "OpenAI", "https://openai.com/api/")
PRICING_URL = "https://developers.openai.com/api/docs/pricing"
SOURCES = (Source("pricing", PRICING_URL, kind="page", expects="text/html"),)
PARSER_VERSION = "4"
GUARD = GuardPolicy(min_offerings=50)  # 157 offerings in the capture of July 2026: 149 model x tier, 8 tools

NOT_READ = ("not read: the Finetuning tables (training prices are not inference; fine-tuned models' inference prices "
            "are for a customer's own ft: models, skipped too)")


def parse(fetched: Fetched) -> ScrapeResult:
    """One offering per model and tier from every price table but Finetuning; one per Tools row."""
    page = fetched.pages["pricing"][0]
    parts = Parts(page.url)
    offerings: dict[OfferingKey, Offering] = {}
    for table in find_tables(LexborHTMLParser(page.text()), page.url, parts):
        main = table.section == MAIN and table.pane == "standard"  # the catalogue: its table's shape is strict
        with nullcontext() if main else parts.table(table.name):
            found = list(tool_offerings(table, parts, PRICING_URL) if table.section == "Tools" else
                         _model_offerings(table, parts))
        for offering in found:
            _add(offerings, offering, table, parts)
    read = [o for key, o in offerings.items() if key not in parts.dropped]  # no offering half-read
    return ScrapeResult(read + parts.placeholders, {PRICING_URL}, [NOT_READ], parts.unread)


def _model_offerings(table: Table, parts: Parts) -> Iterator[Offering]:
    for model, values in READERS[table.section](table, parts):
        yield Offering(OfferingKey(model, table.tier), ModelInfo(model, model), values, PRICING_URL)


def _add(offerings: dict[OfferingKey, Offering], offering: Offering, table: Table, parts: Parts) -> None:
    """Keep an offering; one listed twice (gpt-5.6-sol in Flagship and Cyber) must state the same prices, else
    the later row is named as not read and the offering dropped (which of the two is right is not guessed)."""
    old, key = offerings.get(offering.key), offering.key
    if old is not None and key not in parts.dropped:
        differ = sorted(f for f in old.values.keys() & offering.values.keys() if old.values[f] != offering.values[f])
        if differ:
            reason = f"{key} is listed twice with different {', '.join(differ)}"
            parts.skip(table.name, key.model, reason, key.model, key.tier)
            parts.dropped.add(key)
        offering = replace(old, values=offering.values | old.values)
    offerings[key] = offering
