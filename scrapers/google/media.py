"""Imagen, Veo and Lyria: prices per image, per second of video or per song, one row per model of the section.

Each priced row is one model id of the section's ``<code>`` ids: the word after the section name in the row
label ("Imagen 4 *Fast* image price") is a part of the id ("imagen-4.0-*fast*-generate-001"); "Standard" is the
one id no other row names ("imagen-4.0-generate-001"); a section with one id and one row needs no word (Veo 2).
The price is what the model outputs, in the unit the paid column names ("per Image", "per second") or, in the
"per request" column, the cell's own ("$0.04 per song"): ``other:output_per_<unit>``, USD per <unit>. A
resolution in brackets is its own key ("$0.10 (720p)" -> other:output_per_second_720p; "(720p and 1080p)" gives
both); "(4k output not supported)" and "Not available" are not offered, "Free" / "Free of charge" (any case)
is free; a struck-through list price ("<s>$0.50</s> $0.40") is other:<key>_list_price. The row's wording
("video with audio price (default)") stays in the provenance label: one price per model and resolution, so a
second row for the same model (e.g. "without audio") would be a layout change (its table is named, not read),
not merged. A row whose cell cannot be read is named alone (its model left unobserved). The tables state no
token prices: token fields and limits are unknown. Dated prices follow dated.py (in force / announced).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial

from core.errors import ParseError
from core.offering import ModelInfo, Offering, OfferingKey
from core.values import Provenance, not_offered, price
from scrapers._base import Page
from scrapers._partial import Parts
from scrapers._words import FREE_WORD, MARK
from scrapers.google.cells import stated_free
from scrapers.google.dated import Item, dated
from scrapers.google.fields import money, slug
from scrapers.google.offerings import PRICING_URL, ROWS, Rows, blank, cell_lines, row_label
from scrapers.google.tables import MEDIA_COLUMNS

_PRICE = re.compile(rf"(?:~~\$(?P<listed>[\d,]*\.?\d+)~~ ?)?(?:\$(?P<amount>[\d,]*\.?\d+)|(?P<free>{FREE_WORD}{MARK}*))"
                    r"(?: per (?P<per>[a-z]+))?(?: \((?P<variants>[\w ,]+)\))?"
                    r"(?:,? (?P<when>through|starting) (?P<day>[A-Z][a-z]+ \d{1,2}, \d{4}))?\.?")
_UNSUPPORTED = re.compile(r"\((?P<variants>[\w ,]+?) output not supported\)")


def media_offerings(name: str, ids: list[str], tier: str, header: list[str], rows: Rows, page: Page,
                    parts: Parts) -> list[Offering]:
    """One offering per priced row of a media table (its model's, in ``tier``); a row whose cell cannot be
    read is named in ``parts``. Rows that do not name the section's models one each fail the table."""
    if header[:2] != ["", "Free Tier"]:
        raise ParseError(f"{page.url}: {name} · {tier}: table has columns {header}, expected ['', 'Free Tier', ...]")
    priced = [(row_label(cells[0]), cells) for cells in rows if ROWS.get(row_label(cells[0]), "") is not None]
    models = _models(name, ids, [label for label, _ in priced], page.url)
    offerings = []
    for label, cells in priced:
        with parts.row(f"{name} · {tier}", label, ModelInfo(*models[label]), tier):
            offerings.append(_offering(*models[label], tier, label, cell_lines(cells[-1]), MEDIA_COLUMNS[header[-1]],
                                       page))
    return offerings


def _models(name: str, ids: list[str], labels: list[str], url: str) -> dict[str, tuple[str, str]]:
    """Row label -> (model id, model name), each id priced by exactly one row."""
    if len(ids) == 1 and len(labels) == 1:
        return {labels[0]: (ids[0], name)}
    words = {label: _word(name, label, url) for label in labels}
    found = {label: [i for i in ids if word.lower() in i.split("-")] for label, word in words.items()}
    unnamed = [i for i in ids if not any(i in matched for matched in found.values())]
    for label, matched in found.items():
        if not matched and words[label] == "Standard":
            matched += unnamed  # the base id, without a variant word
        if len(matched) != 1:
            raise ParseError(f"{url}: {name}: row {label!r} names {len(matched)} of the model ids {ids}, not one")
    if sorted(matched[0] for matched in found.values()) != sorted(ids):
        raise ParseError(f"{url}: {name}: rows {labels} do not price each of the model ids {ids} once")
    return {label: (found[label][0], f"{name} {words[label]}") for label in labels}


def _word(name: str, label: str, url: str) -> str:
    """The word after the section name in a row label: "Fast" in "Imagen 4 Fast image price"."""
    if not label.startswith(name + " "):
        raise ParseError(f"{url}: {name}: row {label!r} does not name a model of the section")
    return label.removeprefix(name + " ").split(" ")[0]


def _offering(model_id: str, model: str, tier: str, label: str, lines: list[str], unit: str, page: Page) -> Offering:
    source = Provenance(page.url, f"{model_id} · {tier} · {label}")
    items = [item for line in lines for item in _items(line, unit, source)]
    values, announced = dated(items, source, page.fetched_at.date())
    return Offering(OfferingKey(model_id, tier), ModelInfo(model_id, model), blank(model_id, tier, page.url) | values,
                    PRICING_URL, announced=tuple(announced))


def _items(line: str, unit: str, source: Provenance) -> list[Item]:
    """(key, value, "through"/"starting", date) of each resolution a line prices, or states unsupported."""
    if line == "Not available" or stated_free(line):
        state = not_offered if line == "Not available" else partial(price, Decimal(0))
        return [(f"output_per_{unit}", state(Provenance(source.source, source.label, raw=line), unit=f"USD per {unit}"),
                 None, None)]
    if unsupported := _UNSUPPORTED.fullmatch(line):
        return [(_key(unit, variant), not_offered(Provenance(source.source, source.label, raw=line),
                                                  f"USD per {unit}"), None, None)
                for variant in _variants(unsupported["variants"])]
    if not (m := _PRICE.fullmatch(line)):
        raise ParseError(f"{source.source}: {source.label}: {line!r} is not a price per {unit}")
    if m["per"] and unit != "request":  # a request buys one song; any other column fixes the unit itself
        raise ParseError(f"{source.source}: {source.label}: {line!r} is per {m['per']}, the column per {unit}")
    unit = m["per"] or unit
    priced = [("", m["amount"] or "0")] + ([("_list_price", m["listed"])] if m["listed"] else [])  # "Free": raw
    return [(_key(unit, variant) + suffix, money(amount, source, line, f"USD per {unit}"), m["when"], m["day"])
            for variant in _variants(m["variants"]) for suffix, amount in priced]


def _variants(text: str | None) -> list[str | None]:
    """The resolutions a bracket names: "720p and 1080p" -> ["720p", "1080p"]; none -> [None]."""
    return re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if text else [None]


def _key(unit: str, variant: str | None) -> str:
    return f"output_per_{unit}" + (f"_{slug(variant)}" if variant else "")
