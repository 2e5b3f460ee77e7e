"""Providers, models and offerings: what a scraper returns and what history is kept of.

An offering is provider x model x service tier x region. Tiers are the serving
paths a provider prices apart (standard, priority, fast, batch, flex), and off_peak for a
price charged only at stated hours (DeepSeek: the hours are kept in the values' provenance);
region variants (Fireworks' US-only rows) are the same tier in another region.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.values import Value

TIERS = ("standard", "priority", "fast", "batch", "flex", "off_peak")
GLOBAL = "global"

PRICE_FIELDS = ("input", "cached_input", "cache_write", "output")
LIMIT_FIELDS = ("context_window", "max_output_tokens")
MAIN_FIELDS = PRICE_FIELDS + LIMIT_FIELDS
OTHER_PREFIX = "other:"  # prices in other units or token kinds: "other:request", "other:audio"


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    homepage: str


@dataclass(frozen=True)
class ModelInfo:
    """A model as one provider names it. ``kind`` is "model", or "price_class" for a
    priced group such as a parameter-size tier that is not a single model."""

    id: str
    name: str
    kind: str = "model"
    parameter_count: int | None = None
    moe: bool | None = None


@dataclass(frozen=True, order=True)
class OfferingKey:
    model: str
    tier: str = "standard"
    region: str = GLOBAL

    def __str__(self) -> str:
        where = "" if self.region == GLOBAL else f", {self.region}"
        return f"{self.model} [{self.tier}{where}]"


@dataclass(frozen=True)
class Announced:
    """A value the provider announces for a later date ("$1.50 starting January 1, 2027"). It is
    stored apart, with the announced date and the date we first saw it, and never applied early:
    the offering's own ``values`` hold what is charged at the page's fetch time."""

    field: str
    value: Value
    effective_from: date


@dataclass
class Offering:
    """One offering as scraped in one run.

    ``values`` maps a field name (see PRICE_FIELDS, LIMIT_FIELDS, OTHER_PREFIX) to
    its value; a field the source was read for but does not state is UNKNOWN, whether
    it is in ``values`` or not. ``unobserved`` names fields whose source was not read
    this run: they keep their stored value. ``listed_by`` is the URL of the source
    whose listing proves the offering exists. ``announced`` holds stated future values.
    An offering with ``unread`` set stands for a row whose cells could not be read: new, it is
    added with unknown values; already stored, it is left unobserved.
    """

    key: OfferingKey
    model: ModelInfo
    values: dict[str, Value]
    listed_by: str
    unobserved: frozenset[str] = frozenset()
    announced: tuple[Announced, ...] = ()
    unread: str | None = None  # why its row could not be read: its values are unknown, not guessed


@dataclass(frozen=True)
class Unread:
    """A part of a source the scraper could not read (a table, a row, a cell), and why.

    ``where`` names the page, the table and the row. ``models`` are the provider's model ids whose
    offerings the part held: those are unobserved this run (neither verified, changed nor delisted).
    ``models=None`` means the part's offerings cannot be named (a whole table, a row without a
    readable id): then nothing the page ``url`` listed is delisted this run.
    """

    url: str
    where: str
    reason: str
    models: frozenset[str] | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class ScrapeResult:
    """What a scraper read in one run. ``listings_read`` holds the source URLs read in
    full: an offering listed by one of them and now absent is delisted; one listed by a
    source that failed this run is left as it was. ``unread`` names the parts that could not be read
    (the run is then recorded ``partial``)."""

    offerings: list[Offering]
    listings_read: set[str]
    warnings: list[str] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)

    @property
    def read_any(self) -> bool:
        """Whether any offering's row was read (not only placeholders of rows that could not be)."""
        return any(o.unread is None for o in self.offerings)
