"""Canonical models: one identity for the same model across providers, from explicit rules.

The rules are data (``canonical/models.toml``): each canonical model lists the provider model
ids that are it, as ``"provider:model id"``, or ``"*:model id"`` for that id on any provider
(OpenRouter, Groq and DeepInfra all say ``openai/gpt-oss-120b``). Matching is exact and
deterministic: a provider's own rule wins over a ``*`` rule, and an id claimed by two
canonical models is an error in the file, never a tie broken silently. Nothing is inferred
from names: a model no rule names is unmatched, and ``python -m jobs.models unmatched`` lists it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.errors import ConfigError

ANY_PROVIDER = "*"
# What a model produces. Only text models are ranked by a token price: an image model's price is per
# image, and its text-token rows (a "$0.00" text output) would rank it falsely.
MODALITIES = ("text", "image", "video", "audio", "transcription", "embedding")
_FACTS = {"name": str, "family": str, "maker": str, "parameter_count": int, "open_weights": bool,
          "released": date, "modality": str, "source": str}


@dataclass(frozen=True)
class CanonicalModel:
    """A model as itself, whoever serves it. Facts are None where the mapping does not state them."""

    id: str
    name: str
    family: str | None = None
    maker: str | None = None
    parameter_count: int | None = None
    open_weights: bool | None = None
    released: date | None = None
    modality: str = "text"  # what it produces, one of MODALITIES
    source: str | None = None  # where the facts come from (a model card, the maker's announcement)


@dataclass(frozen=True)
class Rule:
    """``provider`` (or ``*``) + its model id -> a canonical model id."""

    provider: str
    model: str
    canonical: str

    def __str__(self) -> str:
        return f"{self.provider}:{self.model}"


@dataclass(frozen=True)
class KeptApart:
    """Reviewed: these provider models (``provider:id``) and canonical models (``models.<id>``) are
    not the same model, however alike their names; ``jobs.models suggest`` never proposes them together."""

    names: frozenset[str]
    why: str


@dataclass(frozen=True)
class Mapping:
    """The canonical models by id, the rules by (provider or ``*``, provider model id), and the
    reviewed pairs kept apart."""

    models: dict[str, CanonicalModel]
    rules: dict[tuple[str, str], Rule]
    kept_apart: tuple[KeptApart, ...] = ()

    def match(self, provider: str, model: str) -> Rule | None:
        """The rule naming this provider model: the provider's own first, then a ``*`` rule."""
        return self.rules.get((provider, model)) or self.rules.get((ANY_PROVIDER, model))


def load_mapping(path: Path) -> Mapping:
    """The mapping file, checked: every error names the file and the canonical model."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read model mapping {path}: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"model mapping {path} is not valid TOML: {exc}") from exc
    tables, apart = data.pop("models", None), data.pop("kept_apart", [])
    if data or not isinstance(tables, dict):
        raise ConfigError(f"model mapping {path}: expected only [models.<id>] tables and [[kept_apart]] entries")
    mapping = mapping_of(tables, str(path))
    return Mapping(mapping.models, mapping.rules, kept_apart_of(apart, mapping, str(path)))


def kept_apart_of(entries: object, mapping: Mapping, where: str) -> tuple[KeptApart, ...]:
    """The ``[[kept_apart]]`` entries, checked: two or more names, a reason, each canonical model
    known, and no two names the mapping already makes one model."""
    if not isinstance(entries, list):
        raise ConfigError(f"model mapping {where}: kept_apart must be [[kept_apart]] entries")
    return tuple(_kept_apart(number, entry, mapping, where) for number, entry in enumerate(entries, 1))


def _kept_apart(number: int, entry: object, mapping: Mapping, where: str) -> KeptApart:
    what = f"model mapping {where}: kept_apart entry {number}"
    if not isinstance(entry, dict) or set(entry) != {"ids", "why"}:
        raise ConfigError(f"{what} must have exactly ids and why")
    ids, why = entry["ids"], entry["why"]
    if (not isinstance(ids, list) or not all(isinstance(name, str) for name in ids) or len(set(ids)) < 2
            or not isinstance(why, str) or not why.strip()):
        raise ConfigError(f"{what}: ids must list two or more different names, and why must say why")
    canonical = [_canonical_named(name, mapping, what) for name in ids]
    same = {c for c in canonical if c is not None and canonical.count(c) > 1}
    if same:
        raise ConfigError(f"{what}: the mapping makes {', '.join(sorted(same))} of two of its names; "
                          "kept apart and matched together at once")
    return KeptApart(frozenset(ids), why.strip())


def _canonical_named(name: object, mapping: Mapping, what: str) -> str | None:
    """The canonical model a kept-apart name is (None for an unmatched provider model)."""
    if isinstance(name, str) and name.startswith("models."):
        if name.removeprefix("models.") not in mapping.models:
            raise ConfigError(f"{what}: {name!r} names no canonical model")
        return name.removeprefix("models.")
    provider, colon, model = name.partition(":") if isinstance(name, str) else ("", "", "")
    if not (provider and colon and model):
        raise ConfigError(f"{what}: {name!r} is neither \"provider:model id\" nor \"models.<id>\"")
    rule = mapping.match(provider, model)
    return rule.canonical if rule else None


def mapping_of(tables: dict, where: str) -> Mapping:
    """The mapping the ``[models.<id>]`` tables describe; ``where`` names them in errors (the file)."""
    models, rules = {}, {}
    for model_id, table in tables.items():
        models[model_id] = _canonical(model_id, table, where)
        for rule in _rules(model_id, table.get("ids"), where):
            claimed = rules.setdefault((rule.provider, rule.model), rule)
            if claimed.canonical != model_id:
                raise ConfigError(f"model mapping {where}: {rule} is claimed by both {claimed.canonical!r} "
                                  f"and {model_id!r}")
    return Mapping(models, rules)


def _canonical(model_id: str, table: object, where: str) -> CanonicalModel:
    if not isinstance(table, dict):
        raise ConfigError(f"model mapping {where}: models.{model_id} must be a table")
    unknown = set(table) - set(_FACTS) - {"ids"}
    if unknown:
        raise ConfigError(f"model mapping {where}: models.{model_id}: unknown key(s) {sorted(unknown)}; "
                          f"known: ids, {', '.join(_FACTS)}")
    for key, kind in _FACTS.items():
        value = table.get(key)
        if value is not None and (type(value) is not kind or (kind is int and value <= 0)):
            raise ConfigError(f"model mapping {where}: models.{model_id}.{key}: {value!r} is not a {kind.__name__}"
                              + (" above 0" if kind is int else ""))
    facts = {key: table.get(key) for key in _FACTS}
    if facts["modality"] not in (None, *MODALITIES):
        raise ConfigError(f"model mapping {where}: models.{model_id}.modality: {facts['modality']!r} is not one of "
                          f"{', '.join(MODALITIES)}")
    return CanonicalModel(model_id, **(facts | {"name": facts["name"] or model_id,
                                                "modality": facts["modality"] or "text"}))


def _rules(model_id: str, ids: object, where: str) -> list[Rule]:
    if not isinstance(ids, list) or not ids:
        raise ConfigError(f"model mapping {where}: models.{model_id}.ids must list \"provider:model id\" strings")
    rules = []
    for text in ids:
        provider, colon, model = text.partition(":") if isinstance(text, str) else ("", "", "")
        if not (provider and colon and model) or model != model.strip():
            raise ConfigError(f"model mapping {where}: models.{model_id}.ids: {text!r} is not \"provider:model id\"")
        rules.append(Rule(provider, model, model_id))
    return rules
