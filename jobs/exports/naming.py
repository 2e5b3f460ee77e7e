"""What the exports share about model ids and regions: which providers' ids are their API's ids, and
which region of a model an export with one price per model can write.

Other tools name a model by the id its provider's API takes. Our ids are those where the source
states them; where a page shows only display names, the scraper makes an id from the name (its
docstring says so), and writing it as an API id would send a tool's users to a model that does
not exist under that name: those providers are left out of the LiteLLM and models.dev exports.
"""

from __future__ import annotations

import json

from core.offering import GLOBAL, PRICE_FIELDS

NOT_API_IDS = {
    "avian": "Avian's page gives no API ids: ours are its labels in lower case",
    "bedrock": "ours are the AWS price list's model names (nova-lite), not Bedrock model ids (amazon.nova-lite-v1:0)",
    "digitalocean": "DigitalOcean's page shows no API model ids: ours are its labels (claude-haiku-4.5)",
    "mistral": "ours are the pricing page's /models/ link names (ministral-3-14b-25-12), not Mistral's API ids "
               "(ministral-14b-2512)",
    "together": "Together's page shows display names, not API ids: ours are the names in lower case (kimi-k3)",
}


def by_model(rows: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """Rows grouped by (provider, model), in their order."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((row["provider"], row["model"]), []).append(row)
    return groups


def one_region(rows: list[dict], leave_out) -> list[dict]:
    """The rows of one model to export when the format holds one price per model: its global offerings
    (regional ones left out); else, when every region states the same values tier by tier, one region's;
    else none (each left out: which region a tool's user is billed in is not known)."""
    regions = sorted({row["region"] for row in rows})
    if GLOBAL in regions:
        for row in rows:
            if row["region"] != GLOBAL:
                leave_out(row, f"a regional offering ({row['region']}): the export keeps the global one")
        return [row for row in rows if row["region"] == GLOBAL]
    if all(len({_values(row) for row in rows if row["tier"] == tier}) == 1 for tier in {r["tier"] for r in rows}):
        return [row for row in rows if row["region"] == regions[0]]
    for row in rows:
        leave_out(row, f"priced differently by region ({', '.join(regions)}); the format holds one price per model")
    return []


def _values(row: dict) -> tuple:
    """What an export writes of an offering, to compare regions: prices, statuses, limits, other prices."""
    fields = [(row[f"{f}_status"], row[f"{f}_exact"]) for f in PRICE_FIELDS]
    limits = (row["context_window"], row["max_output_tokens"])
    return row["currency"], tuple(fields), limits, json.dumps(json.loads(row["other_prices"] or "{}"), sort_keys=True)
