"""A model's price ladder: exact blended prices, shared ranks, unpriced routes last and never free;
the price_ladder view and python -m jobs.ladder, on real captures and on hand-made OpenRouter listings."""

import hashlib
import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

import scrapers.openrouter as openrouter
from core.freshness import freshness
from core.ladder import DEFAULT_WEIGHTS, Route, blended, headline, ladder, parse_weights
from jobs.ladder import main
from jobs.models import main as models_main
from jobs.runner import refresh
from scrapers._replay import ReplayTransport
from storage.db import open_database
from tests.conftest import SMALL_CATALOGUE, query, write_capture
from tests.test_identity import CLOCK, MAPPING_FILE, expected_identities, replay_real_captures, url

NOW = datetime(2026, 8, 30, tzinfo=UTC)  # three days after the Fireworks and Cerebras captures
VERIFIED = datetime(2026, 8, 1, tzinfo=UTC)
UNPRICED = ("unknown", "not_offered", "variable")
VIEW_COLUMNS = ["canonical_model", "provider", "tier", "input_per_mtok", "cached_input_per_mtok", "output_per_mtok",
                "blended_per_mtok", "context_window", "last_verified_at", "rank", "model", "region",
                "researched_days_ago", "status_text", "stale", "input_status", "cached_input_status",
                "output_status", "context_window_status", "input_exact", "cached_input_exact", "output_exact",
                "offering_id", "currency", "usd_per_unit", "rate_date", "held_since", "held_reasons",
                "blended_exact"]


# --- the ranking, pure -------------------------------------------------------------------------

def route(provider: str, input: str, output: str, *, tier: str = "standard", region: str = "global",
          model: str = "m", name: str | None = None) -> Route:
    """A route whose input and output are amounts ("0.15", "0" for free) or a status without one."""
    def value(text: str) -> tuple[Decimal | None, str]:
        if text in UNPRICED:
            return None, text
        return Decimal(text), "free" if Decimal(text) == 0 else "priced"

    (i, i_status), (o, o_status) = value(input), value(output)
    return Route(provider, name or provider.title(), model, tier, region, i, None, o,
                 {"input": i_status, "cached_input": "unknown", "output": o_status}, None, VERIFIED,
                 freshness(VERIFIED, NOW))


def test_blended_is_exact_decimal_arithmetic():
    assert blended(route("a", "0.15", "0.6")) == Decimal("0.2625")
    assert str(blended(route("a", "0.15", "0.6"))) == "0.2625"
    assert blended(route("a", "0.15", "0.6"), (Decimal(1), Decimal(1))) == Decimal("0.375")
    # in floating point, (0.1 + 0.2) / 2 is 0.15000000000000002
    assert blended(route("a", "0.1", "0.2"), (Decimal(1), Decimal(1))) == Decimal("0.15")
    assert blended(route("a", "0.15", "0.6"), (Decimal("2.5"), Decimal("0.5"))) == Decimal("0.225")
    assert blended(route("a", "0", "0")) == 0
    assert DEFAULT_WEIGHTS == (Decimal(3), Decimal(1))


@pytest.mark.parametrize("input, output", [(s, "0.6") for s in UNPRICED] + [("0.15", s) for s in UNPRICED]
                         + [("0", s) for s in UNPRICED] + [(s, "0") for s in UNPRICED])
def test_a_route_without_both_amounts_has_no_blended_price(input, output):
    assert blended(route("a", input, output)) is None
    (rung,) = ladder([route("a", input, output)])
    assert (rung.rank, rung.blended) == (None, None)


def test_equal_prices_share_a_rank_even_when_floats_would_differ():
    """(3 x 0.1 + 0.5) / 4 and (3 x 0.2 + 0.2) / 4 are both 0.2; in floating point they are not equal."""
    rungs = ladder([route("e", "0.25", "0.7"), route("d", "0.2", "0.4"), route("c", "0.2", "0.2"),
                    route("b", "0.1", "0.5"), route("a", "0.3", "0.1")])
    assert [(r.route.provider, r.rank, r.blended) for r in rungs] == [
        ("b", 1, Decimal("0.2")), ("c", 1, Decimal("0.2")), ("a", 3, Decimal("0.25")), ("d", 3, Decimal("0.25")),
        ("e", 5, Decimal("0.3625"))]


def test_ties_are_listed_by_provider_tier_region_and_model():
    rungs = ladder([route("b", "1", "1"), route("a", "1", "1", tier="batch", region="eu"),
                    route("a", "1", "1", tier="batch", region="eu", model="a-0"), route("a", "1", "1", region="us"),
                    route("a", "1", "1", tier="batch")])
    assert [(r.route.provider, r.route.tier, r.route.region, r.route.model) for r in rungs] == [
        ("a", "batch", "eu", "a-0"), ("a", "batch", "eu", "m"), ("a", "batch", "global", "m"),
        ("a", "standard", "us", "m"), ("b", "standard", "global", "m")]
    assert {r.rank for r in rungs} == {1}


