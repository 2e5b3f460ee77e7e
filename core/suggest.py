"""Suggested mapping rules for unmatched provider models, from the names and facts we hold.

Matching stays exact (core.identity): a suggestion is only a proposal for a person to check and
paste into ``canonical/models.toml``, never applied. An id is normalised at three levels, from
strict to loose, and a model is proposed at the strictest level that finds it a partner:

- ``id``: lower-cased, the maker prefix (``meta-llama/``, ``@cf/openai/``) and an OpenRouter tag
  (``:free``) dropped, Fireworks' ``p`` decimal point read as one, separators unified
  (``Qwen3.5-9B``, ``qwen3p5-9b`` and ``qwen-3.5-9b`` are all ``qwen-3-5-9b``);
- ``suffix``: also the serving suffixes (``-instruct``, ``-it``, ``-fp8``, ``-turbo``...) dropped;
- ``words``: also a leading maker word dropped and the words in any order (``claude-haiku-3-5``
  and ``claude-3.5-haiku``).

A model's display name is normalised the same way (its ``Maker: `` prefix dropped), so each model
has a set of keys at each level. An unmatched model whose key is that of one canonical model
(its id, name, a rule's id or a matched provider model's name) is proposed as a new id of it; a
key naming two canonical models is reported as ambiguous instead. Unmatched models of two or more
providers sharing a key are proposed as a new canonical model, facts left out. Known parameter
counts that differ withhold a proposal, and a pair reviewed as different models (the mapping's
``[[kept_apart]]`` entries) is never proposed together again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from core.identity import KeptApart, Mapping

LEVELS = ("id", "suffix", "words")
HOW = {"id": "lower-cased, maker prefix dropped, separators unified",
       "suffix": "lower-cased, maker prefix and serving suffixes dropped, separators unified",
       "words": "lower-cased, maker prefix, maker word and serving suffixes dropped, words in any order"}
# Words a provider adds to the same weights' name for how it serves them, not what they are.
SERVING_SUFFIXES = frozenset({"instruct", "it", "fp8", "fp16", "bf16", "fp4", "nvfp4", "awq", "int8", "int4",
                              "turbo", "fast", "throughput", "free"})
_TAG = re.compile(r":[a-z0-9-]+$")  # OpenRouter's serving tags, :free, :exacto, :extended, :thinking
_DECIMAL_P = re.compile(r"(?<=\d)p(?=\d)")  # Fireworks' kimi-k2p6 is Kimi K2.6
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)")  # qwen3 and qwen-3 alike
_SIZE_OR_VERSION = re.compile(r"[a-z]*\d+[a-z]+\d*|[a-z]+\d+")  # 70b, v3, k2, a3b: not a bare number


@dataclass(frozen=True)
class Listed:
    """A listed provider model, as the suggestions see it."""

    provider: str
    model: str
    name: str
    parameter_count: int | None = None

    def __str__(self) -> str:
        return f"{self.provider}:{self.model}"


@dataclass(frozen=True)
class Partner:
    """What a key of an unmatched model was found in: a canonical model, through one of its names."""

    canonical: str
    via: str  # the rule, canonical id or provider model whose key it is


@dataclass(frozen=True)
class Addition:
    """Proposed: add ``model`` to canonical model ``canonical``'s ids."""

    model: Listed
    canonical: str
    key: str
    level: str
    via: str
    siblings: tuple[str, ...] = ()  # the same provider's rules already naming the canonical model


@dataclass(frozen=True)
class NewModel:
    """Proposed: a new canonical model ``id`` for these unmatched models of two or more providers."""

    id: str
    name: str
    models: tuple[Listed, ...]
    key: str
    level: str


@dataclass(frozen=True)
class Withheld:
    """Not proposed: the key names several canonical models, or known parameter counts differ."""

    models: tuple[Listed, ...]
    key: str
    level: str
    reason: str


