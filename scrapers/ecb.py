"""The European Central Bank's euro foreign exchange reference rates: the dated rates that
comparisons across currencies use (core/fx.py). Not a provider: it prices no model.

Source: https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml (public, no key), the
last 90 working days of the daily reference rates, published around 16:00 CET on TARGET working
days. XML: ``<Cube time="YYYY-MM-DD">`` per day, holding ``<Cube currency="USD" rate="1.0760"/>``
per currency, each the amount of that currency one euro buys. Reading the 90-day file every day
keeps the stored history whole across days the daemon missed. Rates are kept exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from core.errors import ParseError
from core.money import parse_decimal
from core.offering import Provider
from scrapers._base import Fetched, Source

PROVIDER = Provider("ecb", "European Central Bank (euro reference rates)",
                    "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/")
RATES_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml"
SOURCES = (Source("rates", RATES_URL, kind="api", expects=("text/xml", "application/xml")),)
PARSER_VERSION = "1"
BASE = "EUR"
_CUBE = "{http://www.ecb.int/vocabulary/2002-08-01/eurofxref}Cube"


@dataclass(frozen=True)
class PublishedRate:
    """1 EUR = ``rate`` ``currency`` on ``rate_date``, as the ECB published it."""

    currency: str
    rate_date: date
    rate: Decimal


def parse(fetched: Fetched) -> list[PublishedRate]:
    """Every rate of every day in the file; a file that is not the ECB's layout is a ParseError."""
    page = fetched.pages["rates"][0]
    try:
        root = ElementTree.fromstring(page.body)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise ParseError(f"{page.url}: not the ECB's reference-rate XML ({exc})") from exc
    days = [cube for cube in root.iter(_CUBE) if "time" in cube.attrib]
    if not days:
        raise ParseError(f"{page.url}: no <Cube time=...> days: the ECB's layout changed")
    return [rate for day in days for rate in _day(day, page.url)]


def _day(day, url: str) -> list[PublishedRate]:
    try:
        when = date.fromisoformat(day.attrib["time"])
    except ValueError:
        raise ParseError(f"{url}: {day.attrib['time']!r} is not a date") from None
    rates = [_rate(cube, when, url) for cube in day.iter(_CUBE) if cube is not day]
    if not rates:
        raise ParseError(f"{url}: {when} has no rates")
    return rates


def _rate(cube, when: date, url: str) -> PublishedRate:
    currency, written = cube.attrib.get("currency", ""), cube.attrib.get("rate", "")
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise ParseError(f"{url}: {when}: {currency!r} is not a currency code")
    try:
        rate = parse_decimal(written)
    except ValueError:
        raise ParseError(f"{url}: {when} {currency}: rate {written!r} is not a number") from None
    if rate <= 0:
        raise ParseError(f"{url}: {when} {currency}: rate {written!r} is not positive")
    return PublishedRate(currency, when, rate)
