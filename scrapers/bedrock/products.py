"""One product (sku) of a region's offer file with its on-demand term -> the one price it states, and where.

A product is ``attributes`` (regionCode, usagetype, model or titanModel); its on-demand term is one term
holding one price dimension (unit, pricePerUnit {"USD": "0.0000600000"}). Each product is checked on its
own (``priced``): one of an unknown shape is a ParseError the caller names, the others are read. Before
that, ``named`` says what the product names (its model, tier and field) without judging its shape, so
that an unreadable product's offering can be left unobserved and dropped whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, TypeAdapter
from pydantic import ValidationError as SchemaError

from core.errors import ParseError
from core.money import parse_decimal, per_thousand_to_per_million
from core.offering import ModelInfo, OfferingKey
from core.values import Provenance, Value, price
from scrapers.bedrock.usage import Place, kind, place

MODEL_ATTRIBUTES = ("model", "titanModel")  # Titan rows name their model in "titanModel"


class _Dimension(BaseModel):
    model_config = ConfigDict(extra="ignore")
    unit: str
    pricePerUnit: dict[str, str]


class _Term(BaseModel):
    model_config = ConfigDict(extra="ignore")
    priceDimensions: dict[str, _Dimension]


class _Product(BaseModel):
    model_config = ConfigDict(extra="ignore")
    attributes: dict[str, str]


_PRODUCT, _TERMS = TypeAdapter(_Product), TypeAdapter(dict[str, _Term])


@dataclass(frozen=True)
class Priced:
    """One product read: the offering it prices, the field and the value."""

    key: OfferingKey
    model: ModelInfo
    field: str
    value: Value


@dataclass(frozen=True)
class Named:
    """What a product names, whatever its shape: its model, region and place (each None when not named)."""

    usagetype: str | None
    model: ModelInfo | None
    region: str | None
    place: Place | None

    @property
    def key(self) -> OfferingKey | None:
        if self.model is None or self.region is None or self.place is None:
            return None
        return OfferingKey(self.model.id, self.place.tier, self.region)


def model_id(name: str) -> str:
    """The price list names models, not Bedrock model ids: "Nova 2.0 Lite" -> "nova-2.0-lite"."""
    return re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")


def named(product: object) -> Named:
    """What a product names, read leniently (only to name what an unreadable product held)."""
    attributes = product.get("attributes") if isinstance(product, dict) else None
    text = {k: v for k, v in attributes.items() if isinstance(v, str) and v} if isinstance(attributes, dict) else {}
    name = next((text[a] for a in MODEL_ATTRIBUTES if a in text), None)
    usagetype = text.get("usagetype")
    return Named(usagetype, None if name is None else ModelInfo(model_id(name), name), text.get("regionCode"),
                 None if usagetype is None else kind(usagetype))


def priced(url: str, sku: str, product: object, terms: object) -> Priced:
    """The price one product states, where it goes; a shape the parser does not know is a ParseError."""
    attributes = _valid(_PRODUCT, product, url, sku).attributes
    usagetype = _attribute(url, sku, attributes, ("usagetype",))
    name = _attribute(url, sku, attributes, MODEL_ATTRIBUTES)
    dimension = _dimension(url, sku, usagetype, _valid(_TERMS, terms, url, sku))
    where = place(url, sku, usagetype, dimension.unit)
    key = OfferingKey(model_id(name), where.tier, _attribute(url, sku, attributes, ("regionCode",)))
    return Priced(key, ModelInfo(key.model, name), where.field, _price(url, sku, usagetype, dimension, where))


def _valid(schema: TypeAdapter, data: object, url: str, sku: str):
    try:
        return schema.validate_python(data)
    except SchemaError as exc:
        first = exc.errors()[0]
        raise ParseError(f"{url}: product {sku}: unexpected shape: {first['msg']} at {first['loc']}") from exc


def _attribute(url: str, sku: str, attributes: dict[str, str], names: tuple[str, ...]) -> str:
    for name in names:
        if attributes.get(name):
            return attributes[name]
    raise ParseError(f"{url}: product {sku} has no attribute {' or '.join(names)}")


def _dimension(url: str, sku: str, usagetype: str, terms: dict[str, _Term]) -> _Dimension:
    dimensions = [d for term in terms.values() for d in term.priceDimensions.values()]
    if len(dimensions) != 1:  # tiered or several on-demand rates: not a layout we know
        raise ParseError(f"{url}: product {sku} ({usagetype}) has {len(dimensions)} on-demand prices, not one")
    return dimensions[0]


def _price(url: str, sku: str, usagetype: str, dimension: _Dimension, where: Place) -> Value:
    if set(dimension.pricePerUnit) != {"USD"}:
        raise ParseError(f"{url}: product {sku} ({usagetype}): pricePerUnit in {sorted(dimension.pricePerUnit)}, "
                         "not USD")
    text = dimension.pricePerUnit["USD"]
    try:
        amount = parse_decimal(text)
    except ValueError as exc:
        raise ParseError(f"{url}: product {sku} ({usagetype}): {exc}") from exc
    source = Provenance(url, f"{sku} {usagetype}", raw=text, raw_unit=f"USD per {dimension.unit}")
    return price(per_thousand_to_per_million(amount) if where.per_thousand_tokens else amount, source, where.unit)
