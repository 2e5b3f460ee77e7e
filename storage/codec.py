"""Converting between core values and the columns of offering_versions."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

from core.offering import LIMIT_FIELDS, MAIN_FIELDS, OTHER_PREFIX, PRICE_FIELDS
from core.values import TOKENS, Provenance, Status, Value, currency_of, per_mtok
from storage.tables import VersionRow

_PRICE_COLUMN = {name: f"{name}_per_mtok" for name in PRICE_FIELDS}
_LIMIT_COLUMN = {name: name for name in LIMIT_FIELDS}
_COLUMN = _PRICE_COLUMN | _LIMIT_COLUMN


def version_row(offering_id: int, values: dict[str, Value], valid_from: datetime, run_id: int) -> VersionRow:
    """A history row holding every value of an offering from ``valid_from`` on."""
    columns = {}
    for name in MAIN_FIELDS:
        columns[_COLUMN[name]] = values[name].amount
        columns[f"{name}_status"] = values[name].status.value
    others = {name.removeprefix(OTHER_PREFIX): _value_dict(v) for name, v in values.items()
              if name.startswith(OTHER_PREFIX)}
    return VersionRow(offering_id=offering_id, valid_from=valid_from, run_id=run_id,
                      currency=token_currency(values), other_prices=json.dumps(others, sort_keys=True), provenance=provenance_json(values),
                      **columns)


def token_currency(values: dict[str, Value]) -> str:
    """The one currency of an offering's four token prices (core.validate checks that they share one)."""
    currencies = {currency_of(values[name].unit) for name in PRICE_FIELDS}
    if len(currencies) != 1 or None in currencies:
        raise ValueError(f"token prices in several or no currencies: {sorted(map(str, currencies))}")
    return currencies.pop()


def provenance_json(values: dict[str, Value]) -> str:
    """Where each value came from, as stored in offering_versions.provenance."""
    return json.dumps({name: v.provenance.as_dict() for name, v in values.items() if v.provenance}, sort_keys=True)


def version_values(row: VersionRow) -> dict[str, Value]:
    """The values a history row holds, with their provenance."""
    provenance = {name: _provenance(d) for name, d in json.loads(row.provenance).items()}
    values = {}
    for name in MAIN_FIELDS:
        amount = getattr(row, _COLUMN[name])
        unit = TOKENS if name in LIMIT_FIELDS else per_mtok(row.currency)
        values[name] = Value(Status(getattr(row, f"{name}_status")), amount, unit, provenance.get(name))
    for key, d in json.loads(row.other_prices).items():
        name = OTHER_PREFIX + key
        amount = Decimal(d["amount"]) if d.get("amount") is not None else None
        values[name] = Value(Status(d["status"]), amount, d["unit"], provenance.get(name))
    return values


def _value_dict(value: Value) -> dict[str, str | None]:
    return {"status": value.status.value, "amount": value.amount_text(), "unit": value.unit}


def _provenance(d: dict[str, str]) -> Provenance:
    return Provenance(d["source"], d.get("label"), d.get("rule"), d.get("raw"), d.get("raw_unit"))


def values_json(values: dict[str, Value]) -> str:
    """Every value of an offering with its provenance, as JSON (a held offering's stated values)."""
    return json.dumps({name: _value_dict(v) | {"provenance": v.provenance.as_dict() if v.provenance else None}
                       for name, v in values.items()}, sort_keys=True)


def values_from_json(text: str) -> dict[str, Value]:
    values = {}
    for name, d in json.loads(text).items():
        amount = d["amount"]
        number = None if amount is None else int(amount) if d["unit"] == TOKENS else Decimal(amount)
        values[name] = Value(Status(d["status"]), number, d["unit"], d["provenance"] and _provenance(d["provenance"]))
    return values
