"""Prices in their own currency: stored as stated, compared through a dated ECB rate, never converted
in storage; the ECB source read, archived and replayed; databases of the previous release upgraded."""

import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

import scrapers.ecb as ecb
from core.errors import ParseError
from core.freshness import freshness
from core.fx import to_usd, usd_rate
from core.money import format_money
from core.ladder import Route, blended, ladder
from jobs import rates
from scrapers._base import Fetched, Page
from storage.db import open_database
from storage.rates import usd_rate_on
from tests.conftest import FIREWORKS_CAPTURE, HANDMADE, ROOT, capture_dir, query, write_capture

RATES_FILE = HANDMADE / "ecb" / "eurofxref-hist-90d.xml"  # hand-made: illustrative rates, not the ECB's
PREVIOUS_RELEASE = "4ebbda8"  # the last landed commit before currencies were stored


def parse_xml(body: bytes):
    return ecb.parse(Fetched({"rates": [Page(ecb.RATES_URL, 200, "text/xml", body, datetime.now(UTC))]}))


def test_every_rate_of_every_day_is_read_exactly():
    read = {(r.currency, r.rate_date): r.rate for r in parse_xml(RATES_FILE.read_bytes())}
    assert read[("USD", date(2026, 9, 1))] == Decimal("1.2")
    assert read[("CNY", date(2026, 8, 31))] == Decimal("8")
    assert len(read) == 8


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace('time="2026-09-01"', 'time="yesterday"'), "'yesterday' is not a date"),
    (lambda t: t.replace('rate="8.4"', 'rate="8,4"'), "rate '8,4' is not a number"),
    (lambda t: t.replace('<Cube time=', '<Cube date='), "no <Cube time"),
    (lambda t: t[:200], "not the ECB's reference-rate XML"),
    (lambda t: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><x>&b;</x>',
     "not the ECB's reference-rate XML"),
])
def test_a_changed_or_hostile_file_fails_naming_the_problem(edit, message):
    with pytest.raises(ParseError, match="eurofxref") as error:
        parse_xml(edit(RATES_FILE.read_text()).encode())
    assert message in str(error.value)


def test_a_cross_rate_is_usd_over_the_currency_rounded_and_conversion_exact():
    rate = usd_rate("CNY", {"USD": Decimal("1.25"), "CNY": Decimal("8")}, date(2026, 8, 31))
    assert rate.usd_per_unit == Decimal("0.15625")
    assert to_usd(Decimal("28"), rate) == Decimal("4.375")
    assert usd_rate("EUR", {"USD": Decimal("1.2")}, date(2026, 9, 1)).usd_per_unit == Decimal("1.2")
    assert usd_rate("CNY", {"USD": Decimal("1.2")}, date(2026, 9, 1)) is None
    assert rate.describe() == "1 CNY = 0.15625 USD (ECB, 2026-08-31)"
    assert format_money(Decimal("1.8"), "EUR") == "€1.80" and format_money(Decimal("0.6"), "CNY") == "¥0.60"


def route(provider, currency, i, o, rate=None):
    now = datetime(2026, 9, 2, tzinfo=UTC)
    return Route(provider, provider, "m", "standard", "global", Decimal(i), None, Decimal(o),
                 {"input": "priced", "cached_input": "unknown", "output": "priced"}, None, now,
                 freshness(now, now, 7), currency, rate)


def test_a_foreign_route_ranks_by_its_converted_blend_and_without_a_rate_is_unranked():
    eur = usd_rate("EUR", {"USD": Decimal("1.2")}, date(2026, 9, 1))
    rungs = ladder([route("usd", "USD", "1", "1"), route("eur", "EUR", "0.5", "0.5", eur),
                    route("cny", "CNY", "1", "1")])
    assert [(r.route.provider, r.rank, r.blended) for r in rungs] == [
        ("eur", 1, Decimal("0.6")), ("usd", 2, Decimal("1")), ("cny", None, None)]
    assert blended(route("eur", "EUR", "2", "2")) is None


@pytest.fixture
def rates_capture(tmp_path):
    return write_capture(tmp_path / "ecb", {ecb.RATES_URL: (RATES_FILE, "text/xml", "2026-09-01T15:00:00Z")})


def test_jobs_rates_replays_archives_and_keeps_every_rate_once(tmp_path, rates_capture, capsys):
    db = tmp_path / "p.db"
    argv = ["--db", f"sqlite:///{db}", "--replay", str(rates_capture), "--archive", str(tmp_path / "a"),
            "--log-format", "json"]
    assert rates.main(argv) == 0
    assert "8 rates read: 8 new, 0 already stored" in capsys.readouterr().out
    assert rates.main(argv) == 0
    assert "0 new, 8 already stored" in capsys.readouterr().out
    assert len(query(db, "SELECT * FROM fx_rates")) == 8
    assert query(db, "SELECT status FROM scrape_runs WHERE provider = 'ecb'")[0][0] == "success"
    assert query(db, "SELECT COUNT(*) FROM responses WHERE provider = 'ecb'")[0][0] == 2
    with open_database(f"sqlite:///{db}").connect() as connection:
        assert usd_rate_on(connection, "CNY", date(2026, 8, 31)).usd_per_unit == Decimal("0.15625")
        assert usd_rate_on(connection, "CNY", date(2026, 8, 20)).rate_date == date(2026, 8, 18)
        assert usd_rate_on(connection, "EUR", date(2026, 8, 1)) is None
    view = query(db, "SELECT usd_per_unit FROM usd_exchange_rates WHERE currency = 'CNY' AND rate_date = '2026-08-31'")
    assert view[0][0] == pytest.approx(0.15625)


def test_a_failed_rates_run_is_recorded_and_stores_nothing(tmp_path, capsys):
    broken = write_capture(tmp_path / "bad", {ecb.RATES_URL: (b"<html>moved</html>", "text/xml", "2026-09-01T15:00:00Z")})
    db = tmp_path / "p.db"
    assert rates.main(["--db", f"sqlite:///{db}", "--replay", str(broken), "--log-format", "json"]) == 1
    assert "error:" in capsys.readouterr().out
    assert query(db, "SELECT status FROM scrape_runs")[0][0] == "failed"
    assert query(db, "SELECT COUNT(*) FROM fx_rates")[0][0] == 0


def test_a_database_of_the_previous_release_upgrades_with_its_history_unchanged(tmp_path):
    if shutil.which("git") is None or subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", PREVIOUS_RELEASE],
                                                     capture_output=True).returncode:
        pytest.skip("the previous release's commit is not in this checkout's history")
    old = tmp_path / "old"
    old.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", PREVIOUS_RELEASE], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
    db = tmp_path / "p.db"
    made = subprocess.run([sys.executable, "-m", "jobs.refresh", "fireworks", "--replay", str(capture_dir(FIREWORKS_CAPTURE)),
                           "--db", f"sqlite:///{db}", "--log-format", "json"], cwd=old, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    with sqlite3.connect(db) as connection:
        before = connection.execute("SELECT * FROM offering_versions ORDER BY id").fetchall()
    open_database(f"sqlite:///{db}")
    with sqlite3.connect(db) as connection:
        after = connection.execute("SELECT * FROM offering_versions ORDER BY id").fetchall()
        columns = [d[0] for d in connection.execute("SELECT * FROM offering_versions").description]
    assert [row[:-1] for row in after] == before and {row[-1] for row in after} == {"USD"}
    assert columns[-1] == "currency"
    assert {r["currency"] for r in query(db, "SELECT currency FROM current_prices")} == {"USD"}
