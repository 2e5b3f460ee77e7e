"""Reading a provider's history as timelines, and replacing one offering's history with a rebuilt one.

Used by the re-parse (jobs/reparse.py): the history is rebuilt in a scratch database by
the same code that refreshes write with, then copied over offering by offering, inside
the caller's transaction. What it replaces is kept in ``corrections`` by the caller.
"""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, select

from core.corrections import Correction, Interval
from core.offering import OfferingKey
from storage.codec import version_values
from storage.tables import ChangeRow, CorrectionRow, ModelRow, OfferingRow, VersionRow

_COPIED = ("listed_by", "first_seen_at", "last_verified_at", "last_changed_at", "delisted_at", "last_run_id")


def offerings_by_key(session: Session, provider: str) -> dict[OfferingKey, OfferingRow]:
    """Every offering of the provider ever seen, by key."""
    query = (select(OfferingRow, ModelRow).join(ModelRow, ModelRow.id == OfferingRow.model_id)
             .where(OfferingRow.provider == provider))
    return {OfferingKey(model.model, row.tier, row.region): row for row, model in session.exec(query)}


def timelines(session: Session, provider: str) -> dict[OfferingKey, list[Interval]]:
    """Each offering's intervals of values, oldest first (in one query)."""
    found: dict[OfferingKey, list[Interval]] = {key: [] for key in offerings_by_key(session, provider)}
    query = (select(OfferingRow, ModelRow, VersionRow).join(ModelRow, ModelRow.id == OfferingRow.model_id)
             .join(VersionRow, VersionRow.offering_id == OfferingRow.id).where(OfferingRow.provider == provider)
             .order_by(VersionRow.valid_from, VersionRow.id))
    for row, model, version in session.exec(query):
        key = OfferingKey(model.model, row.tier, row.region)
        found[key].append(Interval(version.valid_from, version.valid_to, version_values(version)))
    return found


Rows = dict[OfferingKey, OfferingRow]


def replace_history(target: Session, rebuilt: Session, provider: str, key: OfferingKey,
                    stored: Rows, rebuilt_rows: Rows) -> OfferingRow:
    """Give the offering in ``target`` the intervals and change events it has in ``rebuilt``
    (``stored`` and ``rebuilt_rows``: each side's offerings by key, see offerings_by_key).
    An offering the rebuilt history does not have at all was never really listed: it keeps
    no intervals and is marked not listed since it was first seen."""
    source = rebuilt_rows.get(key)
    row = stored.get(key) or _new_offering(target, rebuilt, provider, key, source)
    target.exec(delete(VersionRow).where(VersionRow.offering_id == row.id))
    target.exec(delete(ChangeRow).where(ChangeRow.offering_id == row.id))
    if source is None:
        row.delisted_at = row.first_seen_at
        return row
    for name in _COPIED:
        setattr(row, name, getattr(source, name))
    for table in (VersionRow, ChangeRow):
        for copied in rebuilt.exec(select(table).where(table.offering_id == source.id).order_by(table.id)):
            target.add(table(**copied.model_dump(exclude={"id", "offering_id"}), offering_id=row.id))
    return row


def _new_offering(target: Session, rebuilt: Session, provider: str, key: OfferingKey,
                  source: OfferingRow) -> OfferingRow:
    model = target.exec(select(ModelRow).where(ModelRow.provider == provider, ModelRow.model == key.model)).first()
    if model is None:
        original = rebuilt.get(ModelRow, source.model_id)
        model = ModelRow(**original.model_dump(exclude={"id"}))
        target.add(model)
        target.flush()
    row = OfferingRow(**source.model_dump(exclude={"id", "model_id"}), model_id=model.id)
    target.add(row)
    target.flush()
    return row


MODEL_FIELDS = ("name", "kind", "parameter_count", "moe")


def model_fixes(stored: Session, rebuilt: Session, provider: str) -> dict[str, dict[str, tuple]]:
    """Model facts (name, kind, size) the rebuilt history has differently: model -> field -> (old, new)."""
    old = {row.model: row for row in stored.exec(select(ModelRow).where(ModelRow.provider == provider))}
    fixes = {}
    for new in rebuilt.exec(select(ModelRow).where(ModelRow.provider == provider)):
        row = old.get(new.model)
        differ = {} if row is None else {f: (getattr(row, f), getattr(new, f)) for f in MODEL_FIELDS
                                         if getattr(row, f) != getattr(new, f)}
        if differ:
            fixes[new.model] = differ
    return fixes


def fix_models(target: Session, provider: str, fixes: dict[str, dict[str, tuple]]) -> None:
    """Give the stored models the rebuilt facts."""
    for row in target.exec(select(ModelRow).where(ModelRow.provider == provider, ModelRow.model.in_(fixes))):
        for name, (_old, new) in fixes[row.model].items():
            setattr(row, name, new)


def correction_row(correction: Correction, offering_id: int, run_id: int, at) -> CorrectionRow:
    """The stored form of one correction."""
    old, new = correction.old, correction.new
    return CorrectionRow(run_id=run_id, offering_id=offering_id, field=correction.field,
                         valid_from=correction.valid_from, valid_to=correction.valid_to,
                         old_value=old and old.amount_text(), old_status=old and old.status.value,
                         new_value=new and new.amount_text(), new_status=new and new.status.value,
                         unit=(new or old).unit, corrected_at=at)
