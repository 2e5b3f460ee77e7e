"""models.dev's layout (github.com/anomalyco/models.dev, formerly sst/models.dev): a tree of TOML files,

    providers/<id>/provider.toml            name, doc (the page our prices come from), env where known
    providers/<id>/models/<model>.toml      name, [cost] and [limit] (and the canonical model's facts)

with models.dev's provider ids (fireworks-ai, togetherai, moonshotai, cloudflare-workers-ai ...; ours
where it has none). A model id with "/" becomes folders (``@cf/meta/llama-3.1-8b-instruct.toml``), as
models.dev does. ``[cost]`` is USD per 1M tokens (input, output, cache_read, cache_write, and
``[cost.context_over_200k]``), exact; ``[limit]`` is context and output tokens. A value not known is
left out, never 0. models.dev holds one price per model: the standard tier of the global offering (or
of every region when they agree) is written, other tiers are left out, and prices in another currency
too. Each file starts with comments saying where and when its values were observed.
"""

from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import tomli_w
from sqlalchemy import Engine

import scrapers
from core.errors import ConfigError
from core.money import plain
from jobs.exports import rows
from jobs.exports.files import comment_text, replace_tree, write_atomic
from jobs.exports.naming import NOT_API_IDS, by_model, one_region
from jobs.exports.notes import NOTES_FILE, Notes, iso

TREE = "providers"
PROVIDER_IDS = {"cloudflare": "cloudflare-workers-ai", "fireworks": "fireworks-ai", "moonshot": "moonshotai",
                "together": "togetherai", "bedrock": "amazon-bedrock"}  # the others are the same as ours
MODEL_PREFIXES = {"fireworks": "accounts/fireworks/models/"}  # models.dev names Fireworks models by API path
COST_FIELDS = {"input": "input", "output": "output", "cached_input": "cache_read", "cache_write": "cache_write"}
RULES = ["[cost] is USD per 1M tokens, exact as stated; [limit] is tokens; a value not known is left out, never 0",
         ("only the standard tier is written (models.dev holds one price per model); prices in another currency are "
         "left out of [cost]"),
         ("providers models.dev does not list keep our id (ai21, publicai); models.dev's required fields we do not "
         "know (npm, attachment, reasoning, tool_call, modalities...) are left out: merge, do not copy over")]


def export(engine: Engine, folder: Path, notes: Notes) -> str:
    """Write the providers/ tree into ``folder`` (replacing one an earlier export wrote); the summary line."""
    _check_ours(folder)
    notes.rules += RULES
    built = folder / f".{TREE}.tmp-{os.getpid()}"
    try:
        models = _write_tree(built, rows.current_offerings(engine), rows.providers(engine), notes)
        replace_tree(built, folder / TREE)
    finally:
        shutil.rmtree(built, ignore_errors=True)
    written = len({path.parts[0] for path in models})
    notes.write(folder, {"providers": written, "models": len(models)})
    return f"wrote {len(models)} models of {written} providers to {folder / TREE}"


def _check_ours(folder: Path) -> None:
    """A providers/ folder that no earlier models-dev export wrote (a models.dev checkout) is never replaced."""
    if not (folder / TREE).exists():
        return
    try:
        ours = json.loads((folder / NOTES_FILE).read_text(encoding="utf-8")).get("format") == "models-dev"
    except (OSError, ValueError, AttributeError):
        ours = False
    if not ours:
        raise ConfigError(f"{folder / TREE} exists and no earlier models-dev export wrote it; export into a new "
                          "or empty folder")


def _write_tree(built: Path, current: list[dict], providers: dict[str, dict], notes: Notes) -> list[Path]:
    """Every provider's and model's file under ``built``; the model files written, relative to it."""
    shutil.rmtree(built, ignore_errors=True)
    written: list[Path] = []
    for (provider, model), offerings in by_model(current).items():
        path, reason = _model_path(provider, model, offerings[0]["model_kind"])
        for row in offerings if reason else ():
            notes.leave_out(row, reason)
        row = None if reason else _standard(one_region(offerings, notes.leave_out), notes)
        if row is not None:
            write_atomic(built / path, _header(row, notes) + tomli_w.dumps(model_toml(row, notes)))
            written.append(path)
    for provider in sorted({path.parts[0] for path in written}):
        source = _provider_source(provider, current)
        write_atomic(built / provider / "provider.toml", _provider_file(source, providers[source], notes))
    return written


