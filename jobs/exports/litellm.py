"""LiteLLM's price map: ``model_prices_and_context_window.json``, in the shape of the file LiteLLM ships,
for ``litellm.register_model(json.load(...))`` or ``LITELLM_MODEL_COST_MAP_URL``.

One entry per provider model, keyed as LiteLLM keys it ("fireworks_ai/accounts/fireworks/models/kimi-k3",
"openrouter/deepseek/deepseek-r1", "groq/openai/gpt-oss-120b"; OpenAI's, Anthropic's and AI21's models bare,
as LiteLLM names them). Costs are USD per token: our exact price per 1M tokens / 1,000,000, written
from the decimal's digits. The standard tier fills the base fields; batch, priority and flex fill
LiteLLM's ``*_batches``, ``*_priority`` and ``*_flex`` fields; prices above a prompt size fill
``*_above_<N>k_tokens``; Anthropic's 1-hour cache write fills ``cache_creation_input_token_cost_above_1hr``.
A price that is unknown, not offered or variable is left out (never 0); free is 0. Each entry carries
``source`` (the page or API its values were read from) and ``last_refreshed`` (UTC, when a run last
confirmed them): LiteLLM keeps keys it does not know in ``litellm.model_cost``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine

from jobs.exports import exact_json, rows
from jobs.exports.files import write_atomic
from jobs.exports.naming import NOT_API_IDS, by_model, one_region
from jobs.exports.notes import Notes, iso

FILE = "model_prices_and_context_window.json"

# our provider id -> (LiteLLM's provider name, the prefix of LiteLLM's keys before our model id)
PROVIDERS = {
    "ai21": ("ai21", ""), "anthropic": ("anthropic", ""), "cerebras": ("cerebras", "cerebras/"),
    "cloudflare": ("cloudflare", "cloudflare/"), "deepinfra": ("deepinfra", "deepinfra/"),
    "deepseek": ("deepseek", "deepseek/"), "fireworks": ("fireworks_ai", "fireworks_ai/accounts/fireworks/models/"),
    "google": ("gemini", "gemini/"), "groq": ("groq", "groq/"), "minimax": ("minimax", "minimax/"),
    "moonshot": ("moonshot", "moonshot/"), "openai": ("openai", ""), "openrouter": ("openrouter", "openrouter/"),
    "perplexity": ("perplexity", "perplexity/"), "publicai": ("publicai", "publicai/"),
    "sambanova": ("sambanova", "sambanova/"), "scaleway": ("scaleway", "scaleway/"),
    "volcengine": ("volcengine", "volcengine/"), "xai": ("xai", "xai/"), "zai": ("zai", "zai/"),
}
NO_LITELLM_PROVIDER = {"avian": "LiteLLM has no provider for Avian"}
# Fireworks' size and embedding price classes are LiteLLM's fallback entries for models priced by size.
FIREWORKS_CLASSES = {
    "size-tier/less-than-4b-parameters": ("fireworks-ai-up-to-4b", "fireworks_ai"),
    "size-tier/4b-16b-parameters": ("fireworks-ai-4.1b-to-16b", "fireworks_ai"),
    "size-tier/more-than-16b-parameters": ("fireworks-ai-above-16b", "fireworks_ai"),
    "size-tier/moe-up-to-56b-parameters": ("fireworks-ai-moe-up-to-56b", "fireworks_ai"),
    "size-tier/moe-56-1b-176b-parameters": ("fireworks-ai-56b-to-176b", "fireworks_ai"),
    "embedding-tier/up-to-150m": ("fireworks-ai-embedding-up-to-150m", "fireworks_ai-embedding-models"),
    "embedding-tier/150m-350m": ("fireworks-ai-embedding-150m-to-350m", "fireworks_ai-embedding-models"),
}
MODES = {"text": "chat", "embedding": "embedding", "image": "image_generation", "audio": "audio_speech",
         "transcription": "audio_transcription", "video": "video_generation"}
TIER_SUFFIXES = {"standard": "", "batch": "_batches", "priority": "_priority", "flex": "_flex"}
NO_TIER_FIELDS = {
    "fast": "LiteLLM has no fields for a fast tier (it reads a request's service_tier fast as priority); our fast "
            "offerings are routes of their own (Fireworks' Fast models have model ids of their own)",
    "off_peak": "LiteLLM's off_peak_pricing needs the off-peak hours as time windows; the database keeps them only "
                "as text (in the values' provenance)",
}
NAMES = {"input": "input_cost_per_token", "output": "output_cost_per_token",
         "cached_input": "cache_read_input_token_cost", "cache_write": "cache_creation_input_token_cost"}
_ALL_TIERS = tuple(TIER_SUFFIXES.values())
# The cost fields LiteLLM declares (litellm.types.utils.ModelInfo; a test checks each is there): a price
# without one is left out and named in the notes, never written under a name LiteLLM would not read.
FIELDS = frozenset(
    [f"{name}{s}" for name in NAMES.values() for s in _ALL_TIERS]
    + [f"{NAMES[f]}_above_{n}k_tokens{s}" for f in ("input", "output", "cached_input") for n in (200, 272)
       for s in _ALL_TIERS if (f, n, s) != ("cached_input", 200, "_flex")]
    + [f"{NAMES['cache_write']}_above_{n}k_tokens{s}" for n, ss in ((200, ("", "_batches")), (272, _ALL_TIERS))
       for s in ss]
    + [f"{NAMES[f]}_above_512k_tokens" for f in ("input", "output", "cached_input")]
    + ["cache_creation_input_token_cost_above_1hr"])
_ABOVE = re.compile(r"(?P<field>input|output|cached_input|cache_write)_above_(?P<size>\d+k)")
RULES = [
    "costs are USD per token: the exact price per 1M tokens divided by 1,000,000, written from its decimal digits",
    "the standard tier fills the base fields; batch, priority and flex fill *_batches, *_priority and *_flex",
    "a price that is unknown, not offered or variable is left out, never written as 0; free is 0",
    ("only USD prices per 1M tokens are written; prices in other currencies or units (per image, per request, "
    "per minute...) are left out"),
    ("max_input_tokens is the context window, max_output_tokens the stated maximum output; max_tokens (LiteLLM's "
    "legacy field) is max_output_tokens when known, else the context window"),
    "mode comes from the canonical model's modality (canonical/models.toml); a model no canonical model names has none",
    ("litellm.register_model merges each entry over LiteLLM's own entry of the same key: a field left out here "
    "keeps LiteLLM's value"),
]


def export(engine: Engine, folder: Path, notes: Notes) -> str:
    """Write the price map into ``folder``; the summary line."""
    notes.rules += RULES
    entries = build(rows.current_offerings(engine), notes)
    write_atomic(folder / FILE, exact_json.dumps(entries))
    notes.write(folder, {"models": len(entries)})
    return f"wrote {len(entries)} models to {folder / FILE}"


def build(current: list[dict], notes: Notes) -> dict[str, dict]:
    """Every entry, by LiteLLM key, in our order (provider, model)."""
    entries: dict[str, dict] = {}
    for (provider, model), offerings in by_model(current).items():
        key, litellm_provider, reason = _key(provider, model, offerings[0]["model_kind"])
        if key in entries:
            reason = f"its LiteLLM key {key!r} is taken by another of our models"
        if reason:
            _leave_out_all(offerings, notes, reason)
            continue
        entry = _entry(litellm_provider, one_region(offerings, notes.leave_out), notes)
        if entry is not None:
            entries[key] = entry
    return entries


def _key(provider: str, model: str, kind: str) -> tuple[str, str, str | None]:
    """LiteLLM's key and provider name for one of our models, or why it has none."""
    if kind == "price_class":
        if provider == "fireworks" and model in FIREWORKS_CLASSES:
            return *FIREWORKS_CLASSES[model], None
        return "", "", "a price class (a tool, a size tier), not a model LiteLLM prices by token"
    reason = NOT_API_IDS.get(provider) or NO_LITELLM_PROVIDER.get(provider)
    if reason or provider not in PROVIDERS:
        return "", "", reason or f"no LiteLLM provider name known for {provider}"
    litellm_provider, prefix = PROVIDERS[provider]
    return prefix + model, litellm_provider, None


