"""A row's offerings (standard, and batch where a discount is set), merged over the tabs that list a model."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from core.errors import ParseError
from core.offering import OTHER_PREFIX, PRICE_FIELDS, ModelInfo, Offering, OfferingKey
from core.values import TOKENS, Provenance, Status, Value, unknown
from scrapers._html import charged_and_listed
from scrapers.together.cells import batch, list_prices, model_id, model_name, prices, steps
from scrapers.together.tabs import TABS

PRICING_URL = "https://www.together.ai/pricing"


def row_offerings(cells: list[LexborNode], tab: str, toggle: bool, url: str) -> list[Offering]:
    """The standard offering of a row, then a batch one if a batch discount is set on its prices."""
    name, columns = model_name(cells[0]), list(TABS[tab][1])
    if len(cells) != len(columns) + 1:
        raise ParseError(f"{url}: tab {tab!r}: row {name!r} has {len(cells)} cells, expected {len(columns) + 1}")
    standard, batched = _values(cells, name, tab, toggle, url)
    return [_offering(model_id(name), name, tier, values, url)
            for tier, values in (("standard", standard), ("batch", batched)) if values]


def _values(cells: list[LexborNode], name: str, tab: str, toggle: bool,
            url: str) -> tuple[dict[str, Value], dict[str, Value]]:
    """A row's standard prices (a struck-through list price kept beside one), and the batch prices the
    toggle derives from them."""
    columns = TABS[tab][1]
    label = steps(cells[list(columns).index("default steps") + 1], name, url) if "default steps" in columns else ""
    standard: dict[str, Value] = {}
    batched: dict[str, Value] = {}
    for column, cell in zip(columns, cells[1:], strict=True):
        written, listed = charged_and_listed(cell)  # "<del>$0.60</del> $0.30"
        source = Provenance(url, f"{tab} · {name} · {column.capitalize()}{label}", raw=written)
        standard |= prices(columns[column], source)
        if listed is not None:
            standard |= list_prices(columns[column], Provenance(url, f"{source.label} (list price)", raw=listed))
        if toggle and columns[column]:
            batched |= batch(cell, columns[column], standard, source)
    return standard, batched


def _offering(model_id: str, name: str, tier: str, values: dict[str, Value], url: str) -> Offering:
    blank = {f: unknown(Provenance(url, name)) for f in PRICE_FIELDS}
    blank |= {f: unknown(Provenance(url, name), TOKENS) for f in ("context_window", "max_output_tokens")}
    return Offering(OfferingKey(model_id, tier), ModelInfo(model_id, name), blank | values, PRICING_URL)


def cross_listed(offering: Offering, known: Offering | None) -> bool:
    """A media-tab row of a model priced per token in an earlier tab, showing only that input price or "-"."""
    stated = [v for f, v in offering.values.items() if f.startswith(OTHER_PREFIX)]
    if known is None or not known.values["input"].has_amount or not stated:
        return False
    return all(v.status is Status.NOT_OFFERED or v.amount == known.values["input"].amount for v in stated)


def merge(found: dict[OfferingKey, Offering], offering: Offering, url: str) -> None:
    """Add an offering, or its stated values to the one another tab listed; tabs may not disagree."""
    known = found.setdefault(offering.key, offering)
    for field, value in offering.values.items() if known is not offering else ():
        old = known.values.get(field)
        if old is None or old.status is Status.UNKNOWN:
            known.values[field] = value
        elif value.status is not Status.UNKNOWN and value != old:
            raise ParseError(f"{url}: {offering.key}: {field} is {old.amount_text() or old.status.value} in "
                             f"{old.provenance.label!r} but {value.amount_text() or value.status.value} in "
                             f"{value.provenance.label!r}")
