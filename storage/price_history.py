"""Reading a provider's offerings with their whole history from the price_history view, for cross-checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from itertools import groupby

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from core.crosscheck import OurOffering, OurVersion
from core.errors import ConfigError
from core.offering import OfferingKey
from core.values import TOKENS, USD_PER_MTOK, Status, Value

_HISTORY = text("""
SELECT h.model, h.tier, h.region, h.valid_from, h.valid_to, h.provenance,
    h.input_exact, h.input_status, h.cached_input_exact, h.cached_input_status,
    h.output_exact, h.output_status, h.context_window, h.context_window_status,
    h.max_output_tokens, h.max_output_tokens_status, o.last_verified_at, o.delisted_at
FROM price_history h JOIN offerings o ON o.id = h.offering_id
WHERE h.provider = :provider
ORDER BY h.model, h.tier, h.region, h.valid_from""")


def read_ours(engine: Engine, provider: str) -> list[OurOffering]:
    """The provider's offerings with their whole history, from the price_history view."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(_HISTORY, {"provider": provider}).mappings().all()
    except SQLAlchemyError as exc:
        raise ConfigError(f"cannot read price history: {' '.join(str(exc.orig or exc).split())}") from None
    if not rows:
        raise ConfigError(f"no {provider} offerings in the database: run python -m jobs.refresh {provider} first")
    by_offering = groupby(rows, key=lambda r: (r["model"], r["tier"], r["region"]))
    return [_offering(OfferingKey(*key), list(group)) for key, group in by_offering]


def _offering(key: OfferingKey, rows: list) -> OurOffering:
    versions = tuple(OurVersion(_utc(r["valid_from"]), _utc(r["valid_to"]), _values(r)) for r in rows)
    last = rows[-1]
    return OurOffering(key, _row_label(key, last["provenance"]), versions, _utc(last["last_verified_at"]),
                       _utc(last["delisted_at"]))


def _values(row) -> dict[str, Value]:
    values = {}
    for name in ("input", "cached_input", "output"):
        exact = row[f"{name}_exact"]
        values[name] = Value(Status(row[f"{name}_status"]), Decimal(exact) if exact is not None else None,
                             USD_PER_MTOK)
    for name in ("context_window", "max_output_tokens"):
        values[name] = Value(Status(row[f"{name}_status"]), row[name], TOKENS)
    return values


def _row_label(key: OfferingKey, provenance: str) -> str | None:
    """The pricing-page row an offering was read from: its input's label is "<row> · <column>";
    only a Standard column read as such (not a batch price derived from it) is the row's own."""
    label = json.loads(provenance or "{}").get("input", {}).get("label") or ""
    row, _, column = label.rpartition(" · ")
    return row if column == "Standard" and key.tier != "batch" and row else None


def _utc(moment: str | datetime | None) -> datetime | None:
    if moment is None:
        return None
    parsed = moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
