"""A provider's stored current state, and writing one run's diff into history.

Everything here runs inside the caller's session; the caller commits once, so a
run's writes land together or not at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func
from sqlmodel import Session, select

from core.diff import Diff, FieldChange, StoredOffering, diff, field_changes
from core.offering import ModelInfo, Offering, OfferingKey, ScrapeResult
from core.values import Value
from storage.codec import provenance_json, version_row, version_values
from storage.tables import APPLIED, ChangeRow, ModelRow, OfferingRow, RunRow, VersionRow


class ProviderHistory:
    """The offerings of one provider as history has them now."""

    def __init__(self, session: Session, provider: str) -> None:
        self.session = session
        self.provider = provider
        self.models = {m.model: m for m in session.exec(select(ModelRow).where(ModelRow.provider == provider))}
        self.rows: dict[OfferingKey, tuple[OfferingRow, VersionRow | None]] = {}
        current = and_(VersionRow.offering_id == OfferingRow.id, VersionRow.valid_to.is_(None))
        query = (select(OfferingRow, ModelRow, VersionRow).join(ModelRow, ModelRow.id == OfferingRow.model_id)
                 .outerjoin(VersionRow, current).where(OfferingRow.provider == provider))
        for offering, model, version in session.exec(query):
            self.rows[OfferingKey(model.model, offering.tier, offering.region)] = (offering, version)
        self.last_values = self._last_values(session, provider)
        self.note: str | None = None  # carried by the change events being written (a held value applied)

    @staticmethod
    def _last_values(session: Session, provider: str) -> dict[OfferingKey, dict[str, Value]]:
        """The values delisted offerings had when they were delisted (their last, closed interval)."""
        last = and_(VersionRow.offering_id == OfferingRow.id, VersionRow.valid_to == OfferingRow.delisted_at)
        query = (select(OfferingRow, ModelRow, VersionRow).join(ModelRow, ModelRow.id == OfferingRow.model_id)
                 .join(VersionRow, last).where(OfferingRow.provider == provider))
        return {OfferingKey(model.model, offering.tier, offering.region): version_values(version)
                for offering, model, version in session.exec(query)}

    @property
    def state(self) -> dict[OfferingKey, StoredOffering]:
        """Every offering ever seen, with its current values (while delisted: those it had last)."""
        return {key: StoredOffering(key, version_values(version) if version else self.last_values.get(key, {}),
                                    offering.delisted_at is None, offering.listed_by)
                for key, (offering, version) in self.rows.items()}

    def last_observed_at(self) -> datetime | None:
        """When the newest successful run observed its sources."""
        query = select(func.max(RunRow.observed_at)).where(RunRow.provider == self.provider,
                                                           RunRow.status.in_(APPLIED))
        return self.session.exec(query).one()

    def apply(self, diff: Diff, run_id: int, at: datetime) -> None:
        """Write a run's diff observed at ``at``: versions, change events, verification times."""
        for offering in diff.added:
            self._add(offering, run_id, at)
        for offering, changes in diff.changed:
            self._change(offering, changes, run_id, at)
        for offering in diff.relisted:
            self._relist(offering, run_id, at)
        for stored in diff.delisted:
            self._delist(stored.key, run_id, at)
        for offering in diff.unchanged:
            self._verify(offering, run_id, at)
        self.session.flush()

    def apply_held(self, offering: Offering, run_id: int, at: datetime, note: str) -> None:
        """Apply a held offering's values as from ``at`` (the first run that stated them), each change
        event carrying ``note`` (why it is applied now). While held, the offering was not applied, so its
        current interval began before ``at``."""
        stored = self.state.get(offering.key)
        one = diff({} if stored is None else {offering.key: stored}, ScrapeResult([offering], set()))
        self.note = note
        try:
            self.apply(one, run_id, at)
        finally:
            self.note = None

    def verify_again(self, confirmed_by: int, run_id: int, at: datetime) -> int:
        """Verify at ``at`` the listed offerings that run ``confirmed_by`` confirmed, without new values:
        this run read the same bodies. Offerings it left as they were (their source was not read)
        stay so. Returns how many were verified."""
        again = [row for row, _ in self.rows.values() if row.delisted_at is None and row.last_run_id == confirmed_by]
        for row in again:
            row.last_verified_at, row.last_run_id = at, run_id
        self.session.flush()
        return len(again)

    def _add(self, offering: Offering, run_id: int, at: datetime) -> None:
        row = OfferingRow(provider=self.provider, model_id=self._model(offering.model).id,
                          tier=offering.key.tier, region=offering.key.region, listed_by=offering.listed_by,
                          first_seen_at=at, last_verified_at=at, last_changed_at=at, last_run_id=run_id)
        self.session.add(row)
        self.session.flush()
        self.rows[offering.key] = (row, self._new_version(row, offering, run_id, at))
        self._event(row, run_id, at, "added")

    def _change(self, offering: Offering, changes: list[FieldChange], run_id: int, at: datetime) -> None:
        row, version = self.rows[offering.key]
        version.valid_to = at
        self.rows[offering.key] = (row, self._new_version(row, offering, run_id, at))
        for change in changes:
            self._event(row, run_id, at, "changed", change)
        row.last_changed_at = at
        self._verify(offering, run_id, at)

    def _relist(self, offering: Offering, run_id: int, at: datetime) -> None:
        row, _ = self.rows[offering.key]
        row.delisted_at = None
        row.last_changed_at = at
        self.rows[offering.key] = (row, self._new_version(row, offering, run_id, at))
        self._event(row, run_id, at, "relisted")
        # what differs from the values it had when delisted: a change like any other, dated at the relisting
        for change in field_changes(self.last_values.get(offering.key, {}), offering.values):
            self._event(row, run_id, at, "changed", change)
        self._verify(offering, run_id, at)

    def _delist(self, key: OfferingKey, run_id: int, at: datetime) -> None:
        row, version = self.rows[key]
        if version is not None:
            version.valid_to = at
        row.delisted_at = row.last_changed_at = at
        row.last_run_id = run_id
        self._event(row, run_id, at, "delisted")

    def _verify(self, offering: Offering, run_id: int, at: datetime) -> None:
        row, version = self.rows[offering.key]
        row.last_verified_at = at
        row.last_run_id = run_id
        row.listed_by = offering.listed_by
        # Same values, possibly read from elsewhere (a renamed row, a value now read rather than
        # derived): the current interval records where its values were last confirmed.
        version.provenance = provenance_json(offering.values)
        self._model(offering.model)

    def _new_version(self, row: OfferingRow, offering: Offering, run_id: int, at: datetime) -> VersionRow:
        version = version_row(row.id, offering.values, at, run_id)
        self.session.add(version)
        return version

    def _event(self, row: OfferingRow, run_id: int, at: datetime, kind: str,
               change: FieldChange | None = None) -> None:
        details = {}
        if change is not None:
            details = dict(field=change.field, old_value=change.old.amount_text(), old_status=change.old.status.value,
                           new_value=change.new.amount_text(), new_status=change.new.status.value, unit=change.new.unit)
        self.session.add(ChangeRow(run_id=run_id, offering_id=row.id, detected_at=at, kind=kind, note=self.note,
                                   **details))

    def _model(self, info: ModelInfo) -> ModelRow:
        """The model's row, created or updated; a count the API did not give this run is kept."""
        row = self.models.get(info.id)
        if row is None:
            row = self.models[info.id] = ModelRow(provider=self.provider, model=info.id, name=info.name)
            self.session.add(row)
        row.name, row.kind = info.name, info.kind
        row.parameter_count = info.parameter_count or row.parameter_count
        row.moe = info.moe if info.moe is not None else row.moe
        if row.id is None:
            self.session.flush()
        return row
