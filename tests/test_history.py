"""Runs against a temporary database: intervals, verification, delisting, atomic failure, freshness views."""

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import select

import scrapers.fireworks as fireworks
import scrapers.openrouter as openrouter
from core.freshness import freshness
from jobs import runner
from jobs.runner import refresh
from scrapers._http import HttpTransport, make_client
from scrapers._replay import ReplayTransport
from storage.db import open_database, set_stale_after_days
from storage.tables import VersionRow
from tests.conftest import FIREWORKS_CAPTURE, HANDMADE, capture_dir, dump, query, small_catalogue, write_capture

OR_URL = openrouter.MODELS_URL
CLOCK = lambda: datetime(2026, 11, 27, 12, tzinfo=UTC)  # noqa: E731


def openrouter_capture(tmp_path: Path, name: str, fetched_at: str, edit=lambda models: models) -> Path:
    listing = json.loads((HANDMADE / "openrouter/models.json").read_text())
    listing["data"] = edit(listing["data"])
    return write_capture(tmp_path / name, {OR_URL: (json.dumps(listing).encode(), "application/json", fetched_at)})


def replay(engine, module, directory, dry_run=False):
    return refresh(module, ReplayTransport(directory), engine, f"replay of {directory}", dry_run, CLOCK,
                   guard=small_catalogue(module))


def set_price(model_id, key, value):
    def edit(models):
        for model in models:
            if model["id"] == model_id:
                model["pricing"][key] = value
        return models
    return edit


def without(model_id):
    return lambda models: [m for m in models if m["id"] != model_id]


@pytest.fixture
def engine(db_path):
    return open_database(f"sqlite:///{db_path}")


def test_history_rows_are_intervals_and_delisting_keeps_them(engine, db_path, tmp_path):
    dearer = set_price("deepseek/deepseek-r1", "prompt", "0.0000007")
    replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    replay(engine, openrouter, openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z",
                                                  lambda models: without("openrouter/auto")(dearer(models))))
    third = replay(engine, openrouter, openrouter_capture(tmp_path, "c", "2026-01-03T00:00:00Z", dearer))
    assert [o.key.model for o in third.diff.relisted] == ["openrouter/auto"]
    r1 = query(db_path, "SELECT input_per_mtok, valid_from, valid_to FROM price_history "
                        "WHERE model = 'deepseek/deepseek-r1' ORDER BY valid_from")
    assert [tuple(r) for r in r1] == [(0.3, "2026-01-01 00:00:00.000000", "2026-01-02 00:00:00.000000"),
                                      (0.7, "2026-01-02 00:00:00.000000", None)]
    auto = query(db_path, "SELECT valid_from, valid_to FROM price_history WHERE model = 'openrouter/auto' ORDER BY 1")
    assert [tuple(r) for r in auto] == [("2026-01-01 00:00:00.000000", "2026-01-02 00:00:00.000000"),
                                        ("2026-01-03 00:00:00.000000", None)]
    kinds = query(db_path, "SELECT kind, field FROM price_changes WHERE model = 'openrouter/auto' ORDER BY detected_at")
    assert [tuple(r) for r in kinds] == [("added", None), ("delisted", None), ("relisted", None)]


def test_an_unchanged_run_only_verifies_again(engine, db_path, tmp_path):
    replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    before = query(db_path, "SELECT COUNT(*) FROM price_history")[0][0]
    report = replay(engine, openrouter, openrouter_capture(tmp_path, "b", "2026-01-09T00:00:00Z"))
    assert len(report.diff.unchanged) == 4 and not report.diff.changed
    assert query(db_path, "SELECT COUNT(*) FROM price_history")[0][0] == before
    row = query(db_path, "SELECT last_verified_at, last_changed_at FROM current_prices WHERE model = 'openrouter/auto'")[0]
    assert tuple(row) == ("2026-01-09 00:00:00.000000", "2026-01-01 00:00:00.000000")
    run = query(db_path, "SELECT status, offerings, verified, changes FROM scrape_runs ORDER BY run_id DESC")[0]
    assert tuple(run) == ("success", 4, 4, 0)


