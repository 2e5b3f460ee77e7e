"""What a model section states outside its tables: a shutdown date in a warning, prices in its footnotes.

Shutdown: a warning under the heading ("Gemini 2.0 Flash is deprecated and has been shut down June 1, 2026.",
"Veo 2 (`veo-2.0-generate-001`) is deprecated and will be shut down on June 30, 2026;") names the date, and
the models in backticks (none: the section's ids). A date on or before the page's fetch date: its models are
no offering (a run drops them, so history delists them). A later date: they stay, and the run's warning names
the announced date. A warning that mentions shutting down but whose date is not "shut down [on] <Month D,
YYYY>" is a ParseError, not a guess (the section's models are then named as not read, neither listed nor delisted).
Footnotes: "Image output is priced at $30 per 1,000,000 tokens. ... equivalent to $0.039 per image." is
other:output_images (USD per 1M tokens) of the section's offering whose per-image output price is one of those
equivalents and whose table states none ("$60.00 (images)" in Gemini 3.1 Flash Image's). Any footnote price
no offering of the section holds, in that amount and unit, is named in the run's warning: e.g. the
"effective price of approximately $0.0368 per minute" (Live Translate) and "$0.10 per second" (Omni Flash),
sums and conversions of the token prices, not prices of their own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from core.errors import ParseError
from core.offering import Offering
from core.values import USD_PER_MTOK, Provenance, price
from scrapers.google.tables import Section

_MENTION = re.compile(r"\bshut(?:ting)?[ -]?down\b", re.IGNORECASE)
_SHUTDOWN = re.compile(r"\bshut down (?:on )?(?P<day>[A-Z][a-z]+ \d{1,2}, \d{4})\b")
_NAMED = re.compile(r"`([\w.-]+)`")
_IMAGE_OUTPUT = re.compile(r"Image output is priced at \$(?P<amount>[\d,]*\.?\d+) per 1,000,000 tokens\.")
_EQUIVALENT = re.compile(r"equivalent to \$([\d,]*\.?\d+) per image")
_PRICE = re.compile(r"\$(?P<amount>[\d,]*\.?\d+) per (?P<unit>1,000,000 tokens|1M tokens|[a-z]+)")
_MARK = re.compile(r"^\[?\*+\]? ?")  # a footnote's mark ("*", "[*]"): it says nothing once out of the page
IMAGE_OUTPUT = "other:output_images"


def shutdowns(section: Section, url: str) -> dict[str, date]:
    """Model id -> the date the section's warnings say it is (or will be) shut down."""
    found: dict[str, date] = {}
    for text in (text for text in section.asides if _MENTION.search(text)):
        match = _SHUTDOWN.search(text)
        if len(_MENTION.findall(text)) != 1 or not match:
            raise ParseError(f"{url}: {section.name}: {text!r} mentions a shutdown but no 'shut down [on] <date>'")
        try:
            day = datetime.strptime(match["day"], "%B %d, %Y").date()
        except ValueError as exc:
            raise ParseError(f"{url}: {section.name}: {text!r}: {match['day']!r} is not a date") from exc
        for model_id in _models(section, _NAMED.findall(text), text, url):
            if found.setdefault(model_id, day) != day:
                raise ParseError(f"{url}: {section.name}: two shutdown dates for {model_id}")
    return found


def _models(section: Section, named: list[str], text: str, url: str) -> list[str]:
    """The models a warning names, which must be the section's; a warning naming none is the section's."""
    if not (named or section.ids) or set(named) - set(section.ids):
        raise ParseError(f"{url}: {section.name}: {text!r} names {named or 'no model'}, "
                         f"not models of the section {section.ids}")
    return named or section.ids


def footnotes(section: Section, offerings: list[Offering], url: str) -> tuple[list[Offering], list[str]]:
    """The offerings with their footnotes' image output prices read, and the footnote sentences left unread."""
    texts = section.notes + [text for text in section.asides if "$" in text]
    for text in texts:
        if match := _IMAGE_OUTPUT.search(text):
            offerings = [_image_output(o, match["amount"], text, url) for o in offerings]
    unread = [sentence for text in texts for sentence in re.split(r"(?<=\.)\s+(?=\S)", text)
              if not all(_held(m, offerings) for m in _prices(sentence))]
    return offerings, [f"{section.name}: {_MARK.sub('', sentence)!r}" for sentence in unread]


def _image_output(offering: Offering, amount: str, text: str, url: str) -> Offering:
    """The offering with the footnote's image output price, if its per-image output price is one of the
    footnote's equivalents and its table gives no such price of its own."""
    per_image = {v.amount for k, v in offering.values.items()
                 if k.startswith("other:output_per_") and v.has_amount and v.unit.endswith(" image")}
    equivalents = {Decimal(a.replace(",", "")) for a in _EQUIVALENT.findall(text)}
    if IMAGE_OUTPUT in offering.values or not per_image & equivalents:
        return offering
    source = Provenance(url, f"{offering.key.model} · {offering.key.tier} · footnote", raw=text)
    value = price(Decimal(amount.replace(",", "")), source, USD_PER_MTOK)
    return replace(offering, values=offering.values | {IMAGE_OUTPUT: value})


def _prices(sentence: str) -> list[re.Match[str] | None]:
    """Each "$" of the sentence: its "$x per <unit>" match, or None when it is written otherwise."""
    return [_PRICE.match(sentence, dollar.start()) for dollar in re.finditer(r"\$", sentence)]


def _held(match: re.Match[str] | None, offerings: list[Offering]) -> bool:
    """An offering of the section holds the footnote's price: the same amount, in a unit of the same kind
    ("per 1,000,000 tokens": USD per 1M tokens; "per image": USD per image, per 1K image, ...)."""
    if match is None:
        return False
    amount = Decimal(match["amount"].replace(",", ""))
    kind = "tokens" if match["unit"].endswith("tokens") else match["unit"]
    values = [v for o in offerings for v in [*o.values.values(), *(a.value for a in o.announced)]]
    return any(v.has_amount and v.amount == amount and v.unit.split(" ")[-1] == kind for v in values)
