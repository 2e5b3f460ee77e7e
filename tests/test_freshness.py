"""Freshness with an injected clock: whole days since last verified, stale past the threshold."""

from datetime import UTC, datetime, timedelta

import pytest

from core.freshness import freshness

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("age, text", [
    (timedelta(0), "Researched today"), (timedelta(hours=23, minutes=59), "Researched today"),
    (timedelta(days=1), "Researched 1d ago"), (timedelta(days=16, hours=5), "Researched 16d ago"),
])
def test_status_text_counts_whole_days(age, text):
    assert freshness(NOW - age, NOW).status_text == text


def test_stale_only_past_the_threshold():
    assert not freshness(NOW - timedelta(days=7), NOW).stale
    assert freshness(NOW - timedelta(days=7, seconds=1), NOW).stale
    assert not freshness(NOW - timedelta(days=10), NOW, stale_after_days=14).stale


def test_never_refreshed_is_stale_and_says_so():
    fresh = freshness(None, NOW)
    assert fresh.stale and fresh.status_text == "Never researched" and fresh.days_ago is None