def test_a_run_that_fails_halfway_changes_nothing(engine, db_path, tmp_path, monkeypatch):
    replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    before = dump(db_path, skip=("runs",))
    versions_before = query(db_path, "SELECT COUNT(*) FROM offering_versions")[0][0]

    def crash_after_the_writes(session, *args, **kwargs):
        # the new version and change rows are already written inside the open transaction
        assert session.exec(select(func.count()).select_from(VersionRow)).one() == versions_before + 1
        raise RuntimeError("disk full")
    monkeypatch.setattr(runner, "finish_run", crash_after_the_writes)
    report = replay(engine, openrouter, openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z",
                                                           set_price("deepseek/deepseek-r1", "prompt", "0.000001")))
    assert report.status == "failed" and report.error == "RuntimeError: disk full"
    assert dump(db_path, skip=("runs",)) == before
    run = query(db_path, "SELECT status, error FROM scrape_runs ORDER BY run_id DESC")[0]
    assert tuple(run) == ("failed", "RuntimeError: disk full")


def test_an_absurd_value_costs_only_its_offering_and_keeps_its_history(engine, db_path, tmp_path):
    replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    history = "SELECT * FROM price_history WHERE model = 'deepseek/deepseek-r1' ORDER BY valid_from"
    before = query(db_path, history)
    report = replay(engine, openrouter, openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z",
                                                           set_price("deepseek/deepseek-r1", "prompt", "0.5")))
    assert report.status == "partial"
    (part,) = report.unread
    assert "offering deepseek/deepseek-r1 [standard]: input = 500000" in part and "absurdly high" in part
    assert query(db_path, history) == before  # not applied, not delisted: its history as it was
    refreshed = {r["model"]: r["last_refreshed"][:10] for r in query(
        db_path, "SELECT model, last_refreshed FROM freshness WHERE provider = 'openrouter'")}
    assert refreshed.pop("deepseek/deepseek-r1") == "2026-01-01"  # unobserved: it keeps its age
    assert refreshed and set(refreshed.values()) == {"2026-01-02"}  # the rest is verified as usual


def test_absurd_values_everywhere_fail_the_run_and_keep_history(engine, db_path, tmp_path):
    replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    before = dump(db_path, skip=("runs",))

    def per_token_read_as_per_million(models):  # every price a million times too high
        for model in models:
            model["pricing"] = {key: "5" for key in model["pricing"]}
        return models
    report = replay(engine, openrouter, openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z",
                                                           per_token_read_as_per_million))
    assert report.status == "failed" and "nothing could be read" in report.error and "absurdly high" in report.error
    assert dump(db_path, skip=("runs",)) == before


def test_an_older_capture_after_a_newer_one_is_refused(engine, db_path, tmp_path):
    replay(engine, openrouter, openrouter_capture(tmp_path, "new", "2026-02-01T00:00:00Z"))
    before = dump(db_path, skip=("runs",))
    report = replay(engine, openrouter, openrouter_capture(tmp_path, "old", "2026-01-01T00:00:00Z"))
    assert report.status == "failed" and "replay captures oldest first" in report.error
    assert dump(db_path, skip=("runs",)) == before


def test_dry_run_reports_the_diff_and_writes_nothing(engine, db_path, tmp_path):
    replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    before = dump(db_path)
    report = replay(engine, openrouter, openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z", without("openrouter/auto")),
                    dry_run=True)
    assert report.status == "dry-run" and [s.key.model for s in report.diff.delisted] == ["openrouter/auto"]
    assert dump(db_path) == before


def test_views_compare_numerically_and_keep_exact_text(engine, db_path, tmp_path):
    replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    rows = query(db_path, "SELECT model, typeof(input_per_mtok) AS t, input_exact, input_status FROM current_prices "
                          "WHERE input_per_mtok < 1 ORDER BY input_per_mtok")
    assert [tuple(r) for r in rows] == [("deepseek/deepseek-r1:free", "real", "0", "free"),
                                        ("deepseek/deepseek-r1", "real", "0.3", "priced")]
    auto = query(db_path, "SELECT input_per_mtok, input_status FROM current_prices WHERE model = 'openrouter/auto'")[0]
    assert tuple(auto) == (None, "variable")