@dataclass(frozen=True)
class Apart:
    """Not proposed: a person reviewed ``model`` and these others and kept them apart."""

    model: Listed
    others: tuple[str, ...]  # the canonical models ("models.<id>") or provider models it is not
    why: str


@dataclass
class Suggestions:
    additions: list[Addition] = field(default_factory=list)
    new_models: list[NewModel] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    kept_apart: list[Apart] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.additions) + len(self.new_models)

    def involving(self, providers: set[str]) -> Suggestions:
        """The proposals that name a model of one of these providers."""
        return Suggestions([a for a in self.additions if a.model.provider in providers],
                           [n for n in self.new_models if {m.provider for m in n.models} & providers],
                           [w for w in self.withheld if {m.provider for m in w.models} & providers],
                           [k for k in self.kept_apart if k.model.provider in providers])


def normalised(text: str, level: str, makers: frozenset[str] = frozenset()) -> str:
    """``text`` (a model id or display name) normalised at ``level``; "" when nothing is left."""
    words = _words(text)
    if level != "id":
        words = [word for word in words if word not in SERVING_SUFFIXES]
    words = [part for word in words for part in _LETTER_DIGIT.sub("-", word).split("-") if part]
    if level == "words":
        words = sorted(_joined_numbers(_without_maker_word(words, makers)))
        if not any(word.isalpha() and len(word) > 1 for word in words):
            return ""  # "v3" alone is no name: Morph's morph-v3-fast is not DeepSeek's deepseek-v3
    return "-".join(words)


def _joined_numbers(words: list[str]) -> list[str]:
    """Adjacent numbers as one: Mistral's ``codestral-25-08`` is OpenRouter's ``codestral-2508``."""
    joined: list[str] = []
    for word in words:
        if joined and word.isdigit() and joined[-1].isdigit():
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _words(text: str) -> list[str]:
    lowered = text.strip().lower()
    if ": " in lowered:  # a display name's "Anthropic: " prefix
        lowered = lowered.split(": ", 1)[1]
    lowered = _TAG.sub("", lowered.rsplit("/", 1)[-1])
    lowered = re.sub(r"\((free|exacto|extended|thinking)\)\s*$", "", lowered)
    return [word for word in _NOT_WORD.split(_DECIMAL_P.sub(".", lowered)) if word]


def _without_maker_word(words: list[str], makers: frozenset[str]) -> list[str]:
    """Words without a leading maker word ("nvidia-nemotron-3-ultra"), when a name follows it."""
    if len(words) > 2 and words[0] in makers and words[1][0].isalpha():
        return words[1:]
    return words


def maker_words(models: list[Listed], mapping: Mapping) -> frozenset[str]:
    """The first word of every maker prefix in the ids (``meta-llama/`` gives ``meta``) and of every
    maker the mapping names."""
    prefixes = [m.model.lower().removeprefix("@cf/").removeprefix("@hf/").rsplit("/", 1)[0]
                for m in models if "/" in m.model.removeprefix("@cf/").removeprefix("@hf/")]
    makers = [model.maker.lower() for model in mapping.models.values() if model.maker]
    return frozenset(words[0] for text in [*prefixes, *makers] if (words := _NOT_WORD.split(text)) and words[0])


def keys_of(model: Listed, level: str, makers: frozenset[str]) -> set[str]:
    """The keys of a provider model at ``level``: its id's and its display name's."""
    return _keys(model.model, model.name, level, makers)


def _keys(model_id: str, name: str | None, level: str, makers: frozenset[str]) -> set[str]:
    """The keys of an id and its display name, the name's only when it keeps the id's sizes and
    versions: Groq names ``whisper-large-v3`` "Whisper", which would match every Whisper (a name
    may leave out a date: Mistral's "Ministral 3 14B" is ``ministral-3-14b-25-12``)."""
    keys = {normalised(model_id, level, makers)}
    if name and not any(_SIZE_OR_VERSION.fullmatch(word) for word in set(_words(model_id)) - set(_words(name))):
        keys.add(normalised(name, level, makers))
    return keys - {""}


