"""Turning the pricing page and the model listing into Fireworks offerings."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from core.offering import OTHER_PREFIX, PRICE_FIELDS, ModelInfo, Offering, OfferingKey, ScrapeResult
from core.values import TOKENS, Provenance, Value, limit, not_offered, price, unknown
from scrapers._partial import Parts
from scrapers.fireworks.api import MODELS_URL, ApiModel
from scrapers.fireworks.cells import FREE, Cell, ModelRow
from scrapers.fireworks.classes import add_unlisted_models, class_values
from scrapers.fireworks.page import PRICING_URL, PricingPage
from scrapers.fireworks.rules import check_us_rows
from scrapers.fireworks.sizes import SizeClass, class_id

__all__ = ["BATCH", "MODELS_URL", "PRICING_URL", "Catalogue"]  # the URLs re-exported: imported from here

# Derived batch offerings are listed by their base offering's source plus the batch rule: while the
# rule is not found they are neither confirmed nor delisted, so they turn stale in plain view.
BATCH = "#batch"


class Catalogue:
    """Collects the offerings of one run; ``api`` is None when the listing was not read. ``pricing`` and
    ``listing`` name the parts of the page and of the listing that could not be read."""

    def __init__(self, page: PricingPage, api: list[ApiModel] | None, pricing: Parts, listing: Parts) -> None:
        self.page, self.pricing, self.listing = page, pricing, listing
        self.api = {m.id: m for m in api} if api is not None else None
        # a model whose entry could not be read keeps its stored context window, as does every model
        # the listing does not hold when an entry naming no model could not be read
        self.api_unread = {m for part in listing.unread for m in part.models or ()}
        self.api_unnamed = any(part.models is None for part in listing.unread)
        self.offerings: list[Offering] = []
        self.warnings: list[str] = check_us_rows(page.rows, page.rules)

    def result(self) -> ScrapeResult:
        for row in self.page.rows:
            self._add_row(row)
        for size in self.page.sizes.read:
            self._add_class(size, "size-tier", embedding=False)
        for size in self.page.embeddings.read:
            self._add_class(size, "embedding-tier", embedding=True)
        if self.api is not None:
            add_unlisted_models(self)
        listings = {PRICING_URL} | ({MODELS_URL} if self.api is not None else set())
        unread = self.pricing.unread + self.listing.unread
        if self.page.rules.batch_share is None:
            self.warnings.append("batch rule not found on the pricing page: batch offerings not derived")
        else:  # a part naming no model may hold batch offerings too: those of its source are not delisted
            listings |= {url + BATCH for url in listings if all(p.url != url or p.models for p in unread)}
        placeholders = self.pricing.placeholders + self.listing.placeholders
        return ScrapeResult(self.offerings + placeholders, listings, self.warnings, unread)

    def add(self, key: OfferingKey, model: ModelInfo, values: dict[str, Value], listed_by: str) -> None:
        values.setdefault("max_output_tokens", unknown(Provenance(PRICING_URL), TOKENS))
        if self.api is None or key.model in self.api_unread or (key.model not in self.api and self.api_unnamed):
            # context windows come only from the listing, which was not read (for this model)
            self.offerings.append(Offering(key, model, values, listed_by, frozenset({"context_window"})))
            return
        values.setdefault("context_window", self._context(key))
        self.offerings.append(Offering(key, model, values, listed_by))

    def _context(self, key: OfferingKey) -> Value:
        model = self.api.get(key.model) if self.api else None
        # Fast variants are served by routers that the model listing does not describe.
        if model is None or model.context_length is None or key.tier == "fast":
            return unknown(Provenance(MODELS_URL), TOKENS)
        return limit(model.context_length, Provenance(MODELS_URL, label=model.id))

    def model_info(self, model_id: str, name: str, kind: str = "model") -> ModelInfo:
        listed = self.api.get(model_id) if self.api else None
        if listed is None:
            return ModelInfo(model_id, name, kind)
        return ModelInfo(model_id, name, kind, listed.parameters, listed.moe)

    def _add_row(self, row: ModelRow) -> None:
        model = self.model_info(row.model_id, row.name)
        tier = "fast" if row.fast else "standard"
        self.warnings += _unread_cells(row)
        standard = _column_values(row.standard, Provenance(PRICING_URL, f"{row.label} · Standard"))
        self.add(OfferingKey(row.model_id, tier, row.region), model, standard, PRICING_URL)
        if not row.fast:  # a Fast row's "—" says nothing: the Fast path has no Priority variant to be absent
            self.add(OfferingKey(row.model_id, "priority", row.region), model,
                     _column_values(row.priority, Provenance(PRICING_URL, f"{row.label} · Priority")), PRICING_URL)
        if tier == "standard" and row.region == "global":
            self.add_batch(OfferingKey(row.model_id, "batch"), model, standard, PRICING_URL)

    def add_batch(self, key: OfferingKey, model: ModelInfo, standard: dict[str, Value], listed_by: str) -> None:
        share = self.page.rules.batch_share
        if share is None or not all(standard[f].has_amount for f in ("input", "output")):
            return
        rule = f"batch is billed at {share:.0%} of serverless pricing on input and output"
        values = {f: _scaled(standard[f], share, rule) for f in ("input", "output")}
        # The rule covers input and output only: a batch cached-input price is not stated.
        row = Provenance(PRICING_URL, standard["input"].provenance.label)
        values |= {f: unknown(row) for f in ("cached_input", "cache_write")}
        self.add(key, model, values, listed_by + BATCH)

    def _add_class(self, size: SizeClass, prefix: str, embedding: bool) -> None:
        model = ModelInfo(class_id(prefix, size.label), size.label, "price_class")
        values = class_values(size, Provenance(PRICING_URL, size.label, raw=size.written), embedding)
        self.add(OfferingKey(model.id), model, values, PRICING_URL)
        if not embedding:
            self.add_batch(OfferingKey(model.id, "batch"), model, values, PRICING_URL)


def _column_values(cell: Cell, source: Provenance) -> dict[str, Value]:
    # "—" in a price column: the page states this tier is not offered for this row.
    if not cell.offered:
        return {f: not_offered(source) for f in PRICE_FIELDS}
    as_written = replace(source, raw=cell.text)  # "Free" stays provably free; "Contact us" stays readable
    stated = {"input": cell.input, "cached_input": cell.cached_input, "output": cell.output}
    values = {f: unknown(as_written) if amount is None else price(amount, as_written if amount == 0 else source)
              for f, amount in stated.items()}
    listed = replace(source, label=f"{source.label} (list price)")  # struck through beside the price charged
    values |= {f"{OTHER_PREFIX}{f}_list_price": price(amount, listed) for f, amount in cell.listed}
    # The page states no cache-write price: unknown, not free.
    return values | {"cache_write": unknown(source)}


def _unread_cells(row: ModelRow) -> list[str]:
    return [f"{row.label!r} {column} reads {cell.text!r}: the prices it does not give are recorded as unknown"
            for column, cell in (("Standard", row.standard), ("Priority", row.priority))
            if cell.offered and not cell.priced and not FREE.fullmatch(cell.text)]


def _scaled(value: Value, share: Decimal, rule: str) -> Value:
    """A batch price: the base price times the share, keeping the rule the base price came from."""
    base = value.provenance
    full_rule = f"{base.rule}; {rule}" if base.rule else rule
    # raw stays: half of a price the page writes as "Free" is still stated as free
    return price(value.amount * share, Provenance(PRICING_URL, base.label, rule=full_rule, raw=base.raw))
