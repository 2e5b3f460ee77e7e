"""pydantic/genai-prices ``prices/providers/fireworks.yml`` (converted to JSON).

Each model has ``match`` (``{"equals": id}`` or ``{"or": [...]}``), ``prices`` in USD per 1M
tokens (``input_mtok``, ``cache_read_mtok``, ``output_mtok``), ``context_window`` and
``prices_checked``: the day genai-prices last checked the price, kept beside the list's date.
Only exact ids are matched; a price that is not one number (tiers, conditions) is not compared
and is named in the list's notes.
"""

from __future__ import annotations

from datetime import date

from core.crosscheck import ListEntry, PublicList, Target
from core.public_lists import ListError, load_json, number, quote_tokens, quote_usd
from core.public_lists.fireworks_ids import fireworks_target

NAME, PREFIX, SUFFIX = "genai-prices", "genai-prices_", ".json"
PRICES = {"input": "input_mtok", "cached_input": "cache_read_mtok", "output": "output_mtok"}


def parse(file_name: str, text: str, day: date | None) -> PublicList:
    """The list's models, each dated by the file's date and carrying its prices_checked."""
    data = load_json(text, file_name)
    if day is None or not isinstance(data, dict) or not isinstance(data.get("models"), list):
        raise ListError(f"{file_name}: expected a dated genai-prices provider file {{\"models\": [...]}}")
    notes: list[str] = []
    entries = tuple(_entry(model, day, f"{file_name}: model {i}", notes) for i, model in enumerate(data["models"]))
    return PublicList(NAME, file_name, day, entries, tuple(notes))


def _entry(model: object, day: date, where: str, notes: list[str]) -> ListEntry:
    if not isinstance(model, dict) or not isinstance(model.get("id"), str):
        raise ListError(f"{where}: a model needs an id")
    key, prices = model["id"], model.get("prices", {})
    quotes = {}
    if not isinstance(prices, dict):
        notes.append(f"{key}: prices that depend on conditions are not compared")
        prices = {}
    for name, column in PRICES.items():
        if isinstance(prices.get(column), dict):
            notes.append(f"{key}: {column} is tiered, not compared")
        elif (amount := number(prices.get(column), f"{where} ({key}) {column}")) is not None:
            quotes[name] = quote_usd(amount)
    if (window := number(model.get("context_window"), f"{where} ({key}) context_window")) is not None:
        quotes["context_window"] = quote_tokens(window, f"{where} ({key}) context_window")
    return ListEntry(key, _targets(model.get("match")), day, quotes, _checked(model.get("prices_checked")))


def _targets(match: object) -> tuple[Target, ...]:
    """The offerings an exact-id match names (``equals``, or ``or`` of those)."""
    if not isinstance(match, dict):
        return ()
    clauses = match.get("or") if isinstance(match.get("or"), list) else [match]
    ids = [c["equals"] for c in clauses if isinstance(c, dict) and isinstance(c.get("equals"), str)]
    return tuple(t for t in map(fireworks_target, ids) if t is not None)


def _checked(text: object) -> tuple[str, date] | None:
    try:
        return ("checked", date.fromisoformat(text)) if isinstance(text, str) else None
    except ValueError:
        return None
