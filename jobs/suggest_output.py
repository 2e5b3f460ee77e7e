"""The text of ``python -m jobs.models suggest``: proposals a person reviews and pastes into
canonical/models.toml, each with a comment saying why. Text from the sources (ids, names) is
printed with its control characters escaped, so a provider's page cannot drive the terminal."""

from __future__ import annotations

import unicodedata
from itertools import groupby

from core.suggest import HOW, Addition, Apart, NewModel, Suggestions, Withheld

HEADER = ("# Suggested rules for canonical/models.toml (python -m jobs.models suggest). Nothing was applied:\n"
          "# check each against the providers' pages before pasting it; matching stays exact.\n")


def printable(text: str) -> str:
    """``text`` with control and format characters (newlines, ESC, bidi overrides) as \\uXXXX escapes."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string, its control and format characters escaped."""
    return '"' + printable(text.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def render(suggestions: Suggestions) -> str:
    """Additions by canonical model, then new canonical models, then what was withheld, and why."""
    parts = [HEADER]
    if suggestions.additions:
        parts.append("\n# === Add to existing canonical models: paste each id into that model's ids ===\n")
        by_target = sorted(suggestions.additions, key=lambda a: (a.canonical, str(a.model)))
        parts.extend(_additions(target, list(group)) for target, group in groupby(by_target, lambda a: a.canonical))
    if suggestions.new_models:
        parts.append("\n# === New canonical models: facts left out; add only what the maker states, "
                     "with its source ===\n")
        parts.extend(_new_model(new) for new in sorted(suggestions.new_models, key=lambda n: n.id))
    if suggestions.withheld:
        parts.append("\n# === Not proposed: check by hand ===\n")
        parts.extend(_withheld(w) for w in sorted(suggestions.withheld, key=lambda w: str(w.models[0])))
    if suggestions.kept_apart:
        parts.append("\n# === Reviewed and kept apart ([[kept_apart]] in the mapping): not proposed again ===\n")
        parts.extend(_apart(k) for k in sorted(suggestions.kept_apart, key=lambda k: (str(k.model), k.others)))
    return "".join(parts)


def _apart(apart: Apart) -> str:
    return printable(f"# {_who(apart.model)} is not {', '.join(apart.others)}: {apart.why}") + "\n"


def _additions(target: str, additions: list[Addition]) -> str:
    lines = [f"\n# [models.{printable(target)}] ids += \n"]
    for addition in additions:
        lines.append(f"#   {_who(addition.model)} is {printable(repr(addition.key))} ({HOW[addition.level]}), "
                     f"as {printable(addition.via)}\n")
        if addition.siblings:
            lines.append(f"#   check: {addition.model.provider} already has {printable(', '.join(addition.siblings))}"
                         f" here: another route of the same weights, or another model?\n")
        lines.append(f"{toml_string(str(addition.model))},\n")
    return "".join(lines)


def _new_model(new: NewModel) -> str:
    providers = sorted({m.provider for m in new.models})
    return (f"\n# {', '.join(providers)} share the key {printable(repr(new.key))} ({HOW[new.level]}):\n"
            + "".join(f"#   {_who(m)}\n" for m in new.models)
            + f"[models.{printable(new.id)}]\nname = {toml_string(new.name)}\n"
            + f"ids = [{', '.join(toml_string(str(m)) for m in new.models)}]\n")


def _withheld(withheld: Withheld) -> str:
    who = "; ".join(_who(m) for m in withheld.models)
    return (f"# {who}: key {printable(repr(withheld.key))} ({HOW[withheld.level]}): "
            f"{printable(withheld.reason)}\n")


def _who(model) -> str:
    name = f" ({model.name})" if model.name and model.name != model.model else ""
    return printable(f"{model}{name}")


def count_line(suggestions: Suggestions, unmatched: int) -> str:
    """The stderr summary: how many proposals of each kind, for how many unmatched models."""
    if not suggestions:
        withheld = f" ({len(suggestions.withheld)} not proposed: see the output)" if suggestions.withheld else ""
        apart = f" ({len(suggestions.kept_apart)} kept apart as reviewed)" if suggestions.kept_apart else ""
        return f"no suggestions for {unmatched} unmatched listed provider models{withheld}{apart}"
    return (f"{len(suggestions)} suggestions ({len(suggestions.additions)} ids for existing canonical models, "
            f"{len(suggestions.new_models)} new canonical models), {len(suggestions.withheld)} not proposed, "
            f"{len(suggestions.kept_apart)} kept apart as reviewed, "
            f"for {unmatched} unmatched listed provider models; nothing applied")
