"""Money is parsed exactly and never through float."""

from decimal import Decimal

import pytest

from core.money import format_usd, parse_decimal, parse_dollars, per_token_to_per_million
from core.values import Status, Value


@pytest.mark.parametrize("text, expected", [
    ("$0.30", Decimal("0.30")), ("$15.00", Decimal("15")), ("$0.00875", Decimal("0.00875")),
    (" $1,200.50 ", Decimal("1200.50")), ("$4.125", Decimal("4.125")),
])
def test_parse_dollars_is_exact(text, expected):
    assert parse_dollars(text) == expected


@pytest.mark.parametrize("text", ["—", "Contact us", "Free", "$", "0.30", "$1.2.3", "€0.30", "$-1"])
def test_parse_dollars_rejects_what_is_not_a_dollar_amount(text):
    with pytest.raises(ValueError, match="not a dollar amount"):
        parse_dollars(text)


def test_per_token_strings_convert_to_per_million_without_float_noise():
    # 0.000000075 * 1e6 in float is 0.07500000000000001; in Decimal it is exact.
    assert per_token_to_per_million(parse_decimal("0.000000075")) == Decimal("0.075")
    assert str(per_token_to_per_million(parse_decimal("0.0000003")).normalize()) == "0.3"


@pytest.mark.parametrize("text", ["NaN", "Infinity", "", "1,5", "0x10", None])
def test_parse_decimal_rejects_non_numbers(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


@pytest.mark.parametrize("amount, shown", [
    (Decimal("0.3"), "$0.30"), (Decimal("15"), "$15.00"), (Decimal("0.00875"), "$0.00875"), (Decimal("1E+1"), "$10.00"),
])
def test_format_usd_keeps_every_digit(amount, shown):
    assert format_usd(amount) == shown


@pytest.mark.parametrize("status, amount", [
    (Status.PRICED, None), (Status.FREE, None), (Status.KNOWN, None),
    (Status.UNKNOWN, Decimal("1")), (Status.NOT_OFFERED, Decimal("0")), (Status.VARIABLE, Decimal("-1")),
])
def test_a_value_state_and_its_amount_always_agree(status, amount):
    with pytest.raises(ValueError, match="cannot have the amount"):
        Value(status, amount)