def _entry(litellm_provider: str, offerings: list[dict], notes: Notes) -> dict | None:
    """One model's entry from its offerings (one per tier), or None when nothing in it has a LiteLLM field."""
    if not offerings:
        return None
    tiers = {row["tier"]: row for row in offerings}
    base = tiers.get("standard") or offerings[0]
    entry: dict = {"litellm_provider": litellm_provider}
    for tier, suffix in TIER_SUFFIXES.items():
        entry |= _costs(tiers[tier], suffix, notes) if tier in tiers else {}
    for row in offerings:
        if row["tier"] in NO_TIER_FIELDS:
            notes.leave_out(row, NO_TIER_FIELDS[row["tier"]])
    entry |= _limits(base)
    if len(entry) == 1:
        _leave_out_all(offerings, notes, "no token price in USD or token limit that LiteLLM has a field for")
        return None
    return entry | _about(base, offerings)


def _costs(row: dict, suffix: str, notes: Notes) -> dict:
    """The tier's USD costs per token under LiteLLM's names (with the tier's suffix)."""
    if row["currency"] != "USD":
        notes.leave_out(row, f"token prices in {row['currency']}: LiteLLM's costs are USD", "token prices")
        return {}
    costs = {f"{NAMES[f]}{suffix}": rows.amount(row, f) for f in NAMES}
    for name, price in rows.other_prices(row).items():
        field = _other_field(name, price, suffix)
        if field in FIELDS:
            costs[field] = rows.other_amount(price)
        elif field and rows.other_amount(price) is not None:
            notes.leave_out(row, f"LiteLLM declares no field {field}", f"other:{name}")
    return {name: per_token(amount) for name, amount in costs.items() if amount is not None}


