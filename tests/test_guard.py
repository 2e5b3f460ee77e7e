"""The guard's checks, one by one, on a pure diff: what is held and what is applied."""

from decimal import Decimal

import pytest

from core.diff import StoredOffering, diff
from core.guard import GuardPolicy, check
from core.offering import ModelInfo, Offering, OfferingKey, ScrapeResult
from core.values import Provenance, limit, price, unknown

URL = "https://example.test/prices"


def offering(model: str, **values) -> Offering:
    full = {"input": price(Decimal("1")), "output": price(Decimal("2")), "context_window": limit(8192)} | values
    return Offering(OfferingKey(model), ModelInfo(model, model), full, URL)


def stored(*offerings: Offering) -> dict:
    return {o.key: StoredOffering(o.key, o.values, True, URL) for o in offerings}


def problems(before: list[Offering], after: list[Offering], policy: GuardPolicy | None = None) -> list[str]:
    state = stored(*before)
    return check(policy or GuardPolicy(), state, diff(state, ScrapeResult(after, {URL})))


CATALOGUE = [offering(f"m{i}") for i in range(10)]


def test_an_ordinary_run_passes():
    moved = [offering("m0", input=price(Decimal("1.5"))), *CATALOGUE[1:]]
    assert problems(CATALOGUE, moved) == []


@pytest.mark.parametrize("after, expected", [
    ([], "no offerings at all"),
    (CATALOGUE[:4], "6 of 10 listed offerings vanished at once (50% or more)"),
    (CATALOGUE[:5], "5 of 10 listed offerings vanished at once (50% or more)"),  # half is held
    ([offering("m0", input=price(Decimal("100"))), *CATALOGUE[1:]], "m0 [standard] input: moves from 1 USD per 1M "
     "tokens to 100 USD per 1M tokens, more than 10x"),
    ([offering("m0", output=price(Decimal("0.1"))), *CATALOGUE[1:]], "more than 10x"),
    ([offering("m0", input=price(Decimal("0"))), *CATALOGUE[1:]], "falls from 1 USD per 1M tokens to 0, and the "
     "source does not say free"),
    ([offering("m0", output=unknown()), *CATALOGUE[1:]], "m0 [standard] output: was 2 USD per 1M tokens, the "
     "source no longer states it"),
    ([offering("m0", context_window=limit(4096)), *CATALOGUE[1:]], "shrinks from 8192 to 4096 tokens"),
    ([offering("m0", input=price(Decimal("1"), unit="EUR per 1M tokens")), *CATALOGUE[1:]],
     "m0 [standard] input: changes unit from 1 USD per 1M tokens to 1 EUR per 1M tokens: not comparable"),
])
def test_suspicious_runs_are_named(after, expected):
    assert any(expected in p for p in problems(CATALOGUE, after)), problems(CATALOGUE, after)


def test_a_price_the_source_calls_free_is_not_held():
    free = price(Decimal("0"), Provenance(URL, "m0", raw="Free"))
    assert problems(CATALOGUE, [offering("m0", input=free), *CATALOGUE[1:]]) == []


def test_thresholds_are_settings():
    lenient = GuardPolicy(min_offerings=0, max_vanished_share=0.7, max_factor=Decimal(1000),
                          hold_shrinking_limits=False, required_fields=())
    after = [offering("m0", input=price(Decimal("100")), context_window=limit(4096), output=unknown()),
             *CATALOGUE[1:4]]
    assert problems(CATALOGUE, after, lenient) == []
    assert problems([], CATALOGUE[:3], GuardPolicy(min_offerings=5)) == [
        "only 3 offerings, fewer than the minimum of 5"]


def test_a_first_run_has_nothing_to_compare_but_its_size():
    assert problems([], CATALOGUE) == []


def test_many_problems_are_summarised():
    jumped = [offering(f"m{i}", input=price(Decimal("50"))) for i in range(10)]
    found = problems(CATALOGUE, jumped)
    assert len(found) == 6 and found[-1] == "and 6 more"
    assert found[0].startswith("10 of 10 priced offerings moved their input or output price at once")


def test_new_and_relisted_offerings_are_checked_too():
    gone = {**stored(*CATALOGUE), **{CATALOGUE[0].key: StoredOffering(CATALOGUE[0].key, CATALOGUE[0].values,
                                                                       False, URL)}}
    back = [offering("m0", input=price(Decimal("1000"))), offering("new", output=price(Decimal("0"))),
            *CATALOGUE[1:]]
    found = check(GuardPolicy(), gone, diff(gone, ScrapeResult(back, {URL})))
    assert "m0 [standard] input: moves from 1 USD per 1M tokens to 1000 USD per 1M tokens, more than 10x" in found
    assert "new [standard] output: is 0, and the source does not say free" in found


def test_a_source_whose_zero_means_free_is_believed_for_new_offerings_only():
    free_by_api = GuardPolicy(zero_means_free=True)
    new = [offering("new", input=price(Decimal("0")), output=price(Decimal("0"))), *CATALOGUE]
    assert problems(CATALOGUE, new, free_by_api) == []
    fallen = [offering("m0", input=price(Decimal("0"))), *CATALOGUE[1:]]
    assert problems(CATALOGUE, fallen, free_by_api) == [
        "m0 [standard] input: falls from 1 USD per 1M tokens to 0, and the source does not say free"]


def test_a_relisted_offering_is_held_once_per_reason():
    gone = {o.key: StoredOffering(o.key, o.values, o.key.model != "m0", URL) for o in CATALOGUE}
    back = [offering("m0", input=price(Decimal("0"))), *CATALOGUE[1:]]
    found = check(GuardPolicy(), gone, diff(gone, ScrapeResult(back, {URL})))
    assert found == ["m0 [standard] input: falls from 1 USD per 1M tokens to 0, and the source does not say free"]


def swapped(o: Offering) -> Offering:
    return offering(o.key.model, input=o.values["output"], output=o.values["input"])


def test_input_and_output_swapped_across_the_table_holds_the_run():
    found = problems(CATALOGUE, [swapped(o) for o in CATALOGUE])
    assert found == ["10 of 10 priced offerings moved their input or output price at once (more than 30%): "
                     "a layout change (swapped columns) rather than a repricing?"]


def test_a_few_repricings_or_prices_newly_stated_are_not_a_layout_change():
    three = [swapped(o) for o in CATALOGUE[:3]] + CATALOGUE[3:]
    assert problems(CATALOGUE, three) == []  # 30% is not more than 30%
    unstated = [offering(o.key.model, output=unknown()) for o in CATALOGUE]
    now_stated = [offering(o.key.model, output=price(Decimal("5"))) for o in CATALOGUE]
    assert problems(unstated, now_stated, GuardPolicy(required_fields=())) == []
    assert problems(CATALOGUE, three, GuardPolicy(max_moved_share=0.2)) != []
