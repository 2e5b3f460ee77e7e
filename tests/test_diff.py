"""The pure diff: added, changed, unchanged, delisted, relisted; unknown vs free vs not offered."""

from decimal import Decimal

from core.diff import StoredOffering, completed, diff
from core.offering import MAIN_FIELDS, ModelInfo, Offering, OfferingKey, ScrapeResult
from core.values import Status, limit, not_offered, price, unknown

LISTING = "https://example.test/list"
KEY = OfferingKey("m1")


def offering(key=KEY, listed_by=LISTING, unobserved=frozenset(), **values):
    base = {"input": price(Decimal("1")), "output": price(Decimal("2")), "context_window": limit(8192)}
    return Offering(key, ModelInfo(key.model, key.model), {**base, **values}, listed_by, unobserved)


def stored(off, listed=True):
    return StoredOffering(off.key, completed(off, None).values, listed, off.listed_by)


def result(*offerings, listings=(LISTING,)):
    return ScrapeResult(list(offerings), set(listings))


def test_new_offering_is_added_with_every_field_filled():
    d = diff({}, result(offering()))
    assert [o.key for o in d.added] == [KEY]
    assert set(MAIN_FIELDS) <= set(d.added[0].values)
    assert d.added[0].values["cache_write"].status is Status.UNKNOWN


def test_same_values_written_differently_are_unchanged():
    before = offering(input=price(Decimal("0.30")))
    d = diff({KEY: stored(before)}, result(offering(input=price(Decimal("0.3")))))
    assert [o.key for o in d.unchanged] == [KEY] and not d.changed


def test_changed_value_reports_field_old_and_new():
    d = diff({KEY: stored(offering())}, result(offering(input=price(Decimal("1.5")))))
    ((changed, changes),) = d.changed
    assert [(c.field, c.old.amount, c.new.amount) for c in changes] == [("input", Decimal("1"), Decimal("1.5"))]


def test_free_unknown_and_not_offered_are_three_different_states():
    states = {"free": price(Decimal("0")), "unknown": unknown(), "not offered": not_offered()}
    for old_name, old in states.items():
        for new_name, new in states.items():
            d = diff({KEY: stored(offering(cached_input=old))}, result(offering(cached_input=new)))
            assert bool(d.changed) == (old_name != new_name), (old_name, new_name)


def test_offering_gone_from_a_listing_that_was_read_is_delisted():
    other = OfferingKey("m2")
    d = diff({KEY: stored(offering()), other: stored(offering(other))}, result(offering()))
    assert [s.key for s in d.delisted] == [other]


def test_offering_of_a_listing_that_failed_this_run_is_not_delisted():
    api_only = offering(OfferingKey("m2"), listed_by="https://example.test/api")
    d = diff({api_only.key: stored(api_only)}, result(offering()))
    assert d.delisted == []


def test_delisted_offering_that_returns_is_relisted():
    d = diff({KEY: stored(offering(), listed=False)}, result(offering()))
    assert [o.key for o in d.relisted] == [KEY]


def test_unobserved_field_keeps_its_stored_value():
    before = offering()
    now = offering(unobserved=frozenset({"context_window"}))
    del now.values["context_window"]
    d = diff({KEY: stored(before)}, result(now))
    assert d.unchanged and d.unchanged[0].values["context_window"].amount == 8192


def test_field_the_source_stopped_stating_becomes_unknown():
    before = offering(**{"other:request": price(Decimal("0"), unit="USD per request")})
    d = diff({KEY: stored(before)}, result(offering()))
    ((_, changes),) = d.changed
    assert [(c.field, c.old.status, c.new.status) for c in changes] == [("other:request", Status.FREE, Status.UNKNOWN)]