def test_freshness_views_agree_with_the_freshness_rules(engine, db_path, tmp_path):
    observed = datetime.now(UTC) - timedelta(days=16, hours=2)
    replay(engine, openrouter, openrouter_capture(tmp_path, "a", observed.strftime("%Y-%m-%dT%H:%M:%SZ")))
    expected = freshness(observed.replace(microsecond=0), datetime.now(UTC))
    row = query(db_path, "SELECT researched_days_ago, status_text, stale FROM freshness WHERE model = 'openrouter/auto'")[0]
    assert tuple(row) == (16, "Researched 16d ago", 1) == (expected.days_ago, expected.status_text, int(expected.stale))
    provider = query(db_path, "SELECT status_text, stale, failing, offerings FROM provider_freshness")[0]
    assert tuple(provider) == ("Researched 16d ago", 1, 0, 4)
    set_stale_after_days(engine, 30)
    assert query(db_path, "SELECT stale FROM freshness WHERE model = 'openrouter/auto'")[0][0] == 0


def test_a_failing_provider_is_visible_in_provider_freshness(engine, db_path, tmp_path):
    replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    replay(engine, openrouter, write_capture(tmp_path / "empty", {}))
    row = query(db_path, "SELECT failing, last_status, last_error, offerings FROM provider_freshness")[0]
    assert row["failing"] == 1 and row["last_status"] == "failed" and "is not in the capture" in row["last_error"]
    assert row["offerings"] == 4


def fireworks_capture(tmp_path, name, fetched_at, with_api):
    real = capture_dir(FIREWORKS_CAPTURE) / "pricing.html"
    responses = {fireworks.SOURCES[0].url: (real, "text/html; charset=utf-8", fetched_at)}
    if with_api:
        first = fireworks.SOURCES[1].first_url
        responses[first] = (HANDMADE / "fireworks/list_models_page1.json", "application/json", fetched_at)
        responses[str(httpx.URL(first).copy_set_param("pageToken", "page-2"))] = (
            HANDMADE / "fireworks/list_models_page2.json", "application/json", fetched_at)
    return write_capture(tmp_path / name, responses)


def test_fireworks_context_survives_a_run_without_the_listing(engine, db_path, tmp_path):
    replay(engine, fireworks, fireworks_capture(tmp_path, "a", "2026-08-26T15:33:16Z", with_api=True))
    without_api = replay(engine, fireworks, fireworks_capture(tmp_path, "b", "2026-08-27T00:00:00Z", with_api=False))
    assert not without_api.diff.changed and not without_api.diff.delisted
    rows = query(db_path, "SELECT model, tier, input_per_mtok, output_per_mtok, context_window, last_verified_at "
                          "FROM current_prices WHERE model IN ('starcoder-16b', 'kimi-k3') AND region = 'global' "
                          "ORDER BY model, tier")
    assert [tuple(r)[:5] for r in rows] == [
        ("kimi-k3", "batch", 1.5, 7.5, 262144), ("kimi-k3", "fast", 4.5, 22.5, None),
        ("kimi-k3", "priority", 3.75, 18.75, 262144), ("kimi-k3", "standard", 3.0, 15.0, 262144),
        ("starcoder-16b", "batch", 0.1, 0.1, 8192), ("starcoder-16b", "standard", 0.2, 0.2, 8192)]
    # the listing's models were not confirmed by a run that could not read the listing
    assert {r["model"]: r["last_verified_at"][:10] for r in rows} == {"kimi-k3": "2026-08-27", "starcoder-16b": "2026-08-26"}


