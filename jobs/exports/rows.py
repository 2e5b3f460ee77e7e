"""What the exports read: the public views (README, "Querying the database"), one dict per row.

``current_offerings`` is ``current_prices`` with each offering's freshness (``freshness``), its
canonical model and that model's facts where ``canonical/models.toml`` names one (``price_ladder``,
``canonical_models``) and its provider's name (``provider_freshness``). Amounts come from the
``*_exact`` text columns as Decimal, never from the REAL ones.
"""

from __future__ import annotations

import json
from decimal import Decimal

from sqlalchemy import Engine, text

from core.offering import PRICE_FIELDS

_CURRENT = text("""
SELECT c.*, f.last_refreshed, f.researched_days_ago, f.status_text, f.stale,
    l.canonical_model, k.name AS canonical_name, k.family, k.maker, k.released, k.open_weights,
    k.modality AS canonical_modality, pf.name AS provider_name
FROM current_prices c
JOIN freshness f ON f.offering_id = c.offering_id
JOIN provider_freshness pf ON pf.provider = c.provider
LEFT JOIN price_ladder l ON l.offering_id = c.offering_id
LEFT JOIN canonical_models k ON k.id = l.canonical_model
ORDER BY c.provider, c.model, c.tier, c.region""")
_HISTORY = text("SELECT * FROM price_history ORDER BY provider, model, tier, region, valid_from")
_PROVIDERS = text("SELECT * FROM provider_freshness ORDER BY provider")


def current_offerings(engine: Engine) -> list[dict]:
    """Every listed offering with its current values, freshness and canonical model (None where unmapped)."""
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(_CURRENT).mappings()]


def history(engine: Engine) -> list[dict]:
    """Every interval of every offering (``price_history``), delisted ones included, oldest first."""
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(_HISTORY).mappings()]


def providers(engine: Engine) -> dict[str, dict]:
    """Each provider's row of ``provider_freshness`` (name, last refresh, health), by provider id."""
    with engine.connect() as connection:
        return {row["provider"]: dict(row) for row in connection.execute(_PROVIDERS).mappings()}


def amount(row: dict, field: str) -> Decimal | None:
    """A token price as stated, per 1M tokens in the row's currency: its exact amount when priced, 0 when
    free, None when unknown, not offered or variable (an amount the export must leave out, never write as 0)."""
    status = row[f"{field}_status"]
    if status == "free":
        return Decimal(0)
    if status == "priced" and row[f"{field}_exact"] is not None:
        return Decimal(row[f"{field}_exact"])
    return None


def limit(row: dict, field: str) -> int | None:
    """A token limit (context_window, max_output_tokens) when the source states it, else None."""
    return row[field] if row[f"{field}_status"] == "known" and row[field] is not None else None


def other_prices(row: dict) -> dict[str, dict]:
    """The offering's prices in other units or above a prompt size ({"input_above_200k": {"amount": "6",
    "status": "priced", "unit": "USD per 1M tokens"}}), from the view's JSON text."""
    return json.loads(row["other_prices"] or "{}")


def other_amount(price: dict) -> Decimal | None:
    """One of ``other_prices``: its exact amount when priced, 0 when free, else None."""
    if price.get("status") == "free":
        return Decimal(0)
    return Decimal(price["amount"]) if price.get("status") == "priced" and price.get("amount") else None


def source(row: dict) -> str | None:
    """Where the offering's values were read: the input price's source URL, else any field's."""
    provenance = json.loads(row["provenance"] or "{}")
    for field in (*PRICE_FIELDS, *sorted(provenance)):
        if isinstance(provenance.get(field), dict) and provenance[field].get("source"):
            return provenance[field]["source"]
    return None


def derived_rules(row: dict) -> list[str]:
    """The rules behind the token prices that were derived, not read ("batch is billed at 50% ...")."""
    provenance = json.loads(row["provenance"] or "{}")
    rules = (provenance.get(field, {}).get("rule") for field in PRICE_FIELDS if row[f"{field}_status"] == "priced")
    return sorted({rule for rule in rules if rule})
