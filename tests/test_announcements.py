"""Announced future prices: stored apart with the announced date and the date first seen, never applied
early; confirmed by later runs (parsed or not), withdrawn when a full listing no longer states them."""

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

import scrapers.google as google
from core.offering import Announced, ModelInfo, Offering, OfferingKey, ScrapeResult
from core.values import Provenance, price
from jobs.runner import refresh
from jobs.summary import summarize
from scrapers._replay import ReplayTransport
from storage.archive import Archive
from storage.db import open_database
from tests.conftest import capture_dir, query, write_capture

CAPTURE = "google/2026-08-13"
URL = google.PRICING_URL


def replay(engine, folder, module=google, archive=None):
    report = refresh(module, ReplayTransport(folder), engine, "replay", archive=archive,
                     clock=lambda: datetime(2027, 6, 1, tzinfo=UTC))
    assert report.status == "success", report.error
    return report


def announcements(db, model="gemini-3.7-flash", tier="standard"):
    rows = query(db, "SELECT * FROM price_announcements WHERE model = ? AND tier = ? ORDER BY field", (model, tier))
    return {row["field"]: row for row in rows}


def test_the_google_capture_announces_prices_without_applying_them(db_path):
    report = replay(open_database(f"sqlite:///{db_path}"), capture_dir(CAPTURE))
    stored = query(db_path, "SELECT COUNT(*) AS n, COUNT(DISTINCT offering_id) AS o FROM announcements")[0]
    assert f"announced {stored['n']} future prices of {stored['o']} offerings, from 2027-01-01" in summarize(
        report, datetime(2027, 6, 1, tzinfo=UTC), 7)
    announced = announcements(db_path)
    assert announced["input"]["amount_exact"] == "1.5" and announced["input"]["effective_from"] == "2027-01-01"
    assert announced["input"]["first_seen_at"].startswith("2026-08-13")
    assert announced["input"]["withdrawn_at"] is None
    current = query(db_path, "SELECT input_exact FROM current_prices WHERE model = 'gemini-3.7-flash' "
                    "AND tier = 'standard'")
    assert [row["input_exact"] for row in current] == ["0.75"]  # the price charged on the capture's day


def test_a_later_run_with_the_same_bodies_confirms_the_announcements(db_path, tmp_path):
    engine = open_database(f"sqlite:///{db_path}")
    archive = Archive(tmp_path / "archive")
    replay(engine, capture_dir(CAPTURE), archive=archive)
    body = capture_dir(CAPTURE) / "pricing.html"
    later = write_capture(tmp_path / "later", {URL: (body, "text/html", "2026-09-01T00:00:00Z")})
    report = replay(engine, later, archive=archive)
    assert report.diff.bodies_unchanged  # not parsed again
    announced = announcements(db_path)["input"]
    assert announced["first_seen_at"].startswith("2026-08-13") and announced["last_seen_at"].startswith("2026-09-01")


def stub(values_at: dict[date, tuple[str, list[Announced]]]):
    """A provider whose one offering's input price (and announcements) depend on the capture's date."""
    def parse(fetched):
        page = fetched.pages["pricing"][0]
        now, announced = values_at[page.fetched_at.date()]
        source = Provenance(URL, "stub")
        offering = Offering(OfferingKey("m"), ModelInfo("m", "m"), {"input": price(Decimal(now), source),
                            "output": price(Decimal(now), source)}, URL, announced=tuple(announced))
        return ScrapeResult([offering], {URL})
    return SimpleNamespace(PROVIDER=google.PROVIDER, SOURCES=google.SOURCES, PARSER_VERSION="1",
                           GUARD=replace(google.GUARD, min_offerings=1), parse=parse)


def capture_on(tmp_path, day: date):
    return write_capture(tmp_path / day.isoformat(), {URL: (day.isoformat().encode(), "text/html",
                                                            f"{day.isoformat()}T00:00:00Z")})


def later_price(amount: str) -> Announced:
    return Announced("input", price(Decimal(amount), Provenance(URL, "stub")), date(2027, 1, 1))


def test_an_announcement_a_page_drops_is_withdrawn_and_one_restated_is_confirmed(db_path, tmp_path):
    engine = open_database(f"sqlite:///{db_path}")
    module = stub({date(2026, 9, 1): ("1", [later_price("2")]), date(2026, 10, 1): ("1", [later_price("3")])})
    replay(engine, capture_on(tmp_path, date(2026, 9, 1)), module)
    replay(engine, capture_on(tmp_path, date(2026, 10, 1)), module)
    rows = query(db_path, "SELECT amount_exact, first_seen_at, last_seen_at, withdrawn_at FROM price_announcements "
                 "ORDER BY amount_exact")
    assert [(r["amount_exact"], r["withdrawn_at"] is not None) for r in rows] == [("2", True), ("3", False)]
    assert rows[0]["withdrawn_at"].startswith("2026-10-01") and rows[1]["first_seen_at"].startswith("2026-10-01")


def test_when_the_date_comes_the_new_price_is_an_ordinary_change(db_path, tmp_path):
    engine = open_database(f"sqlite:///{db_path}")
    module = stub({date(2026, 9, 1): ("1", [later_price("2")]), date(2027, 1, 2): ("2", [])})
    replay(engine, capture_on(tmp_path, date(2026, 9, 1)), module)
    replay(engine, capture_on(tmp_path, date(2027, 1, 2)), module)
    history = query(db_path, "SELECT input_exact, valid_from FROM price_history ORDER BY valid_from")
    assert [(r["input_exact"], r["valid_from"][:10]) for r in history] == [("1", "2026-09-01"), ("2", "2027-01-02")]
    # the date has passed: a page that no longer states the announcement does not withdraw it
    assert query(db_path, "SELECT withdrawn_at FROM price_announcements")[0]["withdrawn_at"] is None


def test_an_absurd_announced_price_fails_the_run_and_stores_nothing(db_path, tmp_path):
    engine = open_database(f"sqlite:///{db_path}")
    module = stub({date(2026, 9, 1): ("1", [later_price("-2")])})
    report = refresh(module, ReplayTransport(capture_on(tmp_path, date(2026, 9, 1))), engine, "replay")
    assert report.status == "failed" and "announced from 2027-01-01" in report.error
    assert query(db_path, "SELECT COUNT(*) AS n FROM announcements")[0]["n"] == 0


@pytest.mark.parametrize("fetched_on, expected", [("2026-12-31", "0.75"), ("2027-01-01", "1.5")])
def test_the_price_in_force_depends_on_the_capture_date(db_path, tmp_path, fetched_on, expected):
    body = capture_dir(CAPTURE) / "pricing.html"
    folder = write_capture(tmp_path / "c", {URL: (body, "text/html", f"{fetched_on}T00:00:00Z")})
    refresh(google, ReplayTransport(folder), open_database(f"sqlite:///{db_path}"), "replay",
            clock=lambda: datetime(2027, 1, 2, tzinfo=UTC))
    current = query(db_path, "SELECT input_exact FROM current_prices WHERE model = 'gemini-3.7-flash' "
                    "AND tier = 'standard'")
    assert [row["input_exact"] for row in current] == [expected]
    assert bool(announcements(db_path)) == (expected == "0.75")
