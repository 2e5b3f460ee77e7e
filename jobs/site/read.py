"""What the site reads from the database: the public views, and the canonical-model tables jobs.ladder reads.

Every function takes an open connection and returns plain rows (dicts); money stays exact (the
``*_exact`` text columns become Decimal), times become aware UTC datetimes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import Connection, inspect, text

from core.errors import ConfigError
from jobs.site.chart import Interval
from storage.codec import values_from_json
from storage.tables import APPLIED

PRICE_FIELDS = ("input", "cached_input", "cache_write", "output")
_APPLIED = ", ".join(f"'{status}'" for status in APPLIED)


def utc(stored) -> datetime | None:
    """A stored time (naive UTC text) as an aware datetime; None stays None."""
    return None if stored is None else datetime.fromisoformat(str(stored)).replace(tzinfo=UTC)


def amounts(row: dict, fields: tuple[str, ...] = PRICE_FIELDS) -> dict[str, Decimal | None]:
    """The exact amounts of a row's price fields (None where the status has no amount)."""
    return {f: None if row[f"{f}_exact"] is None else Decimal(row[f"{f}_exact"]) for f in fields}


def reasons(stored: str | None) -> list[str]:
    """The guard's reasons of a held offering (a JSON list), as a list of strings."""
    return [str(reason) for reason in json.loads(stored)] if stored else []


def check_schema(connection: Connection) -> None:
    """The tables the site needs; an older database without canonical models is a ConfigError."""
    if not inspect(connection).has_table("canonical_models"):
        raise ConfigError("this database has no canonical models yet: run python -m jobs.models apply")


def canonical_models(connection: Connection) -> list[dict]:
    """Every canonical model, by name."""
    rows = connection.execute(text("SELECT * FROM canonical_models ORDER BY name COLLATE NOCASE, id"))
    return [dict(row) for row in rows.mappings()]


def routed_by(connection: Connection, providers: list[str]) -> set[str]:
    """The canonical models that any model of these providers is (listed or not: a delisting changes a page)."""
    found = connection.execute(text(
        "SELECT DISTINCT i.canonical_model FROM model_identities i JOIN models m ON m.id = i.model_id "
        "WHERE m.provider IN (SELECT value FROM json_each(:providers))"), {"providers": json.dumps(providers)})
    return set(found.scalars())


def route_extras(connection: Connection, canonical: str) -> dict[tuple, dict]:
    """What the ladder's routes lack, from current_prices: cache write, the offering's id, held reasons."""
    rows = connection.execute(text(
        "SELECT c.provider, c.model, c.tier, c.region, c.offering_id, c.cache_write_exact, c.cache_write_status, "
        "c.held_reasons, c.max_output_tokens FROM current_prices c JOIN models m ON m.provider = c.provider "
        "AND m.model = c.model JOIN model_identities i ON i.model_id = m.id WHERE i.canonical_model = :model"),
        {"model": canonical}).mappings()
    return {(r["provider"], r["model"], r["tier"], r["region"]): dict(r) for r in rows}


def model_offering_ids(connection: Connection, canonical: str) -> list[int]:
    """Every offering of the model's provider models, delisted ones included (for its changes)."""
    return list(connection.execute(text(
        "SELECT o.id FROM offerings o JOIN model_identities i ON i.model_id = o.model_id "
        "WHERE i.canonical_model = :model ORDER BY o.id"), {"model": canonical}).scalars())


def histories(connection: Connection, offering_ids: list[int]) -> dict[int, list[Interval]]:
    """Each offering's intervals from price_history, oldest first."""
    rows = connection.execute(text(
        "SELECT offering_id, valid_from, valid_to, input_exact, input_status, output_exact, output_status "
        "FROM price_history WHERE offering_id IN (SELECT value FROM json_each(:ids)) "
        "ORDER BY offering_id, valid_from"), {"ids": json.dumps(offering_ids)}).mappings()
    found: dict[int, list[Interval]] = {}
    for row in rows:
        values = amounts(row, ("input", "output"))
        found.setdefault(row["offering_id"], []).append(Interval(
            utc(row["valid_from"]), utc(row["valid_to"]), values,
            {f: row[f"{f}_status"] for f in ("input", "output")}))
    return found


