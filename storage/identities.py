"""Loading the canonical-model mapping into the database: ``canonical_models`` and ``model_identities``.

Applying is deterministic and whole: both tables are rebuilt from the mapping and the stored
models, so editing a wrong rule and applying again fixes every identity it touched.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlmodel import Session, col, delete, select

from core.identity import Mapping
from storage.tables import CanonicalModelRow, ModelIdentityRow, ModelRow, OfferingRow

MODEL = "model"  # price classes (Fireworks' size tiers) are not models and have no identity


@dataclass(frozen=True)
class Applied:
    canonical_models: int
    matched: int  # provider models, listed or not
    unmatched: int  # listed provider models no rule names, as `jobs.models unmatched` lists them
    unused_rules: list[str]


def apply_mapping(session: Session, mapping: Mapping) -> Applied:
    """Replace the stored identities with the mapping's; the caller commits."""
    session.exec(delete(ModelIdentityRow))
    session.exec(delete(CanonicalModelRow))
    session.add_all(CanonicalModelRow(**asdict(model)) for model in mapping.models.values())
    session.flush()
    identities = [ModelIdentityRow(model_id=model.id, canonical_model=rule.canonical, rule=str(rule))
                  for model in _models(session) if (rule := mapping.match(model.provider, model.model))]
    session.add_all(identities)
    used = {identity.rule for identity in identities}
    unused = sorted(str(rule) for rule in mapping.rules.values() if str(rule) not in used)
    return Applied(len(mapping.models), len(identities), len(unmatched_models(session, mapping)), unused)


def unmatched_models(session: Session, mapping: Mapping, providers: list[str] | None = None) -> list[ModelRow]:
    """Stored models with a listed offering that no rule names, by provider and id."""
    listed = select(OfferingRow.model_id).where(col(OfferingRow.delisted_at).is_(None))
    query = select(ModelRow).where(col(ModelRow.id).in_(listed), ModelRow.kind == MODEL)
    if providers:
        query = query.where(col(ModelRow.provider).in_(providers))
    models = session.exec(query.order_by(ModelRow.provider, ModelRow.model)).all()
    return [model for model in models if mapping.match(model.provider, model.model) is None]


def _models(session: Session) -> list[ModelRow]:
    return list(session.exec(select(ModelRow).where(ModelRow.kind == MODEL).order_by(ModelRow.id)))
