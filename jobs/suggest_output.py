"""The text of ``python -m jobs.models suggest``: proposals a person reviews and pastes into
canonical/models.toml, each with a comment saying why. Text from the sources (ids, names) is
printed with its control characters escaped, so a provider's page cannot drive the terminal."""

from __future__ import annotations

import unicodedata
from itertools import groupby

from core.suggest import HOW, Addition, NewModel, Suggestions, Withheld

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
    return "".join(parts)


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
        return f"no suggestions for {unmatched} unmatched listed provider models{withheld}"
    return (f"{len(suggestions)} suggestions ({len(suggestions.additions)} ids for existing canonical models, "
            f"{len(suggestions.new_models)} new canonical models), {len(suggestions.withheld)} not proposed, "
            f"for {unmatched} unmatched listed provider models; nothing applied")