def test_free_ranks_first_and_unknown_or_not_offered_never_rank_as_free():
    rungs = ladder([route("f", "unknown", "unknown"), route("e", "not_offered", "not_offered"),
                    route("d", "0", "unknown"), route("c", "variable", "variable"), route("b", "0.5", "1"),
                    route("a", "0", "0")])
    assert [(r.route.provider, r.rank, r.blended) for r in rungs] == [
        ("a", 1, Decimal(0)), ("b", 2, Decimal("0.625")),
        ("c", None, None), ("d", None, None), ("e", None, None), ("f", None, None)]
    assert headline(rungs) == "Cheapest of 2 routes · A"


def test_the_weights_can_change_the_order():
    routes = [route("in-heavy", "0.15", "0.6"), route("out-heavy", "0.25", "0.3")]  # both 0.2625 at 3:1
    assert [(r.route.provider, r.rank) for r in ladder(routes)] == [("in-heavy", 1), ("out-heavy", 1)]
    one_to_one = ladder(routes, (Decimal(1), Decimal(1)))
    assert [(r.route.provider, r.rank, r.blended) for r in one_to_one] == [
        ("out-heavy", 1, Decimal("0.275")), ("in-heavy", 2, Decimal("0.375"))]


@pytest.mark.parametrize("routes, expected", [
    ([route("deepinfra", "0.1", "0.3", name="DeepInfra"), route("groq", "0.2", "0.3", name="Groq"),
      route("x", "unknown", "unknown", name="X")], "Cheapest of 2 routes · DeepInfra"),
    ([route("groq", "0.1", "0.3", name="Groq"), route("deepinfra", "0.1", "0.3", name="DeepInfra"),
      route("deepinfra", "0.1", "0.3", name="DeepInfra", tier="batch")], "Cheapest of 3 routes · DeepInfra / Groq"),
    ([route("groq", "0.1", "0.3", name="Groq")], "Cheapest of 1 route · Groq"),
    ([route("groq", "unknown", "unknown"), route("x", "0", "not_offered")],
     "No route with both an input and an output price (2 listed)"),
    ([], "No route with both an input and an output price (0 listed)"),
])
def test_headline(routes, expected):
    assert headline(ladder(routes)) == expected


@pytest.mark.parametrize("text, weights", [("3:1", (3, 1)), ("1:1", (1, 1)),
                                           ("1.5:0.5", (Decimal("1.5"), Decimal("0.5"))), (" 2 : 1 ", (2, 1))])
def test_parse_weights(text, weights):
    assert parse_weights(text) == weights
    assert all(isinstance(w, Decimal) for w in parse_weights(text))


@pytest.mark.parametrize("text", ["0:1", "1:0", "-1:1", "3", "3:1:1", "a:b", "", ":", "inf:1", "nan:1", "3/1"])
def test_parse_weights_rejects_what_is_not_two_positive_numbers(text):
    with pytest.raises(ValueError, match="is not an input:output weighting such as 3:1"):
        parse_weights(text)


# --- the real captures -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_db(tmp_path_factory) -> Path:
    return replay_real_captures(tmp_path_factory.mktemp("ladder") / "prices.db")


@pytest.fixture
def db_copy(real_db, tmp_path) -> Path:
    path = tmp_path / "prices.db"
    shutil.copyfile(real_db, path)
    return path


def run(capsys, db: Path, *args: str, clock=lambda: NOW) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([*args, "--db", url(db)], clock=clock)
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys, db: Path, *args: str, clock=lambda: NOW) -> dict:
    code, out, _ = run(capsys, db, *args, "--json", clock=clock)
    assert code == 0
    return json.loads(out)


