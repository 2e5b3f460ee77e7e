"""Cross-checks against public price lists: list parsing, matching, dated comparison, the command.

Small hand-made data (inline) checks the comparison logic; the real lists in
../shared/fixtures/crosscheck and a database replayed from the real Fireworks capture check
the command end to end, and that it never writes to the database.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from core.crosscheck import (
    AFTER,
    BEFORE,
    COVERED,
    ListEntry,
    OurOffering,
    OurVersion,
    PublicList,
    Quote,
    Target,
    as_of,
    compare_list,
    corroborate,
    row_slug,
)
from core.offering import OfferingKey
from core.public_lists import (
    ListError,
    Written,
    ai_pricelog,
    genai_prices,
    list_day,
    litellm,
    models_dev,
    quote_usd,
)
from core.public_lists.fireworks_ids import fireworks_target
from core.values import limit, not_offered, price, unknown
from jobs import crosscheck
from storage.db import open_database
from tests.conftest import FIREWORKS_CAPTURE, SHARED, capture_dir, run_refresh, unavailable

D = Decimal


def lists_dir() -> Path:
    """The real public lists; skipped when absent, a failure under CI=true (as capture_dir)."""
    path = SHARED / "crosscheck"
    if not path.is_dir() or not any(path.glob("*fireworks*")):
        unavailable(f"public lists {path} are missing (set PRICES_FIXTURES_DIR to the shared fixtures folder)")
    return path


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def prices(inp: str, cached: str | None, out: str, context: int | None = None) -> dict:
    return {"input": price(D(inp)), "cached_input": price(D(cached)) if cached else unknown(),
            "output": price(D(out)), "context_window": limit(context) if context else unknown(unit="tokens")}


def offering(model: str, tier: str = "standard", region: str = "global", row: str | None = None,
             versions: tuple = (), verified: str = "2026-08-26", delisted: str | None = None) -> OurOffering:
    """An offering of ours; versions: (valid_from, valid_to or None, values) oldest first."""
    return OurOffering(OfferingKey(model, tier, region), row,
                       tuple(OurVersion(at(a), at(b) if b else None, v) for a, b, v in versions),
                       at(verified), at(delisted) if delisted else None)


def entry(key: str, day: str, targets: tuple[Target, ...] | None = None, removed: bool = False,
          **quotes: str | int) -> ListEntry:
    q = {f: Quote(v, str(v)) if isinstance(v, int) else Quote(D(v), v) for f, v in quotes.items()}
    return ListEntry(key, targets if targets is not None else (Target("offering", key),), date.fromisoformat(day), q,
                     removed=removed)


def one_list(*entries: ListEntry, name: str = "L", file: str = "l.json") -> PublicList:
    return PublicList(name, file, None, entries)


K3 = offering("kimi-k3", row="Kimi K3", versions=(("2026-08-26", None, prices("3.00", "0.30", "15.00")),))


# --- reading the lists' numbers and ids -------------------------------------------------

def test_per_token_prices_become_exact_per_million_and_only_float_noise_is_rounded():
    assert quote_usd(Written("1.5e-07"), per_token=True) == Quote(D("0.15"), "1.5e-07 USD per token")
    noisy = quote_usd(Written("2.5999999999999996e-06"), per_token=True)
    assert noisy.amount == D("2.6") and noisy.rounded and noisy.raw == "2.5999999999999996e-06 USD per token"
    # a price finer than 1e-6 USD/1M is a price, not noise: every digit stays
    assert quote_usd(D("1.3E-13"), per_token=True).amount == D("0.00000013")
    assert quote_usd(D("1.234567891E-6"), per_token=True).amount == D("1.234567891")
    assert quote_usd(D("0.0"), per_token=True).amount == 0 and quote_usd(D("0.014")).amount == D("0.014")


def test_a_list_date_comes_from_its_file_name():
    assert list_day("litellm_fireworks_excerpt_2026-02-20.json") == date(2026, 2, 20)
    assert list_day("ai-pricelog_fireworks_history.ndjson") is None


def test_fireworks_ids_name_models_and_only_the_stated_router_variants():
    assert fireworks_target("accounts/fireworks/models/kimi-k3") == Target("offering", "kimi-k3")
    assert fireworks_target("accounts/fireworks/routers/kimi-k3-fast") == Target("offering", "kimi-k3", "fast")
    assert fireworks_target("accounts/fireworks/routers/kimi-k3-us") == Target("offering", "kimi-k3", "standard", "us")
    assert fireworks_target("accounts/fireworks/routers/glm-5p2-fast-us") == Target("offering", "glm-5p2", "fast", "us")
    for other in ("accounts/fireworks/routers/kimi-k2p6-turbo", "accounts/fireworks/models/", "WhereIsAI/UAE-Large-V1",
                  "accounts/fireworks/models/a/b", "accounts/fireworks/routers/-fast"):
        assert fireworks_target(other) is None, other


def test_row_slugs_are_ai_pricelog_ids():
    assert row_slug("DeepSeek V4 Flash (0731)") == "deepseek-v4-flash-0731"
    assert row_slug("NVIDIA Nemotron 3.5 Lightning 30B A3B") == "nvidia-nemotron-3.5-lightning-30b-a3b"
    assert row_slug("GLM 5.2 Fast US") == "glm-5.2-fast-us"


def test_litellm_keys_prices_and_limits():
    data = {"data": {
        "fireworks_ai/accounts/fireworks/models/gpt-oss-20b": {"input_cost_per_token": 5e-08,
                                                               "output_cost_per_token": 2e-07,
                                                               "max_input_tokens": 131072},
        "fireworks_ai/glm-4p7": {"cache_read_input_token_cost": 3e-07},
        "fireworks-ai-up-to-4b": {"input_cost_per_token": 2e-07},
        "fireworks-ai-default": {"input_cost_per_token": 0.0},
        "openrouter/fireworks/firellava-13b": {"input_cost_per_token": 2e-07}}}
    plist = litellm.parse("litellm_x_2026-02-20.json", json.dumps(data), date(2026, 2, 20))
    by_key = {e.key: e for e in plist.entries}
    oss = by_key["fireworks_ai/accounts/fireworks/models/gpt-oss-20b"]
    assert oss.targets == (Target("offering", "gpt-oss-20b"),) and oss.day == date(2026, 2, 20)
    assert {f: q.amount for f, q in oss.quotes.items()} == {"input": D("0.05"), "output": D("0.2"),
                                                           "context_window": 131072}
    assert by_key["fireworks_ai/glm-4p7"].quotes["cached_input"].amount == D("0.3")
    assert by_key["fireworks-ai-up-to-4b"].targets == (Target("offering", "size-tier/less-than-4b-parameters"),)
    assert by_key["fireworks-ai-default"].targets == by_key["openrouter/fireworks/firellava-13b"].targets == ()


def test_genai_prices_exact_matches_checked_dates_and_tiered_prices_set_aside():
    data = {"models": [
        {"id": "deepseek-v4-flash", "match": {"or": [{"equals": "accounts/fireworks/models/deepseek-v4-flash"},
                                                     {"starts_with": "accounts/fireworks/models/deepseek"},
                                                     {"equals": "accounts/fireworks/routers/glm-5p2-fast-us"}]},
         "context_window": 1040000, "prices_checked": "2026-08-04",
         "prices": {"input_mtok": 0.14, "cache_read_mtok": 0.028, "output_mtok": {"base": 1, "tiers": []}}}]}
    plist = genai_prices.parse("genai-prices_x_2026-08-21.json", json.dumps(data), date(2026, 8, 21))
    (only,) = plist.entries
    assert only.targets == (Target("offering", "deepseek-v4-flash"), Target("offering", "glm-5p2", "fast", "us"))
    assert only.checked == ("checked", date(2026, 8, 4)) and only.day == date(2026, 8, 21)
    assert set(only.quotes) == {"input", "cached_input", "context_window"}
    assert plist.notes == ("deepseek-v4-flash: output_mtok is tiered, not compared",)


def test_models_dev_files_by_path_and_provider_file_skipped():
    data = {"files": {"providers/fireworks-ai/provider.toml": {"name": "Fireworks AI"},
                      "providers/fireworks-ai/models/accounts/fireworks/routers/kimi-k2p6-fast.toml": {
                          "last_updated": "2026-06-05", "cost": {"input": 2.0, "cache_read": 0.3, "output": 8.0},
                          "limit": {"context": 262000, "output": 262000}}}}
    (only,) = models_dev.parse("models.dev_x_2026-07-02.json", json.dumps(data), date(2026, 7, 2)).entries
    assert only.key == "accounts/fireworks/routers/kimi-k2p6-fast"
    assert only.targets == (Target("offering", "kimi-k2p6", "fast"),) and only.checked == ("updated", date(2026, 6, 5))
    assert only.quotes["max_output_tokens"].amount == 262000 and only.quotes["cached_input"].amount == D("0.3")


def test_ai_pricelog_records_are_dated_each_and_removals_carry_no_prices():
    lines = ['{"schema":4,"source":"fireworks","model_id":"glm-5.2","observed_at":"2026-08-29",'
             '"rates":{"input":1.4,"output":4.4,"cache_read":0.14}}', "",
             '{"schema":4,"source":"fireworks","model_id":"glm-5.2","observed_at":"2026-08-30","removed":true,'
             '"rates":{"input":1.4,"output":4.4,"cache_read":0.14}}']
    plist = ai_pricelog.parse("ai-pricelog_fireworks_history.ndjson", "\n".join(lines), None)
    seen, gone = plist.entries
    assert plist.day is None and (seen.day, gone.day) == (date(2026, 8, 29), date(2026, 8, 30))
    assert seen.targets == (Target("row", "glm-5.2"),) and seen.quotes["cached_input"].amount == D("0.14")
    assert gone.removed and gone.quotes == {}


@pytest.mark.parametrize(("module", "body", "message"), [
    (litellm, '{"data": {"fireworks-ai-up-to-4b": {"input_cost_per_token": "2e-07"}}}', "is not a number"),
    (litellm, "[1, 2]", "expected a dated LiteLLM excerpt"),
    (models_dev, '{"files": {"providers/fireworks-ai/models/a.toml": {"limit": {"context": 1.5}}}}',
     "not a whole number"),
    (ai_pricelog, '{"schema": 3, "model_id": "x", "observed_at": "2026-08-29"}', "schema 4"),
    (ai_pricelog, '{"schema": 4, "model_id": "x", "observed_at": "soon"}', "observed_at is not a date"),
    (genai_prices, "{not json", "not valid JSON"),
])
def test_a_malformed_list_is_a_list_error_naming_what(module, body, message):
    with pytest.raises(ListError, match=message):
        module.parse("f_2026-01-01.json", body, date(2026, 1, 1))


# --- our value as of their date ------------------------------------------------------------

def test_our_value_is_taken_as_of_their_date_or_from_the_nearest_observation():
    changed = offering("m", versions=(("2026-03-01", "2026-05-01", prices("1", None, "2")),
                                      ("2026-05-01", None, prices("1.5", None, "3"))), verified="2026-06-01")
    assert as_of(changed, date(2026, 2, 1))[1:] == (date(2026, 3, 1), BEFORE)
    version, day, basis = as_of(changed, date(2026, 4, 30))
    assert (version.values["input"].amount, day, basis) == (D("1"), date(2026, 3, 1), COVERED)
    version, day, basis = as_of(changed, date(2026, 5, 1))
    assert (version.values["input"].amount, day, basis) == (D("1.5"), date(2026, 5, 1), COVERED)
    assert as_of(changed, date(2026, 6, 1))[2] == COVERED
    version, day, basis = as_of(changed, date(2026, 6, 2))
    assert (version.values["input"].amount, day, basis) == (D("1.5"), date(2026, 6, 1), AFTER)


# --- comparing ------------------------------------------------------------------------------

def test_each_stated_field_is_compared_and_unknown_ours_is_not_a_disagreement():
    report = compare_list(one_list(entry("kimi-k3", "2026-08-21", input="3.0", cached_input="0.30", output="16",
                                         context_window=1040000)), [K3])
    kinds = {f.field: f.kind for f in report.findings}
    assert kinds == {"input": "same", "cached_input": "same", "output": "differs", "context_window": "ours_unknown"}
    output = next(f for f in report.findings if f.field == "output")
    assert (output.ours.amount, output.our_day, output.theirs.amount, output.their_day) == (
        D("15.00"), date(2026, 8, 26), D("16"), date(2026, 8, 21))
    assert output.hints == ("their date precedes our first observation",)
    assert report.matched == 1 and report.unmatched == ()


def test_entries_naming_nothing_of_ours_are_listed_never_guessed():
    report = compare_list(one_list(entry("kimi-k3-turbo", "2026-08-21", input="3"),
                                   entry("kimi-k3", "2026-08-21", targets=(), input="3"),
                                   entry("kimi-k3-turbo", "2026-08-22", input="3")), [K3])
    assert report.findings == () and report.unmatched == ("kimi-k3-turbo", "kimi-k3") and report.matched == 0


def test_one_entry_can_name_several_offerings_and_rows_match_by_label():
    fast = offering("glm-5p2", "fast", row="GLM 5.2 Fast",
                    versions=(("2026-08-26", None, prices("2.1", "0.21", "6.6")),))
    fast_us = offering("glm-5p2", "fast", "us", row="GLM 5.2 Fast US",
                       versions=(("2026-08-26", None, prices("2.1", "0.21", "6.6")),))
    both = entry("glm-5p2-fast", "2026-08-21", targets=(Target("offering", "glm-5p2", "fast"),
                                                        Target("offering", "glm-5p2", "fast", "us")), input="2.1")
    by_row = entry("glm-5.2-fast-us", "2026-08-29", targets=(Target("row", "glm-5.2-fast-us"),), output="6.6")
    report = compare_list(one_list(both, by_row), [fast, fast_us])
    assert [(str(f.offering), f.field, f.kind, f.basis) for f in report.findings] == [
        ("glm-5p2 [fast]", "input", "same", BEFORE), ("glm-5p2 [fast, us]", "input", "same", BEFORE),
        ("glm-5p2 [fast, us]", "output", "same", AFTER)]


def test_a_real_change_in_our_history_and_another_tier_are_hinted():
    m = offering("m", versions=(("2026-03-01", "2026-05-01", prices("1", None, "2")),
                                ("2026-05-01", None, prices("1.5", None, "3"))), verified="2026-06-01")
    priority = offering("m", "priority", versions=(("2026-03-01", None, prices("1.25", None, "2.5")),),
                        verified="2026-06-01")
    report = compare_list(one_list(entry("m", "2026-05-20", input="1", output="2.5")), [m, priority])
    hints = {f.field: f.hints for f in report.findings}
    assert hints["input"] == ("equals our value from 2026-03-01 to 2026-05-01",)
    assert hints["output"] == ("same value as our priority",)


def test_zero_for_a_price_we_record_as_not_offered_is_reported_with_why():
    embedding = offering("embedding-tier/up-to-150m", versions=(
        ("2026-08-26", None, {"input": price(D("0.008")), "output": not_offered()}),))
    (finding,) = [f for f in compare_list(one_list(entry("embedding-tier/up-to-150m", "2026-02-20", output="0.0")),
                                          [embedding]).findings]
    assert finding.kind == "ours_not_offered"
    assert "they write 0 where the source says there is no such price" in finding.hints


def test_a_removal_after_our_last_observation_is_reported_and_one_we_saw_is_not():
    listed = offering("a", row="A", versions=(("2026-08-26", None, prices("1", None, "2")),))
    gone = offering("b", row="B", versions=(("2026-08-20", "2026-08-26", prices("1", None, "2")),),
                    verified="2026-08-25", delisted="2026-08-26")
    report = compare_list(one_list(entry("a", "2026-08-30", targets=(Target("row", "a"),), removed=True),
                                   entry("b", "2026-08-30", targets=(Target("row", "b"),), removed=True)),
                          [listed, gone])
    assert [(f.offering.model, f.field, f.kind, f.hints) for f in report.findings] == [
        ("a", "listed", "removed", ("their date follows our last observation",)), ("b", "listed", "same", ())]


def test_other_lists_are_named_as_agreeing_with_us_or_with_them_but_a_list_never_backs_itself():
    dated = [entry("kimi-k3", "2026-07-02", cached_input="0.26"), entry("kimi-k3", "2026-08-29", cached_input="0.30")]
    reports = corroborate([
        compare_list(one_list(dated[0], name="models.dev", file="md.json"), [K3]),
        compare_list(one_list(dated[1], name="ai-pricelog", file="ap.ndjson"), [K3]),
        compare_list(one_list(entry("kimi-k3", "2026-08-21", cached_input="0.26"),
                              entry("kimi-k3", "2026-08-22", cached_input="0.26"), name="genai", file="g.json"), [K3])])
    (finding,) = reports[0].findings
    assert finding.hints == ("their date precedes our first observation", "agrees with us: ai-pricelog 2026-08-29",
                             "agrees with them: genai 2026-08-21, genai 2026-08-22")
    assert reports[1].findings[0].hints == ()  # an agreement needs no explanation
    assert "genai" not in " ".join(reports[2].findings[0].hints)


# --- the command, on the real lists and a database replayed from the real capture ----------

@pytest.fixture(scope="module")
def fireworks_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crosscheck") / "prices.db"
    result = run_refresh("fireworks", "--replay", str(capture_dir(FIREWORKS_CAPTURE)), "--db", f"sqlite:///{path}")
    assert result.returncode == 0, result.stderr
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = crosscheck.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_real_list_parses_with_its_dates():
    lists, skipped = crosscheck.read_lists(lists_dir(), "fireworks")
    assert skipped == []
    by_file = {p.file: p for p in lists}
    assert {p.name for p in lists} == {"LiteLLM", "genai-prices", "models.dev", "ai-pricelog"}
    for plist in lists:
        assert plist.entries, plist.file
        assert all(e.day == plist.day for e in plist.entries) or plist.day is None
    for name in ("litellm_fireworks_excerpt_2025-12-29.json", "litellm_fireworks_excerpt_2026-02-20.json"):
        excerpt = json.loads((lists_dir() / name).read_text())["_excerpt_of"]
        assert len(by_file[name].entries) == excerpt["entries"]  # every entry read, none dropped
    pricelog = by_file["ai-pricelog_fireworks_history.ndjson"]
    assert min(e.day for e in pricelog.entries) == date(2026, 8, 29) and sum(e.removed for e in pricelog.entries) == 6


def test_report_on_the_real_capture_names_the_known_disagreements(fireworks_db, capsys):
    code, out, err = run(capsys, "fireworks", "--db", f"sqlite:///{fireworks_db}", "--lists", str(lists_dir()),
                         "--format", "json")
    assert code == 0 and err == ""
    report = {(p["file"], d["model"], d["tier"], d["region"], d["field"]): d
              for p in json.loads(out)["lists"] for d in p["disagreements"]}
    oss = report[("litellm_fireworks_excerpt_2025-12-29.json", "gpt-oss-20b", "standard", "global", "input")]
    assert (oss["ours"]["value"], oss["ours"]["date"], oss["theirs"]["value"], oss["theirs"]["date"]) == (
        "0.07", "2026-08-26", "0.05", "2025-12-29")
    assert oss["theirs"]["raw"] == "5e-08 USD per token"  # as the list writes it
    glm = report[("models.dev_fireworks-ai_2026-07-02.json", "glm-5p2", "standard", "global", "cached_input")]
    assert (glm["ours"]["value"], glm["theirs"]["value"]) == ("0.14", "0.26")
    assert "agrees with us: ai-pricelog 2026-08-29, genai-prices 2026-08-21" in glm["hints"]
    small = report[("litellm_fireworks_excerpt_2026-02-20.json", "size-tier/less-than-4b-parameters", "standard",
                    "global", "input")]
    assert (small["ours"]["value"], small["theirs"]["value"]) == ("0.1", "0.2")
    flash = report[("genai-prices_fireworks_2026-08-21.json", "deepseek-v4-flash-0731", "standard", "global",
                    "output")]
    assert flash["matched_by"] == "accounts/fireworks/models/deepseek-v4-flash-0731"


def test_ai_pricelog_agrees_with_every_price_we_read(fireworks_db, capsys):
    code, out, _ = run(capsys, "fireworks", "--db", f"sqlite:///{fireworks_db}", "--lists", str(lists_dir()),
                       "--format", "json")
    (pricelog,) = [p for p in json.loads(out)["lists"] if p["name"] == "ai-pricelog"]
    assert code == 0 and pricelog["counts"] == {"removed": 5, "same": 66}
    assert sorted(pricelog["not_in_our_data"]["names"]) == ["deepseek-v4-flash-vision-exp", "deepseek-v4.1-flash",
                                                            "glm-5.3", "glm-5.3-fast", "glm-5.3-flash"]


def test_the_table_shows_ours_and_theirs_with_dates_and_unknowns_apart(fireworks_db, capsys):
    code, out, _ = run(capsys, "fireworks", "--db", f"sqlite:///{fireworks_db}", "--lists", str(lists_dir()))
    assert code == 0
    line = next(x for x in out.splitlines() if "gpt-oss-120b [standard]" in x and "cached_input" in x)
    assert "$0.015 (first seen 2026-08-26)" in line and "$0.014 (2026-08-21, checked 2026-08-04)" in line
    assert "ours unknown (they state a value, we have none):" in out
    assert "not in our data (262):" in out and "    fireworks_ai/thenlper/ gte-base, gte-large" in out


def test_the_database_is_byte_for_byte_unchanged_and_cannot_be_written(fireworks_db, tmp_path, capsys):
    copy = tmp_path / "copy.db"
    shutil.copyfile(fireworks_db, copy)
    before = copy.read_bytes()
    for output in ("table", "json"):
        assert run(capsys, "fireworks", "--db", f"sqlite:///{copy}", "--lists", str(lists_dir()),
                   "--format", output)[0] == 0
    assert copy.read_bytes() == before
    engine = crosscheck.open_read_only(f"sqlite:///{copy}")
    with pytest.raises(OperationalError, match="readonly|read-only|query_only|attempt to write"):
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM settings"))
    assert copy.read_bytes() == before


def test_the_lists_folder_defaults_to_the_shared_fixtures(monkeypatch, tmp_path):
    monkeypatch.setenv("PRICES_FIXTURES_DIR", str(tmp_path))
    assert crosscheck.default_lists_dir() == tmp_path / "crosscheck"
    monkeypatch.delenv("PRICES_FIXTURES_DIR")
    assert crosscheck.default_lists_dir() == crosscheck.ROOT.parent / "shared" / "fixtures" / "crosscheck"


@pytest.mark.parametrize(("args", "message"), [
    (["openrouter"], "no cross-check for provider 'openrouter'; supported: fireworks"),
    (["fireworks", "--lists", "{tmp}/none"], "no lists folder at"),
    (["fireworks", "--lists", "{tmp}/empty"], "no public list for fireworks in"),
    (["fireworks", "--lists", "{tmp}/bad"], "bad public list in"),
    (["fireworks", "--lists", "{tmp}/good", "--db", "sqlite:///{tmp}/missing.db"], "no database at"),
])
def test_bad_arguments_exit_2_with_one_line(args, message, tmp_path, capsys):
    for folder, body in (("empty", None), ("bad", '{"data": {"x": []}}'), ("good", '{"data": {}}')):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "README.md").write_text("not a list")
        if body:
            (tmp_path / folder / "litellm_fireworks_excerpt_2026-01-01.json").write_text(body)
    code, out, err = run(capsys, *[a.format(tmp=tmp_path) for a in args])
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith(f"error: {message}"), err
    assert not (tmp_path / "missing.db").exists()


def test_a_database_without_the_provider_exits_2(tmp_path, capsys):
    open_database(f"sqlite:///{tmp_path / 'other.db'}")
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "litellm_fireworks_excerpt_2026-01-01.json").write_text('{"data": {}}')
    code, _, err = run(capsys, "fireworks", "--db", f"sqlite:///{tmp_path / 'other.db'}",
                       "--lists", str(tmp_path / "lists"))
    assert code == 2 and "no fireworks offerings in the database" in err
