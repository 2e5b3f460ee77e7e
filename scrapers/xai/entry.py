"""One model entry of one cluster, and its prices read exactly.

Every price is an integer string in units of USD 1e-10 (``"20000"`` per token is $2.00 per 1M
tokens; ``"200000000"`` per image is $0.02 per image): token prices become USD per 1M tokens
(divided by 10^4), other prices USD per their unit (divided by 10^10), exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.errors import ParseError
from core.values import USD_PER_MTOK, Provenance, Value, price

TOKEN = "token"
TOKEN_SCALE = Decimal("1e-4")  # USD 1e-10 per token -> USD per 1M tokens
UNIT_SCALE = Decimal("1e-10")  # USD 1e-10 per image, second, ... -> USD per image, second, ...
_INTEGER = re.compile(r"\d+")
# Keys that look like prices: one the parser does not know fails the run, so no price is dropped unseen.
PRICE_LIKE = re.compile(r"price|pricing|discount|cost|threshold", re.I)


@dataclass(frozen=True)
class Entry:
    url: str
    cluster: str
    kind: str  # the cluster's list it is in: "languageModels", "audioModels", ...
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return self.data["name"]

    def fail(self, problem: str) -> ParseError:
        return ParseError(f"{self.url}: cluster {self.cluster!r}: {self.kind} {self.name!r} {problem}")

    def source(self, label: str, rule: str | None = None, raw: str | None = None,
               raw_unit: str | None = None) -> Provenance:
        return Provenance(self.url, f"{self.cluster} · {self.name} · {label}", rule, raw, raw_unit)

    def check_keys(self, known: set[str]) -> None:
        """Fail on a price-like key the parser does not read."""
        if unknown := sorted(k for k in self.data if k not in known and PRICE_LIKE.search(k)):
            raise self.fail(f"has price keys the parser does not know: {unknown}")

    def price(self, holder: dict[str, Any], key: str, label: str, per: str) -> Value:
        """``holder[key]`` (``label`` names where it is) per token, or per ``per`` in its own unit."""
        text = holder.get(key)
        if text is None:
            raise self.fail(f"has no {label}")
        if not isinstance(text, str) or not _INTEGER.fullmatch(text):
            raise self.fail(f"{label} is {text!r}, not an integer string")
        source = self.source(label, raw=text, raw_unit=f"USD 1e-10 per {per}")
        if per == TOKEN:
            return price(Decimal(text) * TOKEN_SCALE, source, USD_PER_MTOK)
        return price(Decimal(text) * UNIT_SCALE, source, f"USD per {per}")

    def optional_price(self, key: str, per: str) -> Value | None:
        return None if key not in self.data else self.price(self.data, key, key, per)

    def integer(self, key: str) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.fail(f"{key} is {value!r}, not a positive integer")
        return value

    def items(self, key: str) -> list[dict[str, Any]]:
        """A list of objects under ``key`` (none when absent)."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(f"{key} is not a list of objects")
        return value

