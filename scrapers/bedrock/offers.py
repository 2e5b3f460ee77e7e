"""One region's offer file of the AWS Price List bulk API -> Bedrock offerings.

``products`` (sku -> productFamily, attributes: regionCode, usagetype, model or titanModel) and
``terms.OnDemand`` (sku -> one term -> one price dimension: unit, pricePerUnit {"USD": "0.0000600000"}).
Each sku is one price of one offering, placed by scrapers/bedrock/usage.py; an offering's token
prices it does not list are unknown, and no offer file states token limits.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as SchemaError

from core.errors import ParseError
from core.money import parse_decimal, per_thousand_to_per_million
from core.offering import LIMIT_FIELDS, PRICE_FIELDS, ModelInfo, Offering, OfferingKey
from core.values import TOKENS, Provenance, Value, price, unknown
from scrapers._base import Page
from scrapers.bedrock.usage import place

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


class _Offer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    products: dict[str, _Product]
    terms: dict[str, dict[str, dict[str, _Term]]]


def read_offer(page: Page, listed_by: str) -> tuple[list[Offering], list[str]]:
    """The offerings of one offer file, and the skus it lists without an on-demand price (not read)."""
    offer = _validated(page)
    on_demand, found, unpriced = offer.terms.get("OnDemand", {}), {}, []
    for sku, product in offer.products.items():
        if sku not in on_demand:
            unpriced.append(sku)
            continue
        key, model, name, value = _row(page.url, sku, product.attributes, on_demand[sku])
        values = found.setdefault(key, (model, {}))[1]
        if name in values:
            raise ParseError(f"{page.url}: product {sku}: a second {name} for {key}")
        values[name] = value
    return [_offering(key, model, values, listed_by, page.url) for key, (model, values) in found.items()], unpriced


def model_id(name: str) -> str:
    """The price list names models, not Bedrock model ids: "Nova 2.0 Lite" -> "nova-2.0-lite"."""
    return re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")


def _validated(page: Page) -> _Offer:
    try:
        return _Offer.model_validate(page.json())
    except SchemaError as exc:
        first = exc.errors()[0]
        raise ParseError(f"{page.url}: unexpected offer file: {first['msg']} at {first['loc']}") from exc


def _row(url: str, sku: str, attributes: dict[str, str], terms: dict[str, _Term]):
    """(offering key, model, field, value) of one sku."""
    usagetype = _attribute(url, sku, attributes, ("usagetype",))
    name = _attribute(url, sku, attributes, MODEL_ATTRIBUTES)
    dimension = _dimension(url, sku, usagetype, terms)
    where = place(url, sku, usagetype, dimension.unit)
    key = OfferingKey(model_id(name), where.tier, _attribute(url, sku, attributes, ("regionCode",)))
    return key, ModelInfo(key.model, name), where.field, _price(url, sku, usagetype, dimension, where)


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


def _price(url: str, sku: str, usagetype: str, dimension: _Dimension, where) -> Value:
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


def _offering(key: OfferingKey, model: ModelInfo, values: dict[str, Value], listed_by: str, url: str) -> Offering:
    silent = Provenance(url, model.name)
    stated = {f: unknown(silent) for f in PRICE_FIELDS} | {f: unknown(silent, TOKENS) for f in LIMIT_FIELDS}
    return Offering(key, model, stated | values, listed_by)
