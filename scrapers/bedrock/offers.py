"""One region's offer file of the AWS Price List bulk API -> Bedrock offerings.

The file's frame is read strictly: ``products`` (sku -> product) and ``terms.OnDemand`` (sku -> its
on-demand term) must be there, or the run fails. Each sku is one price of one offering (read by
scrapers/bedrock/products.py, placed by scrapers/bedrock/usage.py); an offering's token prices it
does not list are unknown, and no offer file states token limits. A product that cannot be read is
named (scrapers/_partial.py) and the offerings it may have priced are dropped whole, never half-read:
its offering when the product names model, tier and region; every offering of its model in the region
when only the model is named; when no model is named, every offering of its tier lacking its field.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as SchemaError

from core.errors import ParseError
from core.offering import LIMIT_FIELDS, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, Unread
from core.values import TOKENS, Provenance, Value, unknown
from scrapers._base import Page
from scrapers._partial import Parts
from scrapers.bedrock.products import Named, Priced, named, priced

TABLE = "products"  # how an unread product is named: "<file> · table 'products' · row '<sku> <usagetype>'"


class _Terms(BaseModel):
    model_config = ConfigDict(extra="ignore")  # Reserved and other term types are not read
    OnDemand: dict[str, object]


class _Offer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    products: dict[str, object]  # each product is checked on its own (products.py)
    terms: _Terms


@dataclass
class Region:
    """What one offer file gave: its offerings (and placeholders), skus without an on-demand price, parts not read."""

    offerings: list[Offering] = field(default_factory=list)
    unpriced: list[str] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)


@dataclass
class Lost:
    """What the products not read may have priced (see the module docstring)."""

    keys: set[OfferingKey] = field(default_factory=set)
    models: set[str] = field(default_factory=set)
    slots: set[tuple[str, str]] = field(default_factory=set)  # (tier, field)

    def add(self, names: Named) -> None:
        if names.key is not None:
            self.keys.add(names.key)
        elif names.model is not None:
            self.models.add(names.model.id)
        elif names.place is not None:
            self.slots.add((names.place.tier, names.place.field))

    def holds(self, key: OfferingKey, values: dict[str, Value]) -> bool:
        return key in self.keys or key.model in self.models or any(
            key.tier == tier and name not in values for tier, name in self.slots)


def read_offer(page: Page, listed_by: str, region: str) -> Region:
    """The offerings of one offer file, the skus it lists without an on-demand price, and the products not read."""
    offer = _validated(page)
    parts, found, lost, result = Parts(page.url, region), {}, Lost(), Region()
    for sku, product in offer.products.items():
        if sku not in offer.terms.OnDemand:
            result.unpriced.append(sku)
            continue
        names = named(product)
        tier = names.place.tier if names.place else "standard"
        with parts.row(TABLE, f"{sku} {names.usagetype or '(no usagetype)'}", names.model, tier) as row:
            _add(found, priced(page.url, sku, product, offer.terms.OnDemand[sku]), page.url)
        if not row.read:
            lost.add(names)
    result.offerings = [_offering(key, model, values, listed_by, page.url)
                        for key, (model, values) in found.items() if not lost.holds(key, values)]
    # a part not read is named at the region's stable address, which lists its offerings, so that a part
    # whose models are not named keeps them from being delisted
    result.offerings += parts.placeholders
    result.unread = [replace(part, url=listed_by) for part in parts.unread]
    return result


def _add(found: dict[OfferingKey, tuple[ModelInfo, dict[str, Value]]], one: Priced, url: str) -> None:
    values = found.setdefault(one.key, (one.model, {}))[1]
    if one.field in values:
        raise ParseError(f"{url}: {one.value.provenance.label}: a second {one.field} for {one.key}")
    values[one.field] = one.value


def _validated(page: Page) -> _Offer:
    try:
        return _Offer.model_validate(page.json())
    except SchemaError as exc:
        first = exc.errors()[0]
        raise ParseError(f"{page.url}: unexpected offer file: {first['msg']} at {first['loc']}") from exc


def _offering(key: OfferingKey, model: ModelInfo, values: dict[str, Value], listed_by: str, url: str) -> Offering:
    silent = Provenance(url, model.name)
    stated = {f: unknown(silent) for f in PRICE_FIELDS} | {f: unknown(silent, TOKENS) for f in LIMIT_FIELDS}
    return Offering(key, model, stated | values, listed_by)
