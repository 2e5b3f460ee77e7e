"""Price classes: the values of a size or embedding class, and the listed models without a price row they price.

A model of the listing without a row of its own is priced by the class its parameter count and
architecture fall in (text models), or its name or size (embedding models); its values are derived,
the rule kept in provenance. While a class table could not be read whole, no model is priced by it:
the class it falls in may be the one not read. Those models are named as not read, left unobserved.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from core.money import format_usd
from core.offering import OTHER_PREFIX, PRICE_FIELDS, OfferingKey, Unread
from core.values import Provenance, Value, not_offered, price, unknown
from scrapers.fireworks.api import MODELS_URL, ApiModel
from scrapers.fireworks.page import EMBEDDINGS_TABLE, MODELS_TABLE, PRICING_URL, SIZES_TABLE, Classes
from scrapers.fireworks.sizes import SizeClass, match_named_class, match_size_class

if TYPE_CHECKING:
    from scrapers.fireworks.offerings import Catalogue

TEXT_KINDS = {"HF_BASE_MODEL"}
EMBEDDING_KINDS = {"EMBEDDING_MODEL"}
_UNIFORM_RULE = "size-based prices apply uniformly, with no separate cached-input rate"


def add_unlisted_models(catalogue: Catalogue) -> None:
    """The listed models without a price row: priced by a class, or with unknown prices (said in one warning)."""
    page = catalogue.page
    if page.unnamed_row:  # a row naming no model could not be read: it may be any of theirs
        catalogue.listing.unread.append(Unread(MODELS_URL, f"{MODELS_URL} · models without a price row",
                                               f"not priced this run: a row of {MODELS_TABLE!r} names no model"))
        return
    priced_by_row = {row.model_id for row in page.rows} | page.unread_models
    unpriced, not_read = [], {SIZES_TABLE: set(), EMBEDDINGS_TABLE: set()}
    for model in (m for m in catalogue.api.values() if m.id not in priced_by_row):
        table, classes = _table_of(page.sizes, page.embeddings, model)
        if classes is not None and not classes.complete:
            not_read[table].add(model.id)
            continue
        size = _class_of(classes, model) if classes else None
        info = catalogue.model_info(model.id, model.name)
        source = _class_rule_source(size, model) if size else Provenance(MODELS_URL, model.id)
        values = class_values(size, source, table == EMBEDDINGS_TABLE) if size else _all_unknown(source)
        catalogue.add(OfferingKey(model.id), info, values, MODELS_URL)
        if size and table == SIZES_TABLE:
            catalogue.add_batch(OfferingKey(model.id, "batch"), info, values, MODELS_URL)
        unpriced += [] if size else [f"{model.id} ({model.kind})"]
    for table, models in ((t, m) for t, m in not_read.items() if m):
        catalogue.listing.unread.append(Unread(MODELS_URL, f"{MODELS_URL} · models priced by table {table!r}",
                                               "not priced this run: the table could not be read whole",
                                               frozenset(models)))
    if unpriced:
        catalogue.warnings.append(f"no price row or size tier applies to {len(unpriced)} serverless "
                                  f"models, their prices are unknown: {', '.join(sorted(unpriced))}")


def _table_of(sizes: Classes, embeddings: Classes, model: ApiModel) -> tuple[str | None, Classes | None]:
    """The class table that prices a model without a row, if any."""
    if model.kind in EMBEDDING_KINDS:
        return EMBEDDINGS_TABLE, embeddings
    if model.kind in TEXT_KINDS and model.parameters:
        return SIZES_TABLE, sizes
    return None, None


def _class_of(classes: Classes, model: ApiModel) -> SizeClass | None:
    if model.kind in EMBEDDING_KINDS:
        named = match_named_class(classes.read, model.id)
        return named or (match_size_class(classes.read, model.parameters, False) if model.parameters else None)
    return match_size_class(classes.read, model.parameters, model.moe)


def class_values(size: SizeClass, source: Provenance, embedding: bool) -> dict[str, Value]:
    listed = Provenance(source.source, f"{source.label} (list price)", rule=source.rule)
    if embedding:  # "Embeddings are billed per 1M input tokens": there are no output tokens to price.
        values = {"input": price(size.price, source), "output": not_offered(source),
                  "cached_input": unknown(source), "cache_write": unknown(source)}
        return values | _list_prices(size, ("input",), listed)
    # Size-based prices "apply uniformly to input and output (no separate cached-input rate)":
    # cached input tokens are billed as input tokens, so the cached rate is derived, not read.
    cached = Provenance(source.source, source.label, rule=_UNIFORM_RULE + (f"; {source.rule}" if source.rule else ""),
                        raw=source.raw)
    values = {"input": price(size.price, source), "output": price(size.price, source),
              "cached_input": price(size.price, cached), "cache_write": unknown(source)}
    return values | _list_prices(size, ("input", "output"), listed)


def _list_prices(size: SizeClass, fields: tuple[str, ...], source: Provenance) -> dict[str, Value]:
    """A list price struck through beside the class's price, for the fields the price applies to."""
    return {} if size.list_price is None else {f"{OTHER_PREFIX}{f}_list_price": price(size.list_price, source)
                                              for f in fields}


def _class_rule_source(size: SizeClass, model: ApiModel) -> Provenance:
    shape = "MoE" if model.moe else "dense"
    count = f"{Decimal(model.parameters) / 10**9:f} B parameters" if model.parameters else "named"
    rule = f"priced by the size class {size.label!r} ({format_usd(size.price)}): {shape}, {count}"
    return Provenance(PRICING_URL, size.label, rule=rule, raw=size.written)


def _all_unknown(source: Provenance) -> dict[str, Value]:
    return {f: unknown(source) for f in PRICE_FIELDS}
