"""Exact blended prices for the price_ladder view's ``blended_exact`` (table ``route_blends``).

The view computes ``blended_per_mtok`` in REAL arithmetic, which SQLite offers; it cannot compute the
exact decimal. So each current route's blend is computed here, in Decimal, as jobs.ladder computes it:
(w_in x input + w_out x output) / (w_in + w_out), converted to USD at the newest reference rate for a
route in another currency. A row records the weights and the rate date it used: the view shows it only
while both are still the ones in force (else NULL, until the next refresh). Refreshed after every
applied run (that provider's routes), after every exchange-rate run (routes in other currencies), and
when a database is opened for writing with other weights than the rows were computed with.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import delete
from sqlmodel import Session, col, select

from core.ladder import parse_weights
from core.money import plain
from storage.rates import usd_rate_on
from storage.tables import BlendRow, OfferingRow, SettingRow, VersionRow

WEIGHT_KEYS = ("blend_input_weight", "blend_output_weight")
COMPUTED_WITH = "route_blends_weights"  # the weights every row was last computed with, in settings


def weights_text(session: Session) -> str:
    """The weights in force, written as the view compares them: "3:1"."""
    values = [session.get(SettingRow, key) for key in WEIGHT_KEYS]
    return ":".join(row.value if row else default for row, default in zip(values, ("3", "1"), strict=True))


def refresh_blends(session: Session, provider: str | None = None, foreign_only: bool = False,
                   today: date | None = None) -> None:
    """Recompute the blends of the current routes (of ``provider``, or in another currency, or all)."""
    written = weights_text(session)
    try:
        weights = parse_weights(written)
    except ValueError:  # weights the ladder refuses too: no exact blend, the view's column stays NULL
        weights = None
    day = today or datetime.now(UTC).date()
    rates: dict[str, object] = {}
    for offering_id, version in _current(session, provider, foreign_only):
        session.merge(_row(session, offering_id, version, written, weights, day, rates))
    _drop_gone(session)


def refresh_if_weights_changed(session: Session) -> None:
    """Recompute every blend when the weights in force are not those the rows were computed with."""
    written, stored = weights_text(session), session.get(SettingRow, COMPUTED_WITH)
    if stored is None or stored.value != written:
        refresh_blends(session)
        session.merge(SettingRow(key=COMPUTED_WITH, value=written))


def _current(session: Session, provider: str | None, foreign_only: bool):
    query = (select(OfferingRow.id, VersionRow).join(VersionRow, col(VersionRow.offering_id) == OfferingRow.id)
             .where(col(VersionRow.valid_to).is_(None), col(OfferingRow.delisted_at).is_(None)))
    if provider is not None:
        query = query.where(OfferingRow.provider == provider)
    if foreign_only:
        query = query.where(VersionRow.currency != "USD")
    return session.exec(query).all()


def _row(session: Session, offering_id: int, version: VersionRow, written: str,
         weights: tuple[Decimal, Decimal] | None, day: date, rates: dict) -> BlendRow:
    row = BlendRow(offering_id=offering_id, version_id=version.id, weights=written)
    if weights is None or version.input_per_mtok is None or version.output_per_mtok is None:
        return row
    mean = (weights[0] * version.input_per_mtok + weights[1] * version.output_per_mtok) / sum(weights)
    if version.currency == "USD":
        row.blended = _text(mean)
        return row
    if version.currency not in rates:
        rates[version.currency] = usd_rate_on(session.connection(), version.currency, day)
    rate = rates[version.currency]
    if rate is not None:
        row.rate_date, row.blended = rate.rate_date, _text(mean * rate.usd_per_unit)
    return row


def _drop_gone(session: Session) -> None:
    """Rows of routes no longer current (delisted, or a newer version written) are removed."""
    current = select(VersionRow.id).where(col(VersionRow.valid_to).is_(None))
    session.exec(delete(BlendRow).where(col(BlendRow.version_id).not_in(current)))


def _text(amount: Decimal) -> str:
    return format(plain(amount), "f")  # as jobs.ladder --json writes it: "0.2625", "10"
