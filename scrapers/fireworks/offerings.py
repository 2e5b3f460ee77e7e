"""Turning the pricing page and the model listing into Fireworks offerings."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from core.errors import ParseError
from core.money import format_usd
from core.offering import PRICE_FIELDS, ModelInfo, Offering, OfferingKey, ScrapeResult
from core.values import TOKENS, Provenance, Value, limit, not_offered, price, unknown
from scrapers.fireworks.api import ApiModel
from scrapers.fireworks.page import Cell, ModelRow, PricingPage
from scrapers.fireworks.sizes import SizeClass, match_named_class, match_size_class

PRICING_URL = "https://docs.fireworks.ai/serverless/pricing"
MODELS_URL = "https://api.fireworks.ai/v1/accounts/fireworks/models"
# Derived batch offerings are listed by their base offering's source plus the batch rule: while the
# rule is not found they are neither confirmed nor delisted, so they turn stale in plain view.
BATCH = "#batch"
TEXT_KINDS = {"HF_BASE_MODEL"}
EMBEDDING_KINDS = {"EMBEDDING_MODEL"}
_UNIFORM_RULE = "size-based prices apply uniformly, with no separate cached-input rate"


class Catalogue:
    """Collects the offerings of one run; ``api`` is None when the listing was not read."""

    def __init__(self, page: PricingPage, api: list[ApiModel] | None) -> None:
        self.page = page
        self.api = {m.id: m for m in api} if api is not None else None
        self.offerings: list[Offering] = []
        self.warnings: list[str] = _check_us_rows(page)

    def result(self) -> ScrapeResult:
        for row in self.page.rows:
            self._add_row(row)
        for size in self.page.sizes:
            self._add_class(size, "size-tier", embedding=False)
        for size in self.page.embeddings:
            self._add_class(size, "embedding-tier", embedding=True)
        if self.api is not None:
            self._add_unlisted_models()
        listings = {PRICING_URL} | ({MODELS_URL} if self.api is not None else set())
        if self.page.batch_share is None:
            self.warnings.append("batch rule not found on the pricing page: batch offerings not derived")
        else:
            listings |= {listing + BATCH for listing in listings}
        return ScrapeResult(self.offerings, listings, self.warnings)

    def _add(self, key: OfferingKey, model: ModelInfo, values: dict[str, Value], listed_by: str) -> None:
        values.setdefault("max_output_tokens", unknown(Provenance(PRICING_URL), TOKENS))
        if self.api is None:  # context windows come only from the listing, which was not read
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

    def _model_info(self, model_id: str, name: str, kind: str = "model") -> ModelInfo:
        listed = self.api.get(model_id) if self.api else None
        if listed is None:
            return ModelInfo(model_id, name, kind)
        return ModelInfo(model_id, name, kind, listed.parameters, listed.moe)

    def _add_row(self, row: ModelRow) -> None:
        model = self._model_info(row.model_id, row.name)
        tier = "fast" if row.fast else "standard"
        self.warnings += _unread_cells(row)
        standard = _column_values(row.standard, Provenance(PRICING_URL, f"{row.label} · Standard"))
        self._add(OfferingKey(row.model_id, tier, row.region), model, standard, PRICING_URL)
        self._add_priority(row, model)
        if tier == "standard" and row.region == "global":
            self._add_batch(OfferingKey(row.model_id, "batch"), model, standard, PRICING_URL)

    def _add_priority(self, row: ModelRow, model: ModelInfo) -> None:
        source = Provenance(PRICING_URL, f"{row.label} · Priority")
        if row.fast:
            # A Fast row's "—" says nothing: the Fast path has no Priority variant to be absent.
            if row.priority.offered:
                raise ParseError(f"{PRICING_URL}: Fast row {row.label!r} has a Priority price; no such tier is known")
            return
        self._add(OfferingKey(row.model_id, "priority", row.region), model,
                  _column_values(row.priority, source), PRICING_URL)

    def _add_batch(self, key: OfferingKey, model: ModelInfo, standard: dict[str, Value], listed_by: str) -> None:
        share = self.page.batch_share
        if share is None or not all(standard[f].has_amount for f in ("input", "output")):
            return
        rule = f"batch is billed at {share:.0%} of serverless pricing on input and output"
        values = {f: _scaled(standard[f], share, rule) for f in ("input", "output")}
        # The rule covers input and output only: a batch cached-input price is not stated.
        row = Provenance(PRICING_URL, standard["input"].provenance.label)
        values |= {f: unknown(row) for f in ("cached_input", "cache_write")}
        self._add(key, model, values, listed_by + BATCH)

    def _add_class(self, size: SizeClass, prefix: str, embedding: bool) -> None:
        model = ModelInfo(f"{prefix}/{_slug(size.label)}", size.label, "price_class")
        values = _class_values(size, Provenance(PRICING_URL, size.label), embedding)
        self._add(OfferingKey(model.id), model, values, PRICING_URL)
        if not embedding:
            self._add_batch(OfferingKey(model.id, "batch"), model, values, PRICING_URL)

    def _add_unlisted_models(self) -> None:
        priced_by_row = {row.model_id for row in self.page.rows}
        unpriced = []
        for model in self.api.values():
            if model.id in priced_by_row:
                continue
            size, embedding = self._size_class_of(model)
            info = self._model_info(model.id, model.name)
            source = _class_rule_source(size, model) if size else Provenance(MODELS_URL, model.id)
            values = _class_values(size, source, embedding) if size else _all_unknown(source)
            self._add(OfferingKey(model.id), info, values, MODELS_URL)
            if size and not embedding:
                self._add_batch(OfferingKey(model.id, "batch"), info, values, MODELS_URL)
            unpriced += [] if size else [f"{model.id} ({model.kind})"]
        if unpriced:
            self.warnings.append(f"no price row or size tier applies to {len(unpriced)} serverless "
                                 f"models, their prices are unknown: {', '.join(sorted(unpriced))}")

    def _size_class_of(self, model: ApiModel) -> tuple[SizeClass | None, bool]:
        if model.kind in EMBEDDING_KINDS:
            named = match_named_class(self.page.embeddings, model.id)
            sized = match_size_class(self.page.embeddings, model.parameters, False) if model.parameters else None
            return named or sized, True
        if model.kind in TEXT_KINDS and model.parameters:
            return match_size_class(self.page.sizes, model.parameters, model.moe), False
        return None, False


def _column_values(cell: Cell, source: Provenance) -> dict[str, Value]:
    # "—" in a price column: the page states this tier is not offered for this row.
    if not cell.offered:
        return {f: not_offered(source) for f in PRICE_FIELDS}
    as_written = replace(source, raw=cell.text)  # "Free" stays provably free; "Contact us" stays readable
    stated = {"input": cell.input, "cached_input": cell.cached_input, "output": cell.output}
    values = {f: unknown(as_written) if amount is None else price(amount, as_written if amount == 0 else source)
              for f, amount in stated.items()}
    # The page states no cache-write price: unknown, not free.
    return values | {"cache_write": unknown(source)}


def _unread_cells(row: ModelRow) -> list[str]:
    return [f"{row.label!r} {column} reads {cell.text!r}: the prices it does not give are recorded as unknown"
            for column, cell in (("Standard", row.standard), ("Priority", row.priority))
            if cell.offered and not cell.priced and cell.text.lower() != "free"]


def _class_values(size: SizeClass, source: Provenance, embedding: bool) -> dict[str, Value]:
    if embedding:  # "Embeddings are billed per 1M input tokens": there are no output tokens to price.
        return {"input": price(size.price, source), "output": not_offered(source),
                "cached_input": unknown(source), "cache_write": unknown(source)}
    # Size-based prices "apply uniformly to input and output (no separate cached-input rate)":
    # cached input tokens are billed as input tokens, so the cached rate is derived, not read.
    cached = Provenance(source.source, source.label, rule=_UNIFORM_RULE + (f"; {source.rule}" if source.rule else ""))
    return {"input": price(size.price, source), "output": price(size.price, source),
            "cached_input": price(size.price, cached), "cache_write": unknown(source)}


def _class_rule_source(size: SizeClass, model: ApiModel) -> Provenance:
    shape = "MoE" if model.moe else "dense"
    count = f"{Decimal(model.parameters) / 10**9:f} B parameters" if model.parameters else "named"
    rule = f"priced by the size class {size.label!r} ({format_usd(size.price)}): {shape}, {count}"
    return Provenance(PRICING_URL, size.label, rule=rule)


def _scaled(value: Value, share: Decimal, rule: str) -> Value:
    """A batch price: the base price times the share, keeping the rule the base price came from."""
    base = value.provenance
    full_rule = f"{base.rule}; {rule}" if base.rule else rule
    # raw stays: half of a price the page writes as "Free" is still stated as free
    return price(value.amount * share, Provenance(PRICING_URL, base.label, rule=full_rule, raw=base.raw))


def _all_unknown(source: Provenance) -> dict[str, Value]:
    return {f: unknown(source) for f in PRICE_FIELDS}


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"\(.*?\)", "", label).lower()).strip("-")


def _check_us_rows(page: PricingPage) -> list[str]:
    """The US-only rule checked against the US rows: each should be its global row plus the premium."""
    if page.us_premium is None:
        return []
    base = {(r.model_id, r.fast): r for r in page.rows if r.region == "global"}
    warnings = []
    for row in (r for r in page.rows if r.region == "us"):
        factor = 1 if row.label == page.us_exception else 1 + page.us_premium
        if (global_row := base.get((row.model_id, row.fast))) is not None:
            warnings += _us_mismatches(row, global_row, factor)
    return warnings


def _us_mismatches(row: ModelRow, global_row: ModelRow, factor: Decimal) -> list[str]:
    found = []
    for column in ("standard", "priority"):
        us, ours = getattr(row, column), getattr(global_row, column)
        if us.priced and ours.priced and any(
                getattr(us, f) != getattr(ours, f) * factor for f in ("input", "cached_input", "output")):
            found.append(f"{row.label!r} {column} prices are not {factor:.0%} of {global_row.label!r} "
                         "as the US-only rule states; recorded as read")
    return found