def _other_field(name: str, price: dict, suffix: str) -> str | None:
    """LiteLLM's field for one of ``other_prices``: a price above a prompt size or the 1-hour cache write."""
    if price.get("unit") != "USD per 1M tokens":
        return None
    if name == "cache_write_1h":
        return f"cache_creation_input_token_cost_above_1hr{suffix}"
    match = _ABOVE.fullmatch(name)
    return f"{NAMES[match['field']]}_above_{match['size']}_tokens{suffix}" if match else None


def per_token(per_million: Decimal) -> Decimal:
    """A price per 1M tokens as a price per token, exactly (0.15 -> 0.00000015)."""
    return per_million.scaleb(-6)


def _limits(row: dict) -> dict:
    context, output = rows.limit(row, "context_window"), rows.limit(row, "max_output_tokens")
    limits = {"max_input_tokens": context, "max_output_tokens": output, "max_tokens": output or context}
    return {name: value for name, value in limits.items() if value is not None}


def _about(base: dict, offerings: list[dict]) -> dict:
    """Mode, where and when the values were observed, and what a reader should know about them."""
    about = {"mode": MODES.get(base["canonical_modality"]), "source": rows.source(base),
             "last_refreshed": iso(base["last_refreshed"])}
    comments = [f"{row['tier']}: derived, not read: {rule}" for row in offerings for rule in rows.derived_rules(row)]
    comments += [f"{row['tier']}: held for review since {iso(row['held_since'])}; these are the last values applied"
                 for row in offerings if row["held_since"]]
    if comments:
        about["comment"] = "; ".join(comments)
    return {name: value for name, value in about.items() if value is not None}


def _leave_out_all(offerings: list[dict], notes: Notes, reason: str) -> None:
    for row in offerings:
        notes.leave_out(row, reason)
