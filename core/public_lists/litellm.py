"""LiteLLM's ``model_prices_and_context_window.json``, Fireworks entries (an excerpt ``{"data": {...}}``).

Prices are USD per token (``input_cost_per_token``, ``cache_read_input_token_cost``,
``output_cost_per_token``); ``max_input_tokens`` is compared with our context window and
``max_output_tokens`` with our max output. Keys: ``fireworks_ai/<Fireworks model id>``, the
short ``fireworks_ai/<slug>``, and LiteLLM's own names for the size-based price classes.
"""

from __future__ import annotations

from datetime import date

from core.crosscheck import ListEntry, PublicList, Target
from core.public_lists import ListError, load_json, number, quote_tokens, quote_usd
from core.public_lists.fireworks_ids import fireworks_target

NAME, PREFIX, SUFFIX = "LiteLLM", "litellm_", ".json"
PREFIX_KEY = "fireworks_ai/"
PRICES = {"input": "input_cost_per_token", "cached_input": "cache_read_input_token_cost",
          "output": "output_cost_per_token"}
LIMITS = {"context_window": "max_input_tokens", "max_output_tokens": "max_output_tokens"}
# LiteLLM's names for the size classes of Fireworks' pricing page, and our ids for them
# (scrapers/fireworks: "size-tier/<label>", "embedding-tier/<label>"). "fireworks-ai-default"
# (0, LiteLLM's fallback) is no class of the page and names nothing of ours.
SIZE_CLASSES = {
    "fireworks-ai-up-to-4b": "size-tier/less-than-4b-parameters",
    "fireworks-ai-4.1b-to-16b": "size-tier/4b-16b-parameters",
    "fireworks-ai-above-16b": "size-tier/more-than-16b-parameters",
    "fireworks-ai-moe-up-to-56b": "size-tier/moe-up-to-56b-parameters",
    "fireworks-ai-56b-to-176b": "size-tier/moe-56-1b-176b-parameters",
    "fireworks-ai-embedding-up-to-150m": "embedding-tier/up-to-150m",
    "fireworks-ai-embedding-150m-to-350m": "embedding-tier/150m-350m",
}


def parse(file_name: str, text: str, day: date | None) -> PublicList:
    """The list's entries, each dated by the file's date."""
    data = load_json(text, file_name)
    if day is None or not isinstance(data, dict) or not isinstance(data.get("data"), dict):
        raise ListError(f"{file_name}: expected a dated LiteLLM excerpt {{\"data\": {{key: entry}}}}")
    entries = tuple(_entry(key, entry, day, f"{file_name}: {key}") for key, entry in data["data"].items())
    return PublicList(NAME, file_name, day, entries)


def _entry(key: str, entry: object, day: date, where: str) -> ListEntry:
    if not isinstance(entry, dict):
        raise ListError(f"{where}: not an object")
    quotes = {name: quote_usd(amount, per_token=True) for name, column in PRICES.items()
              if (amount := number(entry.get(column), f"{where} {column}")) is not None}
    quotes |= {name: quote_tokens(amount, f"{where} {column}") for name, column in LIMITS.items()
               if (amount := number(entry.get(column), f"{where} {column}")) is not None}
    return ListEntry(key, _targets(key), day, quotes)


def _targets(key: str) -> tuple[Target, ...]:
    if key in SIZE_CLASSES:
        return (Target("offering", SIZE_CLASSES[key]),)
    if not key.startswith(PREFIX_KEY):
        return ()  # another route to Fireworks ("openrouter/fireworks/..."), not Fireworks' own price
    model_id = key.removeprefix(PREFIX_KEY)
    if "/" not in model_id and model_id:  # the short alias "fireworks_ai/glm-4p7"
        return (Target("offering", model_id),)
    target = fireworks_target(model_id)
    return (target,) if target else ()
