"""Where one AWS price-list row of Amazon Bedrock goes: its usage type and unit -> tier, field and unit.

A usage type is "<region prefix>-<model>-<what>", e.g. "USE1-NovaLite-input-tokens",
"USE1-NovaPro-input-tokens-flex", "USE1-NovaLite-ProvisionedThroughput-1month-ModelUnits",
"USE1-NovaCanvas-T2I-1024-Standard". The model part may hold hyphens ("TitanTextG1-Lite"), so a
row is classified by how its usage type ends; a usage type none of the rules knows is a ParseError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import ParseError
from core.offering import OTHER_PREFIX
from core.values import USD_PER_MTOK

TOKEN_FIELDS = {"input-tokens": "input", "output-tokens": "output",
                "cache-read-input-token-count": "cached_input", "cache-write-input-token-count": "cache_write"}
_TOKENS = re.compile(r"-(?P<kind>" + "|".join(TOKEN_FIELDS) + r")(?:-(?P<mod>flex|batch|custom-model))?$")
_PROVISIONED = re.compile(r"-ProvisionedThroughput-(?P<term>[A-Za-z0-9]+)-ModelUnits$")
_IMAGE = re.compile(r"-(?P<kind>[A-Z0-9]+-\d+-[A-Za-z]+)$")  # operation-size-quality: "T2I-1024-Standard"
TIERS = {None: "standard", "flex": "flex", "batch": "batch", "custom-model": "standard"}


@dataclass(frozen=True)
class Place:
    """Where a row's price goes: its offering's tier, the field, its unit, and the unit AWS states."""

    tier: str
    field: str
    unit: str
    stated_unit: str  # the price list's "unit": "1K tokens", "hour", "image"

    @property
    def per_thousand_tokens(self) -> bool:
        return self.stated_unit == "1K tokens"


def place(url: str, sku: str, usagetype: str, unit: str) -> Place:
    """The place of one row; a usage type no rule knows, or a unit its rule does not expect, is a ParseError."""
    found = kind(usagetype)
    if found is None:
        raise ParseError(f"{url}: product {sku}: usagetype {usagetype!r} is not one the parser knows")
    if unit != found.stated_unit:
        raise ParseError(f"{url}: product {sku} ({usagetype}): unit {unit!r}, expected {found.stated_unit!r}")
    return found


def kind(usagetype: str) -> Place | None:
    """The place a usage type's rule gives, before its unit is checked; None when no rule knows it."""
    return _token_place(usagetype) or _provisioned_place(usagetype) or _image_place(usagetype)


def _token_place(usagetype: str) -> Place | None:
    if not (match := _TOKENS.search(usagetype)):
        return None
    field = TOKEN_FIELDS[match["kind"]]
    if match["mod"] == "custom-model":  # on-demand inference of a customised (fine-tuned) copy of the model
        field = f"{OTHER_PREFIX}custom_model_{field}"
    return Place(TIERS[match["mod"]], field, USD_PER_MTOK, "1K tokens")


def _provisioned_place(usagetype: str) -> Place | None:
    # provisioned throughput is bought per model unit, charged per hour for the commitment term
    if not (match := _PROVISIONED.search(usagetype)):
        return None
    return Place("standard", f"{OTHER_PREFIX}provisioned_throughput_{match['term'].lower()}",
                 "USD per model unit per hour", "hour")


def _image_place(usagetype: str) -> Place | None:
    if not (match := _IMAGE.search(usagetype)):
        return None
    return Place("standard", f"{OTHER_PREFIX}image_{match['kind'].lower().replace('-', '_')}", "USD per image", "image")