def _model_path(provider: str, model: str, kind: str) -> tuple[Path, None] | tuple[None, str]:
    """Where the model's file goes (<provider id>/models/<id parts>.toml, relative), or why it has none."""
    if provider in NOT_API_IDS or kind == "price_class":
        return None, NOT_API_IDS.get(provider) or "a price class (a tool, a size tier), not a model"
    parts = (MODEL_PREFIXES.get(provider, "") + model).split("/")
    if any(not _safe_name(part) for part in parts):
        return None, "its id cannot be a file path (an empty, dot or control-character part)"
    return Path(PROVIDER_IDS.get(provider, provider), "models", *parts[:-1], parts[-1] + ".toml"), None


def _safe_name(part: str) -> bool:
    """A model id's part that is a plain file or folder name: never "..", hidden, or holding a separator."""
    return bool(part) and not part.startswith(".") and comment_text(part) == part and "\\" not in part


def _standard(offerings: list[dict], notes: Notes) -> dict | None:
    """The offering whose values the file holds: the standard tier's; the other tiers are left out."""
    for row in offerings:
        if row["tier"] != "standard":
            notes.leave_out(row, f"the {row['tier']} tier: models.dev holds one price per model (the standard one)")
    standard = [row for row in offerings if row["tier"] == "standard"]
    return standard[0] if standard else None


def model_toml(row: dict, notes: Notes) -> dict:
    """A model's TOML table: name, the canonical model's known facts, [cost] and [limit]; unknowns left out."""
    data: dict = {"name": row["model_name"]}
    facts = {"family": row["family"], "release_date": row["released"] and str(row["released"])[:10],
             "open_weights": None if row["open_weights"] is None else bool(row["open_weights"])}
    data |= {key: value for key, value in facts.items() if value is not None}
    cost, limit = _cost(row, notes), _limit(row)
    return data | ({"cost": cost} if cost else {}) | ({"limit": limit} if limit else {})


def _cost(row: dict, notes: Notes) -> dict:
    if row["currency"] != "USD":
        notes.leave_out(row, f"token prices in {row['currency']}: models.dev's costs are USD", "cost")
        return {}
    cost = {name: _per_million(rows.amount(row, field)) for field, name in COST_FIELDS.items()}
    above = {name: _per_million(_above_200k(row, field)) for field, name in COST_FIELDS.items()}
    cost = {name: value for name, value in cost.items() if value is not None}
    above = {name: value for name, value in above.items() if value is not None}
    return cost | ({"context_over_200k": above} if above else {})


def _above_200k(row: dict, field: str) -> Decimal | None:
    price = rows.other_prices(row).get(f"{field}_above_200k")
    return rows.other_amount(price) if price and price.get("unit") == "USD per 1M tokens" else None


def _per_million(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else plain(amount)


def _limit(row: dict) -> dict:
    limit = {"context": rows.limit(row, "context_window"), "output": rows.limit(row, "max_output_tokens")}
    return {name: value for name, value in limit.items() if value is not None}


def _header(row: dict, notes: Notes) -> str:
    """Comment lines: where and when the values were observed (TOML has no other room for it)."""
    lines = [f"Exported by llm-prices-tracker (python -m jobs.export models-dev) at {iso(notes.exported_at)}",
             f"{row['provider']} {row['model']} [{row['tier']}, {row['region']}]; source: {rows.source(row)}",
             (f"last refreshed {iso(row['last_refreshed'])} (when a run last confirmed these values); "
             "a value not known is left out, never 0")]
    return "".join(f"# {comment_text(line)}\n" for line in lines) + "\n"


def _provider_source(folder_id: str, current: list[dict]) -> str:
    """Our provider id for a models.dev provider folder."""
    return next(row["provider"] for row in current if PROVIDER_IDS.get(row["provider"], row["provider"]) == folder_id)


def _provider_file(provider: str, facts: dict, notes: Notes) -> str:
    """provider.toml: name, doc (the page or API our prices come from) and env where a source names a key."""
    sources = scrapers.REGISTRY[provider].SOURCES if provider in scrapers.REGISTRY else ()
    data: dict = {"name": facts["name"]}
    env = sorted({source.auth_env for source in sources if source.auth_env})
    data |= ({"env": env} if env else {}) | ({"doc": sources[0].url} if sources else {})
    lines = [f"Exported by llm-prices-tracker (python -m jobs.export models-dev) at {iso(notes.exported_at)}",
             f"{provider}: last refreshed {iso(facts['last_refreshed'])}"]
    return "".join(f"# {comment_text(line)}\n" for line in lines) + "\n" + tomli_w.dumps(data)
