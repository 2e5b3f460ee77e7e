"""models.dev ``providers/fireworks-ai/models/<Fireworks model id>.toml`` (converted to JSON, keyed by path).

``cost`` in USD per 1M tokens (``input``, ``output``, ``cache_read``), ``limit.context`` and
``limit.output``; ``last_updated`` (the model entry's own date) is kept beside the list's date.
"""

from __future__ import annotations

from datetime import date

from core.crosscheck import ListEntry, PublicList
from core.public_lists import ListError, load_json, number, quote_tokens, quote_usd
from core.public_lists.fireworks_ids import fireworks_target

NAME, PREFIX, SUFFIX = "models.dev", "models.dev_", ".json"
FOLDER = "providers/fireworks-ai/models/"
COSTS = {"input": "input", "cached_input": "cache_read", "output": "output"}
LIMITS = {"context_window": "context", "max_output_tokens": "output"}


def parse(file_name: str, text: str, day: date | None) -> PublicList:
    """One entry per model file (provider.toml and other files are not models)."""
    data = load_json(text, file_name)
    if day is None or not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise ListError(f"{file_name}: expected a dated models.dev excerpt {{\"files\": {{path: model}}}}")
    entries = tuple(_entry(path, model, day, f"{file_name}: {path}") for path, model in data["files"].items()
                    if path.startswith(FOLDER) and path.endswith(".toml"))
    return PublicList(NAME, file_name, day, entries)


def _entry(path: str, model: object, day: date, where: str) -> ListEntry:
    if not isinstance(model, dict):
        raise ListError(f"{where}: not an object")
    model_id = path.removeprefix(FOLDER).removesuffix(".toml")
    cost, limit = _table(model, "cost", where), _table(model, "limit", where)
    quotes = {name: quote_usd(amount) for name, key in COSTS.items()
              if (amount := number(cost.get(key), f"{where} cost.{key}")) is not None}
    quotes |= {name: quote_tokens(amount, f"{where} limit.{key}") for name, key in LIMITS.items()
               if (amount := number(limit.get(key), f"{where} limit.{key}")) is not None}
    target = fireworks_target(model_id)
    return ListEntry(model_id, (target,) if target else (), day, quotes, _updated(model.get("last_updated")))


def _table(model: dict, name: str, where: str) -> dict:
    table = model.get(name, {})
    if not isinstance(table, dict):
        raise ListError(f"{where}: {name} is not a table")
    return table


def _updated(text: object) -> tuple[str, date] | None:
    try:
        return ("updated", date.fromisoformat(text)) if isinstance(text, str) else None
    except ValueError:
        return None