def test_fireworks_live_path_with_key_pagination_and_real_page(engine, db_path):
    real = (capture_dir(FIREWORKS_CAPTURE) / "pricing.html").read_bytes()
    pages = [json.loads((HANDMADE / f"fireworks/list_models_page{n}.json").read_text()) for n in (1, 2)]

    def handler(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.host == "docs.fireworks.ai":
            return httpx.Response(200, headers={"content-type": "text/html; charset=utf-8"}, content=real)
        assert request.headers["authorization"] == "Bearer test-key"
        return httpx.Response(200, json=pages[1 if request.url.params.get("pageToken") else 0])
    client = make_client(transport=httpx.MockTransport(handler))
    live = HttpTransport(client, env={"FIREWORKS_API_KEY": "test-key"}, clock=CLOCK, sleep=lambda _: None)
    report = refresh(fireworks, live, engine, "live", clock=CLOCK)
    assert report.status == "success" and report.observed_at == CLOCK()
    starcoder = query(db_path, "SELECT input_per_mtok, output_per_mtok, context_window, provenance "
                               "FROM current_prices WHERE model = 'starcoder-16b' AND tier = 'standard'")[0]
    assert tuple(starcoder)[:3] == (0.2, 0.2, 8192)
    provenance = json.loads(starcoder["provenance"])
    assert provenance["input"]["method"] == "derived" and "4B – 16B" in provenance["input"]["rule"]
    assert provenance["context_window"]["source"] == fireworks.SOURCES[1].url


def test_a_capture_claiming_to_come_from_the_future_is_refused(engine, db_path, tmp_path):
    report = replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2036-01-01T00:00:00Z"))
    assert report.status == "failed" and "in the future" in report.error
    assert query(db_path, "SELECT COUNT(*) FROM offerings")[0][0] == 0


def test_capture_times_with_an_offset_are_stored_in_utc(engine, db_path, tmp_path):
    report = replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2026-01-05T01:11:19+01:00"))
    assert report.observed_at == datetime(2026, 1, 5, 0, 11, 19, tzinfo=UTC)
    assert query(db_path, "SELECT observed_at FROM scrape_runs")[0][0] == "2026-01-05 00:11:19.000000"


def test_same_value_read_differently_updates_provenance_not_history(engine, db_path, tmp_path):
    replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    report = replay(engine, openrouter, openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z",
                                                           set_price("deepseek/deepseek-r1", "prompt", "0.00000030")))
    assert not report.diff.changed
    rows = query(db_path, "SELECT json_extract(provenance, '$.input.raw') FROM price_history "
                          "WHERE model = 'deepseek/deepseek-r1'")
    assert [r[0] for r in rows] == ["0.00000030"]


def test_outdated_views_are_rebuilt_when_the_database_is_opened(db_path):
    open_database(f"sqlite:///{db_path}")
    with sqlite3.connect(db_path) as connection:
        connection.execute("DROP VIEW provider_freshness")
        connection.execute("CREATE VIEW provider_freshness AS SELECT 1 AS an_old_column")
        connection.execute("UPDATE settings SET value = 'older' WHERE key = 'views_fingerprint'")
    open_database(f"sqlite:///{db_path}")
    with sqlite3.connect(db_path) as connection:
        columns = [d[0] for d in connection.execute("SELECT * FROM provider_freshness").description]
    assert "an_old_column" not in columns and "last_changed_at" in columns


def test_a_relisted_offering_records_what_differs_from_its_values_at_delisting(engine, db_path, tmp_path):
    replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    replay(engine, openrouter, openrouter_capture(tmp_path, "b", "2026-01-02T00:00:00Z", without("deepseek/deepseek-r1")))
    back_dearer = set_price("deepseek/deepseek-r1", "prompt", "0.0000007")
    replay(engine, openrouter, openrouter_capture(tmp_path, "c", "2026-01-03T00:00:00Z", back_dearer))
    events = query(db_path, "SELECT kind, field, old_exact, new_exact, detected_at FROM price_changes "
                            "WHERE model = 'deepseek/deepseek-r1' AND kind != 'added' "
                            "ORDER BY detected_at, kind = 'changed'")
    assert [tuple(r) for r in events] == [
        ("delisted", None, None, None, "2026-01-02 00:00:00.000000"),
        ("relisted", None, None, None, "2026-01-03 00:00:00.000000"),
        ("changed", "input", "0.3", "0.7", "2026-01-03 00:00:00.000000")]


def test_a_different_capture_at_the_moment_already_stored_is_refused(engine, db_path, tmp_path):
    replay(engine, openrouter, openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z"))
    again = replay(engine, openrouter, openrouter_capture(tmp_path, "same", "2026-01-01T00:00:00Z"))
    assert again.status == "success"  # the same data at the same moment only verifies
    before = dump(db_path, skip=("runs",))
    other = replay(engine, openrouter, openrouter_capture(tmp_path, "b", "2026-01-01T00:00:00Z",
                                                          set_price("deepseek/deepseek-r1", "prompt", "0.0000007")))
    assert other.status == "failed" and "two different captures cannot both be that moment" in other.error
    assert dump(db_path, skip=("runs",)) == before
    zero_length = query(db_path, "SELECT COUNT(*) FROM price_history WHERE valid_from = valid_to")
    assert zero_length[0][0] == 0
