"""A single observed value (a price or a limit), its state, and where it came from.

Unknown, free and not offered are different states and stay different:
``UNKNOWN`` means the source does not say, ``FREE`` means it says 0 or "free",
``NOT_OFFERED`` means it says the thing does not exist ("—" in a Priority cell).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

USD_PER_MTOK = "USD per 1M tokens"
TOKENS = "tokens"
CURRENCIES = ("USD", "EUR", "CNY")  # the currencies sources state prices in; a unit names its currency first


def per_mtok(currency: str = "USD") -> str:
    """The unit of a token price in ``currency``: "EUR per 1M tokens". Prices are stored in the
    currency the source states, never converted (see core/fx.py for comparisons)."""
    if currency not in CURRENCIES:
        raise ValueError(f"unknown currency {currency!r}; known: {', '.join(CURRENCIES)}")
    return f"{currency} per 1M tokens"


def currency_of(unit: str) -> str | None:
    """The currency a unit is stated in ("EUR per minute" -> "EUR"), or None for a count ("tokens")."""
    first = unit.split(" ", 1)[0]
    return first if first in CURRENCIES else None


class Status(StrEnum):
    PRICED = "priced"  # a positive amount stated by the source
    FREE = "free"  # the source states 0 or "free"
    UNKNOWN = "unknown"  # the source does not say
    NOT_OFFERED = "not_offered"  # the source says this tier or token kind does not exist
    VARIABLE = "variable"  # the source says the price varies (OpenRouter's "-1" on routers)
    KNOWN = "known"  # a stated token limit (context window, max output)


_WITH_AMOUNT = frozenset({Status.PRICED, Status.FREE, Status.KNOWN})


@dataclass(frozen=True)
class Provenance:
    """Where a value came from: the source URL, the row label, and whether it was read or derived."""

    source: str
    label: str | None = None
    rule: str | None = None  # the provider's stated rule, when the value was derived rather than read
    raw: str | None = None  # the value as written, where the source's unit or currency differs from ours
    raw_unit: str | None = None

    @property
    def method(self) -> str:
        return "derived" if self.rule else "read"

    def as_dict(self) -> dict[str, str]:
        """The non-empty parts, for storage as JSON."""
        parts = {"source": self.source, "label": self.label, "method": self.method,
                 "rule": self.rule, "raw": self.raw, "raw_unit": self.raw_unit}
        return {k: v for k, v in parts.items() if v is not None}


@dataclass(frozen=True)
class Value:
    """A price or limit in one state; amounts are exact (Decimal for money, int for token counts)."""

    status: Status
    amount: Decimal | int | None = None
    unit: str = USD_PER_MTOK
    provenance: Provenance | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if (self.amount is not None) != (self.status in _WITH_AMOUNT):
            raise ValueError(f"a {self.status.value} value cannot have the amount {self.amount!r}")

    @property
    def has_amount(self) -> bool:
        return self.status in _WITH_AMOUNT

    def amount_text(self) -> str | None:
        """The exact amount as a plain decimal string ("0.3", "8192"), or None without one."""
        if self.amount is None:
            return None
        if isinstance(self.amount, int):
            return str(self.amount)
        return format(self.amount.normalize(), "f")


def price(amount: Decimal, provenance: Provenance | None = None, unit: str = USD_PER_MTOK) -> Value:
    """A stated price: free when the amount is zero, priced otherwise."""
    status = Status.FREE if amount == 0 else Status.PRICED
    return Value(status, amount, unit, provenance)


def limit(tokens: int, provenance: Provenance | None = None) -> Value:
    """A stated token limit (context window, max output)."""
    return Value(Status.KNOWN, int(tokens), TOKENS, provenance)


def stated_limit(tokens: int | None, provenance: Provenance | None = None) -> Value:
    """A token limit the source may or may not state: known when it does, unknown when it does not."""
    return unknown(provenance, TOKENS) if tokens is None else limit(tokens, provenance)


def unknown(provenance: Provenance | None = None, unit: str = USD_PER_MTOK) -> Value:
    """The source was read and does not state this value."""
    return Value(Status.UNKNOWN, None, unit, provenance)


def not_offered(provenance: Provenance | None = None, unit: str = USD_PER_MTOK) -> Value:
    """The source states that this does not exist."""
    return Value(Status.NOT_OFFERED, None, unit, provenance)


def variable(provenance: Provenance | None = None, unit: str = USD_PER_MTOK) -> Value:
    """The source states that the price varies per request."""
    return Value(Status.VARIABLE, None, unit, provenance)