def exact(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def expected_ladder(db: Path, canonical: str, weights=(Decimal(3), Decimal(1)), tiers=None, now=NOW,
                    stale_after=7) -> list[dict]:
    """Independently of jobs.ladder: the model's routes from current_prices and the mapping file."""
    identity = expected_identities(db)
    rows = [r for r in query(db, "SELECT * FROM current_prices WHERE model_kind = 'model'")
            if identity.get((r["provider"], r["model"]), ("",))[0] == canonical and (not tiers or r["tier"] in tiers)]

    def blend(row):
        if row["input_exact"] is None or row["output_exact"] is None:
            return None
        amount = weights[0] * Decimal(row["input_exact"]) + weights[1] * Decimal(row["output_exact"])
        return amount / (weights[0] + weights[1])

    priced = sorted((r for r in rows if blend(r) is not None),
                    key=lambda r: (blend(r), r["provider"], r["tier"], r["region"], r["model"]))
    ranks = []
    for index, row in enumerate(priced):
        ranks.append(index + 1 if index == 0 or blend(row) != blend(priced[index - 1]) else ranks[-1])
    unpriced = sorted((r for r in rows if blend(r) is None),
                      key=lambda r: (r["provider"], r["tier"], r["region"], r["model"]))
    result = []
    for rank, row in [*zip(ranks, priced, strict=True), *((None, r) for r in unpriced)]:
        verified = datetime.fromisoformat(row["last_verified_at"]).replace(tzinfo=UTC)
        days = max(0, (now - verified) // timedelta(days=1))
        result.append({"rank": rank, "provider": row["provider"], "model": row["model"], "tier": row["tier"],
                       "region": row["region"], "input": row["input_exact"], "cached_input": row["cached_input_exact"],
                       "output": row["output_exact"],
                       "statuses": {f: row[f"{f}_status"] for f in ("input", "cached_input", "output")},
                       "blended": exact(blend(row)), "currency": row["currency"], "exchange_rate": None,
                       "context_window": row["context_window"],
                       "last_verified_at": verified.isoformat(),
                       "researched": "Researched today" if days == 0 else f"Researched {days}d ago",
                       "stale": now - verified > timedelta(days=stale_after),
                       "held_since": row["held_since"] and datetime.fromisoformat(row["held_since"])
                       .replace(tzinfo=UTC).isoformat()})
    return result


GPT_OSS_120B = [  # rank, provider, provider model id, tier, blended at 3:1 (USD per 1M tokens)
    (1, "openrouter", "openai/gpt-oss-120b:free", "standard", "0"),
    (2, "openrouter", "openai/gpt-oss-120b", "standard", "0.04"),
    (3, "deepinfra", "openai/gpt-oss-120b", "standard", "0.07675"),
    (3, "openrouter", "openai/gpt-oss-120b:exacto", "standard", "0.07675"),
    (5, "fireworks", "gpt-oss-120b", "batch", "0.13125"),
    (6, "deepinfra", "openai/gpt-oss-120b-Turbo", "standard", "0.2625"),
    (6, "fireworks", "gpt-oss-120b", "standard", "0.2625"),
    (6, "groq", "openai/gpt-oss-120b", "standard", "0.2625"),
    (9, "fireworks", "gpt-oss-120b", "priority", "0.315"),
    (10, "cerebras", "gpt-oss-120b", "standard", "0.45"),
]


def summary(ladder_json: dict) -> list[tuple]:
    return [(r["rank"], r["provider"], r["model"], r["tier"], r["blended"]) for r in ladder_json["routes"]]


def test_the_gpt_oss_120b_ladder_is_every_current_route_the_mapping_names(real_db, capsys):
    result = as_json(capsys, real_db, "gpt-oss-120b")
    assert result["routes"] == expected_ladder(real_db, "gpt-oss-120b")
    assert summary(result) == GPT_OSS_120B
    assert result["headline"] == "Cheapest of 10 routes · OpenRouter"
    assert result["blend"] == "3:1"
    assert result["canonical_model"]["id"] == "gpt-oss-120b" and result["canonical_model"]["released"] == "2025-08-05"


def test_the_text_ladder(real_db, capsys):
    code, out, err = run(capsys, real_db, "gpt-oss-120b")
    assert code == 0 and not err
    lines = out.splitlines()
    assert lines[:4] == [
        "gpt-oss-120b (gpt-oss-120b) · gpt-oss · OpenAI · 117B parameters · open weights · released 2025-08-05",
        "Cheapest of 10 routes · OpenRouter",
        "blended = (3 x input + 1 x output) / 4, USD per 1M tokens", ""]
    assert lines[4].split() == ["#", "PROVIDER", "MODEL", "ID", "TIER", "INPUT", "CACHED", "IN", "OUTPUT", "BLENDED",
                                "CONTEXT", "FRESHNESS"]
    rows = [line.split() for line in lines[5:]]
    assert [(int(r[0]), r[-1] if r[-1] == "stale" else "fresh") for r in rows] == [
        (rank, "fresh" if provider in ("fireworks", "cerebras") else "stale") for rank, provider, *_ in GPT_OSS_120B]
    assert rows[0][:9] == ["1", "OpenRouter", "openai/gpt-oss-120b:free", "standard", "free", "unknown", "free",
                           "$0.00", "131,072"]
    fireworks_standard = next(r for r in rows if r[1:5] == ["Fireworks", "AI", "gpt-oss-120b", "standard"])
    assert fireworks_standard[5:10] == ["$0.15", "$0.015", "$0.60", "$0.2625", "unknown"]


def test_free_ranks_but_not_offered_and_unknown_routes_are_listed_last_unranked(real_db, capsys):
    oss20 = as_json(capsys, real_db, "gpt-oss-20b")
    assert oss20["routes"] == expected_ladder(real_db, "gpt-oss-20b")
    first, last = oss20["routes"][0], oss20["routes"][-1]
    assert (first["model"], first["rank"], first["blended"], first["statuses"]["input"]) == (
        "openai/gpt-oss-20b:free", 1, "0", "free")
    assert (last["provider"], last["tier"], last["rank"], last["blended"], last["input"],
            last["statuses"]["input"]) == ("fireworks", "priority", None, None, None, "not_offered")
    assert oss20["headline"] == f"Cheapest of {len(oss20['routes']) - 1} routes · OpenRouter"

    llama = as_json(capsys, real_db, "llama-3-3-70b-instruct")
    assert llama["routes"] == expected_ladder(real_db, "llama-3-3-70b-instruct")
    groq = llama["routes"][-1]
    assert (groq["provider"], groq["rank"], groq["blended"], groq["statuses"]["output"]) == (
        "groq", None, None, "unknown")
    code, out, _ = run(capsys, real_db, "llama-3-3-70b-instruct")
    groq_line = next(line for line in out.splitlines() if "llama-3.3-70b-versatile" in line)
    assert groq_line.split()[:8] == ["-", "Groq", "llama-3.3-70b-versatile", "standard", "unknown", "unknown",
                                     "unknown", "-"]
    code, out, _ = run(capsys, real_db, "gpt-oss-20b")
    priority_line = next(line for line in out.splitlines() if " priority " in line)
    assert priority_line.startswith("-  ") and priority_line.count("not offered") == 3


def test_the_view_ranks_every_models_routes_as_the_command_orders_them(real_db, capsys):
    with sqlite3.connect(real_db) as connection:
        connection.row_factory = sqlite3.Row
        cursor = connection.execute("SELECT * FROM price_ladder")
        assert [d[0] for d in cursor.description] == VIEW_COLUMNS
        view_rows = cursor.fetchall()
    models = sorted({r["canonical_model"] for r in view_rows})
    assert {"gpt-oss-120b", "gpt-oss-20b", "llama-3-3-70b-instruct", "kimi-k3"} <= set(models)
    for model in models:
        routes = as_json(capsys, real_db, model)["routes"]
        in_view = sorted((r for r in view_rows if r["canonical_model"] == model),
                         key=lambda r: (r["rank"] is None, r["rank"] or 0))
        assert [r["rank"] for r in in_view] == [r["rank"] for r in routes], model
        by_key = {(r["provider"], r["model"], r["tier"], r["region"]): r for r in in_view}
        assert len(by_key) == len(routes), model
        for command in routes:
            row = by_key[(command["provider"], command["model"], command["tier"], command["region"])]
            assert row["rank"] == command["rank"]
            assert (row["input_exact"], row["cached_input_exact"], row["output_exact"]) == (
                command["input"], command["cached_input"], command["output"])
            assert {f: row[f"{f}_status"] for f in command["statuses"]} == command["statuses"]
            assert row["context_window"] == command["context_window"]
            if command["blended"] is None:
                assert row["blended_per_mtok"] is None and row["blended_exact"] is None
            else:
                assert row["blended_per_mtok"] == pytest.approx(float(command["blended"]), rel=1e-12)
                assert row["blended_exact"] == command["blended"]  # exact: the very text the command prints


def test_stale_routes_are_marked_by_the_injected_clock_and_still_listed(real_db, capsys):
    result = as_json(capsys, real_db, "gpt-oss-120b")
    fresh = {(r["provider"], r["tier"]): (r["researched"], r["stale"]) for r in result["routes"]}
    assert fresh[("fireworks", "batch")] == ("Researched 3d ago", False)
    assert fresh[("cerebras", "standard")] == ("Researched 3d ago", False)
    assert fresh[("groq", "standard")] == ("Researched 90d ago", True)
    assert len(result["routes"]) == 10
    same_day = datetime(2026, 8, 27, 12, tzinfo=UTC)
    later = as_json(capsys, real_db, "gpt-oss-120b", clock=lambda: same_day)
    assert later["routes"] == expected_ladder(real_db, "gpt-oss-120b", now=same_day)
    today = [r for r in later["routes"] if r["provider"] in ("fireworks", "cerebras")]
    assert len(today) == 4 and {(r["researched"], r["stale"]) for r in today} == {("Researched today", False)}
    code, out, _ = run(capsys, real_db, "gpt-oss-120b")
    line = {tuple(line.split()[1:2]): line for line in out.splitlines() if line[:1].isdigit()}
    assert line[("Groq",)].endswith("Researched 90d ago · stale")
    assert line[("Cerebras",)].endswith("Researched 3d ago")


def test_the_stale_threshold_is_the_databases(db_copy, capsys):
    with sqlite3.connect(db_copy) as connection:
        connection.execute("UPDATE settings SET value = '100' WHERE key = 'stale_after_days'")
    result = as_json(capsys, db_copy, "gpt-oss-120b")
    assert result["routes"] == expected_ladder(db_copy, "gpt-oss-120b", stale_after=100)
    stale = {r["provider"]: r["stale"] for r in result["routes"] if r["tier"] == "standard"}
    assert (stale["groq"], stale["deepinfra"], stale["openrouter"]) == (False, True, True)  # 90, 134, 236 days


def test_tier_filters_the_routes_and_ranks_what_is_left(real_db, capsys):
    standard = as_json(capsys, real_db, "gpt-oss-120b", "--tier", "standard")
    assert standard["routes"] == expected_ladder(real_db, "gpt-oss-120b", tiers={"standard"})
    assert [r["rank"] for r in standard["routes"]] == [1, 2, 3, 3, 5, 5, 5, 8]
    assert standard["headline"] == "Cheapest of 8 routes · OpenRouter"
    fireworks = as_json(capsys, real_db, "gpt-oss-120b", "--tier", "priority", "--tier", "batch")
    assert summary(fireworks) == [(1, "fireworks", "gpt-oss-120b", "batch", "0.13125"),
                                  (2, "fireworks", "gpt-oss-120b", "priority", "0.315")]
    assert fireworks["headline"] == "Cheapest of 2 routes · Fireworks AI"


def test_a_tier_no_route_is_in_exits_1(real_db, capsys):
    code, out, err = run(capsys, real_db, "gpt-oss-120b", "--tier", "flex")
    assert code == 1 and err.startswith("note: gpt-oss-120b never had a flex route in this database")
    assert out.splitlines()[1] == "No current route (delisted routes stay in history)"
    code, out, _ = run(capsys, real_db, "gpt-oss-120b", "--tier", "flex", "--json")
    assert code == 1 and json.loads(out)["routes"] == []


def test_blend_1_1_changes_the_values_exactly(real_db, capsys):
    result = as_json(capsys, real_db, "gpt-oss-120b", "--blend", "1:1")
    assert result["blend"] == "1:1"
    assert result["routes"] == expected_ladder(real_db, "gpt-oss-120b", weights=(Decimal(1), Decimal(1)))
    assert [(r["rank"], r["blended"]) for r in result["routes"]] == [
        (1, "0"), (2, "0.06"), (3, "0.1145"), (3, "0.1145"), (5, "0.1875"), (6, "0.375"), (6, "0.375"), (6, "0.375"),
        (9, "0.45"), (10, "0.55")]
    _, out, _ = run(capsys, real_db, "gpt-oss-120b", "--blend", "1:1")
    assert "blended = (1 x input + 1 x output) / 2, USD per 1M tokens" in out
    assert as_json(capsys, real_db, "gpt-oss-120b", "--blend", "1.5:0.5")["blend"] == "1.5:0.5"


@pytest.mark.parametrize("blend", ["0:1", "3", "a:b", "-3:1"])
def test_a_bad_blend_exits_2(real_db, capsys, blend):
    code, out, err = run(capsys, real_db, "gpt-oss-120b", f"--blend={blend}")
    assert code == 2 and not out
    assert err.strip() == (f"error: --blend: {blend!r} is not an input:output weighting such as 3:1 "
                           "(each above 0, at most 1000000)")


def test_the_default_blend_is_the_databases_setting(db_copy, capsys):
    with sqlite3.connect(db_copy) as connection:
        connection.execute("UPDATE settings SET value = '1' WHERE key = 'blend_input_weight'")
    result = as_json(capsys, db_copy, "gpt-oss-120b")
    assert result["blend"] == "1:1"
    assert result["routes"] == expected_ladder(db_copy, "gpt-oss-120b", weights=(Decimal(1), Decimal(1)))
    view = {(r["provider"], r["model"], r["tier"]): (r["rank"], r["blended_per_mtok"])
            for r in query(db_copy, "SELECT * FROM price_ladder WHERE canonical_model = 'gpt-oss-120b'")}
    for r in result["routes"]:
        assert view[(r["provider"], r["model"], r["tier"])] == (r["rank"], pytest.approx(float(r["blended"])))



def test_the_exact_blend_follows_the_weights_setting_once_the_database_is_opened_for_writing(db_copy, capsys):
    exact = "SELECT provider, model, tier, blended_exact FROM price_ladder WHERE canonical_model = 'gpt-oss-120b'"
    with sqlite3.connect(db_copy) as connection:
        connection.execute("UPDATE settings SET value = '1' WHERE key = 'blend_input_weight'")
    assert {r["blended_exact"] for r in query(db_copy, exact)} == {None}  # computed with 3:1: not shown as 1:1
    open_database(f"sqlite:///{db_copy}")  # any command that writes: the blends are recomputed
    result = {(r["provider"], r["model"], r["tier"]): r["blended"] for r in as_json(capsys, db_copy, "gpt-oss-120b")
              ["routes"]}
    assert {(r["provider"], r["model"], r["tier"]): r["blended_exact"] for r in query(db_copy, exact)} == result
    assert "0.375" in result.values()  # Fireworks' standard route at 1:1: (0.15 + 0.6) / 2


def test_a_fractional_weight_setting_is_used_by_the_view_and_the_command_alike(db_copy, capsys):
    with sqlite3.connect(db_copy) as connection:
        connection.execute("UPDATE settings SET value = '1.5' WHERE key = 'blend_input_weight'")
    result = as_json(capsys, db_copy, "gpt-oss-120b")
    view = {(r["provider"], r["model"], r["tier"]): r["blended_per_mtok"]
            for r in query(db_copy, "SELECT * FROM price_ladder WHERE canonical_model = 'gpt-oss-120b'")}
    for r in result["routes"]:
        assert view[(r["provider"], r["model"], r["tier"])] == pytest.approx(float(r["blended"]))


def test_json_prices_are_exact_strings_never_floats(real_db, capsys):
    code, out, _ = run(capsys, real_db, "gpt-oss-120b", "--json")
    floats = []
    json.loads(out, parse_float=lambda text: floats.append(text))
    assert code == 0 and floats == []
    routes = {(r["provider"], r["model"], r["tier"]): r for r in json.loads(out)["routes"]}
    fireworks = routes[("fireworks", "gpt-oss-120b", "standard")]
    assert (fireworks["input"], fireworks["cached_input"], fireworks["output"], fireworks["blended"]) == (
        "0.15", "0.015", "0.6", "0.2625")
    assert fireworks["last_verified_at"] == "2026-08-26T15:33:16+00:00"
    assert fireworks["context_window"] is None and fireworks["statuses"]["cached_input"] == "priced"
    deepinfra = routes[("deepinfra", "openai/gpt-oss-120b", "standard")]
    assert (deepinfra["input"], deepinfra["output"], deepinfra["blended"], deepinfra["context_window"]) == (
        "0.039", "0.19", "0.07675", 131072)
    free = routes[("openrouter", "openai/gpt-oss-120b:free", "standard")]
    assert (free["input"], free["output"], free["blended"], free["statuses"]["input"]) == ("0", "0", "0", "free")


@pytest.mark.parametrize("name", ["gpt-oss-120b", "openai/gpt-oss-120b", "GPT-OSS-120B"])
def test_a_model_is_named_by_its_id_its_name_or_a_providers_id(real_db, capsys, name):
    assert as_json(capsys, real_db, name)["canonical_model"]["id"] == "gpt-oss-120b"


@pytest.mark.parametrize("name", ["Llama 3.3 70B Instruct", "llama 3.3 70b INSTRUCT", "llama-3.3-70b-versatile",
                                  "meta-llama/Llama-3.3-70B-Instruct-Turbo", "meta-llama/llama-3.3-70b-instruct:free"])
def test_llama_by_name_and_by_each_providers_id(real_db, capsys, name):
    assert as_json(capsys, real_db, name)["canonical_model"]["id"] == "llama-3-3-70b-instruct"


def test_an_unknown_model_exits_2_with_a_suggestion(real_db, capsys):
    code, out, err = run(capsys, real_db, "gpt-oss-12")
    assert code == 2 and not out
    assert err.startswith("error: no canonical model 'gpt-oss-12'; did you mean gpt-oss-120b")
    code, out, err = run(capsys, real_db, "zzzz-not-a-model")
    assert code == 2 and not out and err.startswith("error: no canonical model 'zzzz-not-a-model'")


@pytest.mark.parametrize("name, first", [("llama 3.3", "llama-3-3-70b-instruct"),
                                         ("Llama-3.3-70B", "llama-3-3-70b-instruct"),
                                         ("oss 120b gpt", "gpt-oss-120b"),  # its words, in another order
                                         ("gpt-os-120b", "gpt-oss-120b")])  # a typo
def test_an_unknown_name_suggests_the_models_it_probably_means_closest_first(real_db, capsys, name, first):
    code, _, err = run(capsys, real_db, name)
    assert code == 2 and err.split("did you mean ")[1].split(", ")[0].rstrip("?\n") == first


def test_a_provider_id_no_canonical_model_names_yet_is_said_to_be_one(real_db, capsys):
    (unmapped,) = query(real_db, "SELECT m.provider, m.model FROM models m LEFT JOIN model_identities i "
                        "ON i.model_id = m.id WHERE i.model_id IS NULL AND m.provider = 'deepinfra' "
                        "ORDER BY m.model LIMIT 1")
    code, out, err = run(capsys, real_db, unmapped["model"])
    assert code == 2 and not out
    assert (f"it is deepinfra's id of a model no canonical model names yet (python -m jobs.models unmatched "
            f"deepinfra)") in err


def test_a_name_like_nothing_says_so(real_db, capsys):
    code, _, err = run(capsys, real_db, "starcoder")
    assert code == 2 and err.strip() == (
        "error: no canonical model 'starcoder'; no model in this database is named like it (python -m jobs.models "
        "unmatched lists provider models that canonical/models.toml does not name)")


def test_a_tier_the_model_never_had_is_said_so(real_db, capsys):
    code, out, err = run(capsys, real_db, "gpt-oss-120b", "--tier", "off_peak")
    assert code == 1 and "No current route" in out
    assert err.startswith("note: gpt-oss-120b never had an off_peak route in this database (its routes are ")
    code, _, err = run(capsys, real_db, "gpt-oss-120b", "--tier", "batch")
    assert code == 0 and not err


def test_a_tier_whose_routes_are_all_delisted_is_said_to_have_none_now(db_copy, capsys):
    with sqlite3.connect(db_copy) as connection:
        connection.execute("UPDATE offerings SET delisted_at = last_verified_at WHERE tier = 'batch' AND model_id IN "
                           "(SELECT model_id FROM model_identities WHERE canonical_model = 'gpt-oss-120b')")
    code, _, err = run(capsys, db_copy, "gpt-oss-120b", "--tier", "batch")
    assert code == 1 and err.startswith("note: gpt-oss-120b has no batch route now; its past ones stay in price_history")


def test_an_unknown_models_suggestions_name_each_model_once(real_db, capsys):
    _, _, err = run(capsys, real_db, "gpt-oss-12")
    suggestions = err.strip().split("did you mean ")[1].rstrip("?").split(", ")
    assert len(suggestions) == len(set(suggestions))


def test_a_provider_id_of_two_canonical_models_is_ambiguous(db_copy, tmp_path, capsys):
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(MAPPING_FILE.read_text() + '\n[models.groq-oss]\nids = ["groq:openai/gpt-oss-120b"]\n')
    assert models_main(["apply", "--mapping", str(wrong), "--db", url(db_copy)]) == 0
    code, out, err = run(capsys, db_copy, "openai/gpt-oss-120b")
    assert code == 2 and not out
    assert err.startswith("error: 'openai/gpt-oss-120b' is a model id of several canonical models: ")
    assert "gpt-oss-120b" in err.split(": ")[-1] and "groq-oss" in err
    assert summary(as_json(capsys, db_copy, "groq-oss")) == [(1, "groq", "openai/gpt-oss-120b", "standard", "0.2625")]
    assert "groq" not in {r["provider"] for r in as_json(capsys, db_copy, "gpt-oss-120b")["routes"]}


def test_the_command_never_writes_to_the_database(real_db, capsys):
    def state():
        return hashlib.sha256(real_db.read_bytes()).hexdigest(), sorted(p.name for p in real_db.parent.iterdir())

    before = state()
    for args in (["gpt-oss-120b"], ["gpt-oss-120b", "--json", "--blend", "1:1"], ["gpt-oss-120b", "--tier", "flex"],
                 ["gpt-oss-12"], ["gpt-oss-120b", "--blend", "0:1"], ["openai/gpt-oss-120b", "--tier", "batch"]):
        run(capsys, real_db, *args)
    assert state() == before


def test_a_missing_database_exits_2_and_is_not_created(tmp_path, capsys):
    missing = tmp_path / "typo.db"
    code, _, err = run(capsys, missing, "gpt-oss-120b")
    assert code == 2 and err.startswith(f"error: no database at {missing}") and not missing.exists()


# --- hand-made OpenRouter listings: ties, unpriced routes, delisting ----------------------------

def offered(model_id: str, prompt: str | None = None, completion: str | None = None) -> dict:
    """One model of OpenRouter's listing; prices in USD per token, absent when not given."""
    pricing = {k: v for k, v in (("prompt", prompt), ("completion", completion)) if v is not None}
    return {"id": model_id, "name": f"Test {model_id}", "context_length": 131072, "pricing": pricing,
            "top_provider": {"context_length": 131072, "max_completion_tokens": 32768}}


LISTING = [
    offered("openai/gpt-oss-120b", "0.00000015", "0.0000006"),  # 0.15 / 0.60 per 1M: 0.2625 at 3:1, 0.375 at 1:1
    offered("openai/gpt-oss-120b:exacto", "0.00000025", "0.0000003"),  # 0.25 / 0.30: 0.2625 at 3:1, 0.275 at 1:1
    offered("openai/gpt-oss-120b:free", "0", "0"),
    offered("openai/gpt-oss-20b"),  # no prices: unknown
    offered("openai/gpt-oss-20b:free", "-1", "-1"),  # OpenRouter's "varies"
    offered("openai/gpt-oss-safeguard-20b", "0.000000075", "0.0000003"),
    offered("acme/in-no-rule", "0.000001", "0.000002"),
]
DELISTED = ("openai/gpt-oss-120b:exacto", "openai/gpt-oss-safeguard-20b")


def listing_capture(folder: Path, models: list[dict], fetched_at: str) -> Path:
    body = json.dumps({"data": models}).encode()
    return write_capture(folder, {openrouter.MODELS_URL: (body, "application/json", fetched_at)})


def replay_listing(engine, folder: Path, models: list[dict], fetched_at: str) -> None:
    capture = listing_capture(folder, models, fetched_at)
    report = refresh(openrouter, ReplayTransport(capture), engine, "replay", clock=CLOCK, guard=SMALL_CATALOGUE)
    assert report.status == "success", report.error


@pytest.fixture
def listed(tmp_path) -> Path:
    """A database of one hand-made OpenRouter listing (2026-11-01)."""
    path = tmp_path / "listed.db"
    replay_listing(open_database(url(path)), tmp_path / "first", LISTING, "2026-11-01T00:00:00Z")
    return path


HANDMADE_NOW = datetime(2026, 11, 3, tzinfo=UTC)


def test_equal_blends_share_a_rank_and_another_weighting_splits_them(listed, capsys):
    result = as_json(capsys, listed, "gpt-oss-120b", clock=lambda: HANDMADE_NOW)
    assert summary(result) == [(1, "openrouter", "openai/gpt-oss-120b:free", "standard", "0"),
                               (2, "openrouter", "openai/gpt-oss-120b", "standard", "0.2625"),
                               (2, "openrouter", "openai/gpt-oss-120b:exacto", "standard", "0.2625")]
    assert result["routes"] == expected_ladder(listed, "gpt-oss-120b", now=HANDMADE_NOW)
    one_to_one = as_json(capsys, listed, "gpt-oss-120b", "--blend", "1:1", clock=lambda: HANDMADE_NOW)
    assert summary(one_to_one) == [(1, "openrouter", "openai/gpt-oss-120b:free", "standard", "0"),
                                   (2, "openrouter", "openai/gpt-oss-120b:exacto", "standard", "0.275"),
                                   (3, "openrouter", "openai/gpt-oss-120b", "standard", "0.375")]
    assert {(r["researched"], r["stale"]) for r in one_to_one["routes"]} == {("Researched 2d ago", False)}


def test_the_view_gives_equal_exact_prices_the_same_rank(listed, capsys):
    view = {r["model"]: r["rank"] for r in query(listed, "SELECT model, rank FROM price_ladder "
                                                         "WHERE canonical_model = 'gpt-oss-120b'")}
    command = {r["model"]: r["rank"] for r in as_json(capsys, listed, "gpt-oss-120b")["routes"]}
    assert command == {"openai/gpt-oss-120b:free": 1, "openai/gpt-oss-120b": 2, "openai/gpt-oss-120b:exacto": 2}
    assert view == command


def test_routes_without_both_prices_are_listed_but_never_ranked(listed, capsys):
    result = as_json(capsys, listed, "gpt-oss-20b", clock=lambda: HANDMADE_NOW)
    assert [(r["model"], r["rank"], r["blended"], r["statuses"]["input"], r["statuses"]["output"])
            for r in result["routes"]] == [("openai/gpt-oss-20b", None, None, "unknown", "unknown"),
                                           ("openai/gpt-oss-20b:free", None, None, "variable", "variable")]
    assert result["headline"] == "No route with both an input and an output price (2 listed)"
    code, out, _ = run(capsys, listed, "gpt-oss-20b", clock=lambda: HANDMADE_NOW)
    assert code == 0
    rows = [line.split() for line in out.splitlines()[5:]]
    assert [r[:8] for r in rows] == [
        ["-", "OpenRouter", "openai/gpt-oss-20b", "standard", "unknown", "unknown", "unknown", "-"],
        ["-", "OpenRouter", "openai/gpt-oss-20b:free", "standard", "varies", "unknown", "varies", "-"]]
    view = query(listed, "SELECT rank, blended_per_mtok FROM price_ladder WHERE canonical_model = 'gpt-oss-20b'")
    assert [tuple(r) for r in view] == [(None, None), (None, None)]


def test_a_known_model_with_no_route_exits_1(listed, capsys):
    code, out, err = run(capsys, listed, "kimi-k3", clock=lambda: HANDMADE_NOW)
    assert code == 1 and not err
    assert out.splitlines()[:2] == ["Kimi K3 (kimi-k3) · Kimi · Moonshot AI",
                                    "No current route (delisted routes stay in history)"]


def test_a_delisted_route_leaves_the_ladder_and_stays_in_history(listed, tmp_path, capsys):
    replay_listing(open_database(url(listed)), tmp_path / "second",
                   [m for m in LISTING if m["id"] not in DELISTED], "2026-11-02T00:00:00Z")
    result = as_json(capsys, listed, "gpt-oss-120b", clock=lambda: HANDMADE_NOW)
    assert summary(result) == [(1, "openrouter", "openai/gpt-oss-120b:free", "standard", "0"),
                               (2, "openrouter", "openai/gpt-oss-120b", "standard", "0.2625")]
    assert result["headline"] == "Cheapest of 2 routes · OpenRouter"
    assert {r["researched"] for r in result["routes"]} == {"Researched 1d ago"}  # confirmed by the second run
    assert "openai/gpt-oss-120b:exacto" not in {r[0] for r in query(listed, "SELECT model FROM price_ladder")}
    history = query(listed, "SELECT input_exact, output_exact, valid_from, valid_to FROM price_history "
                            "WHERE model = 'openai/gpt-oss-120b:exacto'")
    assert [tuple(r) for r in history] == [("0.25", "0.3", "2026-11-01 00:00:00.000000", "2026-11-02 00:00:00.000000")]

    code, out, _ = run(capsys, listed, "gpt-oss-safeguard-20b", clock=lambda: HANDMADE_NOW)
    assert code == 1 and out.splitlines()[1] == "No current route (delisted routes stay in history)"
    code, out, _ = run(capsys, listed, "gpt-oss-safeguard-20b", "--json", clock=lambda: HANDMADE_NOW)
    assert code == 1 and json.loads(out)["routes"] == []


def test_a_zero_weight_setting_exits_2_naming_the_settings(db_copy, capsys):
    with sqlite3.connect(db_copy) as connection:
        connection.execute("UPDATE settings SET value = '0' WHERE key = 'blend_output_weight'")
    code, _, err = run(capsys, db_copy, "gpt-oss-120b")
    assert code == 2 and "blend_output_weight" in err and "'3:0'" in err


def test_a_database_from_before_canonical_models_exits_2_with_the_fix(db_copy, capsys):
    with sqlite3.connect(db_copy) as connection:
        connection.execute("DROP VIEW price_ladder")
        connection.execute("DROP TABLE model_identities")
        connection.execute("DROP TABLE canonical_models")
    code, _, err = run(capsys, db_copy, "gpt-oss-120b")
    assert code == 2 and "python -m jobs.models apply" in err


def test_json_states_open_weights_as_a_boolean(real_db, capsys):
    assert as_json(capsys, real_db, "gpt-oss-120b")["canonical_model"]["open_weights"] is True


def test_a_model_that_does_not_produce_text_is_listed_but_never_ranked_by_token_price(real_db, capsys):
    code, out, _ = run(capsys, real_db, "gemini-3-pro-image")  # modality = "image" in canonical/models.toml
    lines = out.splitlines()
    assert code == 0 and lines[1].startswith("Not ranked: it produces image")
    assert all(line.split()[0] == "-" for line in lines[5:]) and len(lines) > 5
    view = query(real_db, "SELECT rank, blended_per_mtok FROM price_ladder "
                          "WHERE canonical_model = 'gemini-3-pro-image'")
    assert view and all(row["rank"] is None and row["blended_per_mtok"] is None for row in view)
