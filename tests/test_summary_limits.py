"""A summary lists at most ten offerings of each kind (added, relisted, changed, delisted), with the count of the rest."""

from datetime import UTC, datetime
from decimal import Decimal

from core.diff import Diff, FieldChange, StoredOffering
from core.offering import ModelInfo, Offering, OfferingKey
from core.values import price
from jobs.runner import RunReport
from jobs.summary import summarize

NOW = datetime(2026, 12, 8, tzinfo=UTC)


def offering(i: int) -> Offering:
    return Offering(OfferingKey(f"m{i}"), ModelInfo(f"m{i}", f"m{i}"), {"input": price(Decimal(1))}, "u")


def report(status: str) -> RunReport:
    change = FieldChange("input", price(Decimal(1)), price(Decimal(2)))
    diff = Diff(changed=[(offering(i), [change]) for i in range(12)],
                delisted=[StoredOffering(OfferingKey(f"d{i}"), {}, True, "u") for i in range(44)])
    return RunReport("p", status, "test", 1, NOW, diff, error="held for review: x" if status == "held" else None)


def test_changed_and_delisted_are_cut_at_ten_with_the_count_and_verbose_lists_all():
    for status in ("held", "success"):
        lines = summarize(report(status), NOW, 7).splitlines()
        assert sum(line.startswith("  changed  ") for line in lines) == 10
        assert sum(line.startswith("  delisted ") for line in lines) == 10
        assert "  ... and 2 more changed (--verbose lists them all)" in lines
        assert "  ... and 34 more delisted (--verbose lists them all)" in lines
    every = summarize(report("held"), NOW, 7, verbose=True).splitlines()
    assert sum(line.startswith("  delisted ") for line in every) == 44 and not any("more" in line for line in every)