def canonical_keys(mapping: Mapping, matched: list[Listed], level: str,
                   makers: frozenset[str]) -> dict[str, set[Partner]]:
    """Every key naming a canonical model at ``level``: its id, name, rules' ids, matched models' names."""
    found: dict[str, set[Partner]] = defaultdict(set)
    for model in mapping.models.values():
        for key in _keys(model.id, model.name, level, makers):
            found[key].add(Partner(model.id, f"models.{model.id}"))
    for rule in mapping.rules.values():
        found[normalised(rule.model, level, makers)].add(Partner(rule.canonical, f"rule {rule}"))
    for listed in matched:
        rule = mapping.match(listed.provider, listed.model)
        for key in keys_of(listed, level, makers) - {normalised(listed.model, level, makers)}:
            found[key].add(Partner(rule.canonical, f"{listed} ({listed.name})"))
    found.pop("", None)
    return found


def suggest(unmatched: list[Listed], matched: list[Listed], mapping: Mapping) -> Suggestions:
    """Proposals for the unmatched models, each model in at most one, strictest level first."""
    makers = maker_words([*unmatched, *matched], mapping)
    result, pending = Suggestions(), list(unmatched)
    for level in LEVELS:
        partners = canonical_keys(mapping, matched, level, makers)
        pending = _to_canonical(pending, partners, mapping, level, makers, result)
        pending = _to_each_other(pending, level, makers, mapping.kept_apart, result)
    return result


def _to_canonical(pending: list[Listed], partners: dict[str, set[Partner]], mapping: Mapping, level: str,
                  makers: frozenset[str], result: Suggestions) -> list[Listed]:
    """Propose (or withhold) an addition for each model whose key names a canonical model; the rest."""
    rest = []
    for model in pending:
        hits = {key: partners[key] for key in sorted(keys_of(model, level, makers)) if key in partners}
        targets = {partner.canonical for found in hits.values() for partner in found}
        if not targets:
            rest.append(model)
            continue
        targets = _not_kept_apart(model, targets, mapping, result)
        if not targets:  # reviewed apart from all it resembles: it may still match at a looser level
            rest.append(model)
            continue
        if len(targets) > 1:
            names = ", ".join(f"models.{t} ({_via(hits, t)})" for t in sorted(targets))
            result.withheld.append(Withheld((model,), "/".join(hits), level, f"it names {len(targets)} "
                                                                              f"canonical models: {names}"))
            continue
        (target,) = targets
        hits = {key: found for key, found in hits.items() if any(p.canonical == target for p in found)}
        key = next(iter(hits))
        conflict = _count_conflict([model], mapping.models[target].parameter_count, target)
        if conflict:
            result.withheld.append(Withheld((model,), key, level, conflict))
            continue
        siblings = tuple(sorted(str(r) for r in mapping.rules.values()
                                if r.canonical == target and r.provider == model.provider))
        result.additions.append(Addition(model, target, key, level, _via(hits, target), siblings))
    return rest


def _not_kept_apart(model: Listed, targets: set[str], mapping: Mapping, result: Suggestions) -> set[str]:
    """The targets no ``[[kept_apart]]`` entry keeps apart from ``model``; the others recorded as such."""
    kept = {}
    for target in targets:
        names = {f"models.{target}"} | {str(r) for r in mapping.rules.values() if r.canonical == target}
        entry = _entry_apart(mapping.kept_apart, {str(model)}, names)
        if entry:
            kept[target] = entry
    if kept:
        why = "; ".join(sorted({entry.why for entry in kept.values()}))
        _record(result, Apart(model, tuple(f"models.{t}" for t in sorted(kept)), why))
    return targets - set(kept)


def _entry_apart(entries: tuple[KeptApart, ...], these: set[str], those: set[str]) -> KeptApart | None:
    """The entry naming one of ``these`` and one of ``those`` (different names), if any."""
    for entry in entries:
        if (entry.names & these) and (entry.names & those) and len(entry.names & (these | those)) > 1:
            return entry
    return None


