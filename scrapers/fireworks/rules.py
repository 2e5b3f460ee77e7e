"""The rules the pricing page states in prose: the batch discount and the US-only premium.

Neither is a table: when a rule is not found, what it would derive or check is left out and a
warning says so (batch offerings are then neither confirmed nor delisted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from selectolax.lexbor import LexborHTMLParser

from scrapers._html import page_text
from scrapers.fireworks.cells import FIELDS, ModelRow

_BATCH_RULE = re.compile(r"Batch inference is billed at (\d+(?:\.\d+)?)% of serverless pricing", re.I)
_US_RULE = re.compile(r"US-only Serverless endpoints are priced at a (\d+(?:\.\d+)?)% premium", re.I)
_US_EXCEPTION = re.compile(r"US-only Serverless endpoints are priced at [^,]*, except (.+?), which matches", re.I)


@dataclass(frozen=True)
class Rules:
    batch_share: Decimal | None  # 0.5 when batch is billed at 50%; None when the rule is not stated
    us_premium: Decimal | None  # 0.10 for a 10% premium
    us_exception: str | None  # the row the premium does not apply to


def read_rules(tree: LexborHTMLParser) -> Rules:
    text = page_text(tree)
    batch, us_rule, us_exception = _BATCH_RULE.search(text), _US_RULE.search(text), _US_EXCEPTION.search(text)
    return Rules(Decimal(batch.group(1)) / 100 if batch else None,
                 Decimal(us_rule.group(1)) / 100 if us_rule else None,
                 us_exception.group(1).strip() if us_exception else None)


def check_us_rows(rows: list[ModelRow], rules: Rules) -> list[str]:
    """The US-only rule checked against the US rows: each should be its global row plus the premium."""
    if rules.us_premium is None:
        return []
    base = {(r.model_id, r.fast): r for r in rows if r.region == "global"}
    warnings = []
    for row in (r for r in rows if r.region == "us"):
        factor = 1 if row.label == rules.us_exception else 1 + rules.us_premium
        if (global_row := base.get((row.model_id, row.fast))) is not None:
            warnings += _us_mismatches(row, global_row, factor)
    return warnings


def _us_mismatches(row: ModelRow, global_row: ModelRow, factor: Decimal) -> list[str]:
    found = []
    for column in ("standard", "priority"):
        us, ours = getattr(row, column), getattr(global_row, column)
        if us.priced and ours.priced and any(getattr(us, f) != getattr(ours, f) * factor for f in FIELDS):
            found.append(f"{row.label!r} {column} prices are not {factor:.0%} of {global_row.label!r} "
                         "as the US-only rule states; recorded as read")
    return found
