"""What a public list says, in our terms: the targets its entries name, their quotes and dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True, order=True)
class Target:
    """What a list entry names, in our terms: an offering (``kind`` "offering": model slug, tier,
    region) or a pricing-page row (``kind`` "row": the row label as row_slug writes it)."""

    kind: str
    name: str
    tier: str = "standard"
    region: str = "global"
    via: str = field(default="", compare=False)  # the list's own id that names it, where not the entry's key


@dataclass(frozen=True)
class Quote:
    """A value as a list states it, in our unit (USD per 1M tokens, or tokens); ``raw`` is
    the list's own writing with its unit; ``rounded`` says float noise was rounded off."""

    amount: Decimal | int
    raw: str
    rounded: bool = False


@dataclass(frozen=True)
class ListEntry:
    """One entry of a list: its id as written, what it names, the date it speaks for, its values.
    ``checked`` is the list's own per-entry date where it has one (("checked", day)).
    ``removed``: the list records that the model disappeared on ``day``."""

    key: str
    targets: tuple[Target, ...]
    day: date
    quotes: dict[str, Quote] = field(default_factory=dict)
    checked: tuple[str, date] | None = None
    removed: bool = False


@dataclass(frozen=True)
class PublicList:
    """A parsed list: its name, file, date (None when dated per entry), entries and parse notes."""

    name: str
    file: str
    day: date | None
    entries: tuple[ListEntry, ...]
    notes: tuple[str, ...] = ()