def _via(hits: dict[str, set[Partner]], target: str) -> str:
    return min(partner.via for found in hits.values() for partner in found if partner.canonical == target)


def _to_each_other(pending: list[Listed], level: str, makers: frozenset[str], apart: tuple[KeptApart, ...],
                   result: Suggestions) -> list[Listed]:
    """Propose a new canonical model for each group of unmatched models of two or more providers
    sharing a key; the models left."""
    groups = _groups(pending, level, makers)
    grouped = set()
    for key, members in groups:
        if len({m.provider for m in members}) < 2:
            continue
        grouped.update(members)
        if _group_kept_apart(members, apart, result):
            continue
        conflict = _count_conflict(members, None, None)
        if conflict:
            result.withheld.append(Withheld(tuple(members), key, level, conflict))
        else:
            result.new_models.append(NewModel(_new_id(members), _new_name(members), tuple(members), key, level))
    return [model for model in pending if model not in grouped]


def _group_kept_apart(members: list[Listed], apart: tuple[KeptApart, ...], result: Suggestions) -> bool:
    """Whether a ``[[kept_apart]]`` entry separates two of the members (then recorded as such)."""
    for model in members:
        others = {str(m) for m in members if m != model}
        entry = _entry_apart(apart, {str(model)}, others)
        if entry:
            _record(result, Apart(model, tuple(sorted(entry.names & others)), entry.why))
            return True
    return False


def _record(result: Suggestions, apart: Apart) -> None:
    """Record a pair kept apart once, whichever levels found it."""
    if apart not in result.kept_apart:
        result.kept_apart.append(apart)


def _groups(pending: list[Listed], level: str, makers: frozenset[str]) -> list[tuple[str, list[Listed]]]:
    """The models linked by shared keys (a shares one with b, b another with c: one group), with the
    keys that link them, in key order."""
    by_key: dict[str, list[Listed]] = defaultdict(list)
    for model in pending:
        for key in keys_of(model, level, makers):
            by_key[key].append(model)
    group_of = {model: {model} for model in pending}
    for members in by_key.values():
        merged = set().union(*(group_of[m] for m in members))
        for model in merged:
            group_of[model] = merged
    groups = {id(group): group for group in group_of.values() if len(group) > 1}.values()
    linked = [("/".join(sorted(k for k, ms in by_key.items() if len(ms) > 1 and ms[0] in group)), sorted(group, key=str))
              for group in groups]
    return sorted(linked)


def _count_conflict(models: list[Listed], canonical_count: int | None, canonical: str | None) -> str | None:
    """Why known parameter counts forbid the proposal, if they differ."""
    counts = {f"{m}": m.parameter_count for m in models if m.parameter_count}
    if canonical_count:
        counts[f"models.{canonical}"] = canonical_count
    if len(set(counts.values())) > 1:
        return "parameter counts differ: " + ", ".join(f"{who} {count:,}" for who, count in sorted(counts.items()))
    return None


def slug(model_id: str) -> str:
    """A provider model id as a canonical id: lower-cased, maker prefix and tag dropped, separators
    unified (``meta-llama/Llama-3.3-70B-Instruct`` is ``llama-3-3-70b-instruct``)."""
    return "-".join(_words(model_id))


def _new_id(members: list[Listed]) -> str:
    """The new canonical model's id: the shortest of its members' ids as a slug."""
    return min((slug(m.model) or slug(m.name) for m in members), key=lambda k: (len(k), k))


def _new_name(members: list[Listed]) -> str:
    """A member's display name (without its "Maker: " prefix) where one differs from its id, else an id."""
    names = [m.name.split(": ", 1)[-1].strip() for m in members if m.name and m.name != m.model]
    return min(names, key=lambda n: (len(n), n)) if names else members[0].model
