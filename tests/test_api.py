"""jobs.api.Prices on history built from the real captures: prices then and now, a request's cost, the ladder."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pandas as pd
import pytest

from core.errors import ConfigError
from jobs import ladder, models, rates
from jobs.api import NotFound, Prices, when
from tests.conftest import HANDMADE, OPENROUTER_CAPTURES, capture_dir, query, run_refresh, write_capture

CAPTURES = [*OPENROUTER_CAPTURES[:2], "groq/2026", "anthropic/2025-late", "scaleway/2026-08-29"]
CHANGED = "deepseek/deepseek-r1-distill-qwen-14b"  # 0.12 -> 0.15 between the first two OpenRouter captures
SECOND = datetime(2026, 1, 4, 18, 3, 30, tzinfo=UTC)  # the second capture's fetch time
NOW = datetime(2026, 12, 8, tzinfo=UTC)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("api")
    url = f"sqlite:///{folder / 'prices.db'}"
    for name in CAPTURES:
        result = run_refresh(name.split("/")[0], "--replay", str(capture_dir(name)), "--db", url)
        assert result.returncode == 0, result.stderr
    ecb = write_capture(folder / "ecb", {"https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml": (
        HANDMADE / "ecb" / "eurofxref-hist-90d.xml", "text/xml", "2026-09-01T15:00:00Z")})
    assert rates.main(["--db", url, "--replay", str(ecb)]) == 0  # hand-made, illustrative rates
    assert models.main(["apply", "--db", url]) == 0
    return folder / "prices.db"


@pytest.fixture(scope="module")
def prices(db):
    return Prices(f"sqlite:///{db}", clock=lambda: NOW)


def test_the_price_in_force_between_two_captures_is_the_older_one(prices):
    before = prices.price(CHANGED, "openrouter", at="2026-01-02T00:00:00Z")
    after = prices.price(CHANGED, "openrouter", at=SECOND)
    assert (before.input, before.output, after.input, after.output) == (Decimal("0.12"),) * 2 + (Decimal("0.15"),) * 2
    assert before.valid_to == after.valid_from == SECOND and after.valid_to is None
    assert before.statuses["input"] == "priced" and before.currency == "USD"


@pytest.mark.parametrize("written", ["2026-01-04T18:03:29", "2026-01-04 18:03:29", "2026-01-04T18:03:29Z",
                                     "2026-01-04T19:03:29+01:00", datetime(2026, 1, 4, 18, 3, 29),
                                     datetime(2026, 1, 4, 13, 3, 29, tzinfo=timezone(timedelta(hours=-5)))])
def test_a_moment_is_read_the_same_however_it_is_written(prices, written):
    """One second before the second capture: the older price, whether the time is ISO or SQL-like, naive or aware."""
    assert prices.price(CHANGED, "openrouter", at=written).input == Decimal("0.12")
    assert when(written) == SECOND - timedelta(seconds=1)


def test_unknown_free_and_priced_stay_apart_and_values_carry_their_provenance(prices, db):
    sonnet = prices.price("claude-sonnet-4", "anthropic")
    assert (sonnet.input, sonnet.cached_input, sonnet.cache_write, sonnet.output) == tuple(
        map(Decimal, ("3", "0.3", "3.75", "15")))
    assert sonnet.other_prices["input_above_200k"].amount == Decimal(6)
    batch = prices.price("claude-sonnet-4", "anthropic", tier="batch")
    assert batch.cached_input is None and batch.statuses["cached_input"] == "unknown"
    (free_id,) = [r["model"] for r in query(db, "SELECT model FROM current_prices WHERE provider = 'openrouter' "
                                            "AND input_status = 'free' AND output_status = 'free' LIMIT 1")]
    free = prices.price(free_id, "openrouter")
    assert free.input == Decimal(0) and free.statuses["input"] == "free"
    assert sonnet.values["input"].provenance.source.startswith("https://docs.claude.com/")


def test_last_verified_at_is_the_offerings_own_now_and_the_last_run_while_old_values_held(prices):
    assert prices.price(CHANGED, "openrouter").last_verified_at == SECOND
    assert prices.price(CHANGED, "openrouter", at="2026-01-02").last_verified_at < SECOND


def test_the_cost_of_a_request_is_exact_at_the_prices_then_in_force(prices):
    tokens = {"input_tokens": 1_234_567, "output_tokens": 89}
    assert prices.cost(CHANGED, "openrouter", **tokens, at="2026-01-02") == Decimal("0.12") * 1_234_656 / 10**6
    assert prices.cost(CHANGED, "openrouter", **tokens) == Decimal("0.18519840")
    groq = prices.price("gpt-oss-120b", "groq")  # a canonical id: Groq's own is openai/gpt-oss-120b
    assert prices.cost("gpt-oss-120b", "groq", 12_000, 800) == (12_000 * groq.input + 800 * groq.output) / 10**6


def test_cache_reads_and_writes_are_priced_apart_and_long_prompts_at_their_own_prices(prices):
    short = prices.cost("claude-sonnet-4", "anthropic", 1_000, 1_000, cached_input_tokens=10_000,
                        cache_write_tokens=2_000)
    assert short == (1_000 * 3 + 1_000 * 15 + 10_000 * Decimal("0.3") + 2_000 * Decimal("3.75")) / Decimal(10**6)
    assert prices.cost("claude-sonnet-4", "anthropic", 250_000, 1_000) == (250_000 * 6 + 1_000 * Decimal("22.5")) / 10**6
    with pytest.raises(ValueError, match="cached_input price for prompts above 200,000 tokens is not stated"):
        prices.cost("claude-sonnet-4", "anthropic", 250_000, 1_000, cached_input_tokens=1)


def test_a_cost_needing_an_unknown_price_is_an_error_naming_it_never_free(prices, db):
    with pytest.raises(ValueError, match=r"the cached_input price is unknown"):
        prices.cost("claude-sonnet-4", "anthropic", 10, 10, cached_input_tokens=5, tier="batch")
    assert prices.cost("claude-sonnet-4", "anthropic", 10, 0, tier="batch") == Decimal("0.000015")
    (unknown,) = query(db, "SELECT model FROM current_prices WHERE provider = 'groq' AND input_status = 'unknown' "
                       "LIMIT 1")
    with pytest.raises(ValueError, match="the input price is unknown"):
        prices.cost(unknown["model"], "groq", 1, 0)
    with pytest.raises(ValueError, match="whole numbers"):
        prices.cost(CHANGED, "openrouter", -1, 0)


def test_a_price_in_euros_costs_in_dollars_at_the_dated_rate(prices, db, tmp_path):
    (row,) = query(db, "SELECT model, input_exact FROM current_prices WHERE provider = 'scaleway' AND currency = 'EUR' "
                   "AND input_status = 'priced' ORDER BY model LIMIT 1")
    (rate,) = query(db, "SELECT usd_per_unit_exact FROM usd_exchange_rates WHERE currency = 'EUR' "
                    "ORDER BY rate_date DESC LIMIT 1")
    euros = Decimal(row["input_exact"])
    assert prices.price(row["model"], "scaleway").currency == "EUR"
    assert prices.cost(row["model"], "scaleway", 1_000_000, 0) == euros * Decimal(rate["usd_per_unit_exact"])
    without_rates = tmp_path / "no-rates.db"
    without_rates.write_bytes(db.read_bytes())
    with sqlite3.connect(without_rates) as connection:
        connection.execute("DELETE FROM fx_rates")
    with pytest.raises(ValueError, match="prices in EUR: no reference rate to USD on or before 2026-12-08"):
        Prices(f"sqlite:///{without_rates}", clock=lambda: NOW).cost(row["model"], "scaleway", 1_000_000, 0)


def test_the_ladder_is_the_one_jobs_ladder_prints(prices, db, capsys):
    assert ladder.main(["gpt-oss-120b", "--db", f"sqlite:///{db}", "--json"], clock=lambda: NOW) == 0
    printed = json.loads(capsys.readouterr().out)
    routes = prices.ladder("gpt-oss-120b")
    assert [(r.provider, r.model, r.tier, r.rank) for r in routes] == [
        (r["provider"], r["model"], r["tier"], r["rank"]) for r in printed["routes"]]
    assert [r.blended for r in routes] == [
        Decimal(r["blended"]) if r["blended"] is not None else None for r in printed["routes"]]
    assert routes[0].blended <= routes[1].blended and routes[0].researched_days_ago > 300 and routes[0].stale
    assert {r.tier for r in prices.ladder("gpt-oss-120b", tier="batch")} <= {"batch"}


def test_history_goes_into_a_dataframe_oldest_first(prices):
    frame = pd.DataFrame(prices.history(CHANGED, "openrouter"))
    assert list(frame["input"]) == [Decimal("0.12"), Decimal("0.15")]
    assert list(frame["input_status"]) == ["priced", "priced"] and pd.isna(frame["valid_to"].iloc[-1])
    assert frame["valid_from"].iloc[1] == SECOND


@pytest.mark.parametrize("call, message", [
    (lambda p: p.price("no-such-model", "openrouter"), "openrouter has no model 'no-such-model'"),
    (lambda p: p.price("claude-sonnet-4", "anthropic", tier="flex"), "no flex offering of claude-sonnet-4"),
    (lambda p: p.price(CHANGED, "openrouter", at="2025-01-01"), "did not list"),
    (lambda p: p.ladder("no-such-model"), "no canonical model 'no-such-model'"),
])
def test_what_is_not_there_is_a_clear_error(prices, call, message):
    with pytest.raises((NotFound, ConfigError), match=message):
        call(prices)


def test_a_bad_time_or_database_is_a_clear_error(prices, tmp_path):
    with pytest.raises(ValueError, match="'yesterday' is not an ISO 8601 time"):
        prices.price(CHANGED, "openrouter", at="yesterday")
    with pytest.raises(ConfigError, match="no database at"):
        Prices(f"sqlite:///{tmp_path / 'missing.db'}")
