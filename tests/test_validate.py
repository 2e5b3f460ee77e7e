"""Validation keeps absurd values out of history: a wrong scrape is refused, an absurd value costs its offering."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from core.errors import ValidationError
from core.offering import Announced, ModelInfo, Offering, OfferingKey, ScrapeResult, Unread
from core.validate import validate
from core.values import limit, price, variable


def result(*offerings):
    return ScrapeResult(list(offerings), {"https://example.test"})


def offering(model="m", tier="standard", **values):
    return Offering(OfferingKey(model, tier), ModelInfo(model, model), values, "https://example.test")


def test_a_plausible_scrape_passes():
    validate("p", result(offering(input=price(Decimal("0.3")), output=variable(), context_window=limit(8192))))


@pytest.mark.parametrize("scrape, message", [
    (result(offering(), offering()), "offerings listed twice: m [standard]"),
    (result(offering(tier="turbo")), "has tier 'turbo'"),
])
def test_a_scrape_wrong_as_a_whole_is_refused_with_a_message_naming_the_problem(scrape, message):
    with pytest.raises(ValidationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        validate("p", scrape)


@pytest.mark.parametrize("bad, message", [
    (offering("bad", input=price(Decimal("-0.1"))), "input = -0.1 is negative"),
    (offering("bad", output=price(Decimal("250000"))), "output = 250000 USD per 1M tokens is absurdly high"),
    (offering("bad", context_window=limit(10**9)), "context_window = 1000000000 tokens is not a plausible limit"),
    (offering("bad", input=price(Decimal("0.3")), output=price(Decimal("0.3"), unit="EUR per 1M tokens")),
     "token prices in several currencies: ['EUR per 1M tokens', 'USD per 1M tokens']"),
    (replace(offering("bad"), announced=(Announced("input", price(Decimal("-1")), date(2027, 1, 1)),)),
     "input announced from 2027-01-01 = -1 is negative"),
])
def test_an_absurd_value_costs_only_its_offering_which_is_named_as_not_read(bad, message):
    good = offering("good", input=price(Decimal("0.3")), output=price(Decimal("0.6")))
    checked = validate("p", result(good, bad))
    assert checked.offerings[0] == good and checked.read_any
    (part,) = checked.unread
    assert part.reason == message and part.models == frozenset({"bad"})
    assert str(part) == f"https://example.test · offering bad [standard]: {message}"
    set_aside = checked.offerings[1]
    assert (set_aside.key, set_aside.values, set_aside.unread) == (bad.key, {}, message)  # its values unknown


def test_parts_the_scraper_could_not_read_are_kept():
    scrape = result(offering(input=price(Decimal("0.3"))))
    scrape.unread.append(Unread("https://example.test", "https://example.test · table 'Batch'", "no rows"))
    assert validate("p", scrape).unread == scrape.unread