def history_rows(connection: Connection, offering_id: int) -> list[dict]:
    """An offering's intervals with every price field, oldest first (the exact table beside its chart)."""
    rows = connection.execute(text(
        "SELECT * FROM price_history WHERE offering_id = :id ORDER BY valid_from"), {"id": offering_id}).mappings()
    return [dict(row) for row in rows]


def changes(connection: Connection, offering_ids: list[int], limit: int = 40) -> list[dict]:
    """The newest events of these offerings (price_changes), newest first."""
    rows = connection.execute(text(
        "SELECT * FROM price_changes WHERE offering_id IN (SELECT value FROM json_each(:ids)) "
        "ORDER BY detected_at DESC, provider, model, tier, region, field LIMIT :limit"),
        {"ids": json.dumps(offering_ids), "limit": limit}).mappings()
    return [dict(row) for row in rows]


def providers(connection: Connection) -> list[dict]:
    """Every provider with its freshness (provider_freshness), by name."""
    rows = connection.execute(text("SELECT p.*, q.homepage FROM provider_freshness p JOIN providers q "
                                   "ON q.id = p.provider ORDER BY p.name COLLATE NOCASE, p.provider"))
    return [dict(row) for row in rows.mappings()]


def last_run(connection: Connection, provider: str, applied: bool = False) -> dict | None:
    """The provider's newest run (scrape_runs), or its newest applied one (success or partial)."""
    where = f" AND status IN ({_APPLIED})" if applied else ""
    row = connection.execute(text(f"SELECT * FROM scrape_runs WHERE provider = :p{where} ORDER BY run_id DESC "
                                  "LIMIT 1"), {"p": provider}).mappings().first()
    return None if row is None else dict(row)


def latest_applied(connection: Connection) -> dict[str, tuple[datetime, str]]:
    """When each provider's newest applied run observed its sources, and its status: an offering confirmed
    before that was not confirmed by it (its part was not read, or it is held)."""
    rows = connection.execute(text(
        f"SELECT provider, observed_at, status FROM scrape_runs WHERE run_id IN (SELECT MAX(run_id) FROM scrape_runs "
        f"WHERE status IN ({_APPLIED}) GROUP BY provider)"))
    return {provider: (utc(observed), status) for provider, observed, status in rows if observed is not None}


def holds(connection: Connection, provider: str) -> list[dict]:
    """The provider's offerings held alone now, oldest first, with the values the source states."""
    if not inspect(connection).has_table("held_offerings"):
        return []
    rows = connection.execute(text(
        "SELECT h.*, c.offering_id FROM held_offerings h LEFT JOIN current_prices c ON c.provider = h.provider "
        "AND c.model = h.model AND c.tier = h.tier AND c.region = h.region "
        "WHERE h.provider = :p AND h.ended_at IS NULL ORDER BY h.first_seen_at, h.id"), {"p": provider}).mappings()
    return [dict(row) | {"values": values_from_json(row["stated"])} for row in rows]


def offerings(connection: Connection, provider: str | None = None, model: str | None = None) -> list[dict]:
    """Listed offerings (current_prices) with the canonical model each belongs to (None: unmatched)."""
    rows = connection.execute(text(
        "SELECT c.*, i.canonical_model FROM current_prices c JOIN models m ON m.provider = c.provider "
        "AND m.model = c.model LEFT JOIN model_identities i ON i.model_id = m.id "
        "WHERE (:p IS NULL OR c.provider = :p) AND (:m IS NULL OR c.model = :m) "
        "ORDER BY c.provider, c.model, c.tier, c.region"), {"p": provider, "m": model}).mappings()
    return [dict(row) for row in rows]


def all_offering_ids(connection: Connection, provider: str, model: str) -> list[int]:
    """Every offering of one provider model, delisted ones included."""
    return list(connection.execute(text(
        "SELECT o.id FROM offerings o JOIN models m ON m.id = o.model_id WHERE m.provider = :p AND m.model = :m "
        "ORDER BY o.id"), {"p": provider, "m": model}).scalars())
