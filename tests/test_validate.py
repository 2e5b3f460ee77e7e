"""Validation stops absurd or inconsistent scrapes before they reach history."""

from decimal import Decimal

import pytest

from core.errors import ValidationError
from core.offering import ModelInfo, Offering, OfferingKey, ScrapeResult
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
    (result(offering(input=price(Decimal("-0.1")))), "m [standard] input = -0.1 is negative"),
    (result(offering(output=price(Decimal("250000")))), "absurdly high"),
    (result(offering(context_window=limit(10**9))), "not a plausible limit"),
    (result(offering(tier="turbo")), "has tier 'turbo'"),
])
def test_implausible_scrapes_are_refused_with_a_message_naming_the_problem(scrape, message):
    with pytest.raises(ValidationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        validate("p", scrape)
