"""Fireworks' size-based price classes: "4B – 16B parameters", "MoE up to 56B ...", "up to 150M".

A model without a price row of its own is priced by the class its parameter count
and architecture (dense or MoE) fall in. Each label states an upper bound; classes
are tried from the smallest bound up, so "More than 16B" catches what "4B – 16B" did not.
A class's id is its label in lower case with hyphens, a note in parentheses left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_UNITS = {"M": Decimal(10) ** 6, "B": Decimal(10) ** 9, "T": Decimal(10) ** 12}
_SIZE = r"(\d+(?:\.\d+)?)\s*([MBT])"
_BOUNDS = (  # (pattern, the upper bound is inclusive, there is no upper bound)
    (re.compile(rf"^less than {_SIZE}\b", re.I), False, False),
    (re.compile(rf"^up to {_SIZE}\b", re.I), True, False),
    (re.compile(rf"^{_SIZE}\s*[–-]\s*{_SIZE}\b", re.I), True, False),
    (re.compile(rf"^more than {_SIZE}\b", re.I), False, True),
)


@dataclass(frozen=True)
class SizeClass:
    label: str
    price: Decimal
    moe: bool
    upper: Decimal | None  # parameters; None: no upper bound
    inclusive: bool
    named: tuple[str, ...] = ()  # for a class named after a model ("Qwen3 8B"): its name's words
    written: str | None = None  # the price as written when it is not an amount ("Free")
    list_price: Decimal | None = None  # a list price struck through beside the price charged

    def admits(self, parameters: int, moe: bool) -> bool:
        if self.named or moe != self.moe:
            return False
        if self.upper is None:
            return True
        return parameters <= self.upper if self.inclusive else parameters < self.upper


def parse_size_class(label: str, price: Decimal) -> SizeClass:
    """A size class from its table label; a label naming a model becomes a named class."""
    text = re.sub(r"\(.*?\)", "", label).strip()
    moe = text.lower().startswith("moe ")
    bounds = text[4:] if moe else text
    for pattern, inclusive, unbounded in _BOUNDS:
        if match := pattern.match(bounds):
            number, unit = match.groups()[-2:]
            upper = None if unbounded else Decimal(number) * _UNITS[unit.upper()]
            return SizeClass(label, price, moe, upper, inclusive)
    return SizeClass(label, price, moe, None, True, named=tuple(text.lower().split()))


def match_size_class(classes: list[SizeClass], parameters: int, moe: bool) -> SizeClass | None:
    """The class a model of this size and architecture is priced by, or None."""
    ordered = sorted(classes, key=lambda c: (c.upper is None, c.upper or 0))
    return next((c for c in ordered if c.admits(parameters, moe)), None)


def match_named_class(classes: list[SizeClass], model_id: str) -> SizeClass | None:
    """A class named after a model ("Qwen3 8B") whose words all appear in the model id."""
    words = set(re.split(r"[^a-z0-9.]+", model_id.lower()))
    return next((c for c in classes if c.named and set(c.named) <= words), None)


def class_id(prefix: str, label: str) -> str:
    """"size-tier/4b-16b-parameters" for "4B – 16B parameters"; "(e.g. Mixtral 8x7B)" is left out."""
    return f"{prefix}/" + re.sub(r"[^a-z0-9]+", "-", re.sub(r"\(.*?\)", "", label).lower()).strip("-")
