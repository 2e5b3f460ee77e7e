"""The LiteLLM export on history built from real captures: LiteLLM's own shape and names, exact per-token
costs, unknown never written as 0, and the file loaded into the real litellm package pricing requests
as our stored prices do."""

from __future__ import annotations

import importlib
import json
import math
import re
import warnings
from decimal import Decimal
from pathlib import Path

import pytest

from jobs.api import Prices
from jobs.exports.litellm import FIELDS
from tests.conftest import FIREWORKS_CAPTURE, OPENROUTER_CAPTURES, query
from tests.test_export_helpers import build_database, run_export

CAPTURES = [FIREWORKS_CAPTURE, *OPENROUTER_CAPTURES[1:3], "groq/2026", "anthropic/2025-late", "openai/2026",
            "deepseek/2026-08", "scaleway/2026-08-29", "xai/2026-09-21"]
MILLION = Decimal(1_000_000)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_database(tmp_path_factory.mktemp("export-litellm") / "prices.db", CAPTURES)


@pytest.fixture(scope="module")
def exported(db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("litellm-out")
    result = run_export("litellm", "--db", f"sqlite:///{db}", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def entries(exported) -> dict:
    """The file as written, its numbers read as the exact decimals they are."""
    return json.loads((exported / "model_prices_and_context_window.json").read_text(), parse_float=Decimal)


@pytest.fixture(scope="module")
def notes(exported) -> dict:
    return json.loads((exported / "export_notes.json").read_text())


@pytest.fixture(scope="module")
def litellm(exported):
    """The real litellm package with the export registered; its cost map read locally, never fetched."""
    mp = pytest.MonkeyPatch()
    mp.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    with warnings.catch_warnings():  # its import may warn about its own dependencies; ours run with -W error
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        module = importlib.import_module("litellm")
    module.register_model(json.loads((exported / "model_prices_and_context_window.json").read_text()))
    yield module
    mp.undo()


def current(db: Path, provider: str, model: str, tier: str = "standard") -> dict:
    (row,) = query(db, "SELECT * FROM current_prices WHERE provider = ? AND model = ? AND tier = ? "
                   "AND region = 'global'", (provider, model, tier))
    return dict(row)


def test_keys_and_provider_names_are_litellms(entries):
    assert entries["fireworks_ai/accounts/fireworks/models/kimi-k3"]["litellm_provider"] == "fireworks_ai"
    assert entries["openrouter/deepseek/deepseek-r1"]["litellm_provider"] == "openrouter"
    assert entries["groq/openai/gpt-oss-120b"]["litellm_provider"] == "groq"
    assert entries["claude-sonnet-4"]["litellm_provider"] == "anthropic"  # LiteLLM names these bare
    assert entries["deepseek/deepseek-v4-flash"]["litellm_provider"] == "deepseek"
    assert entries["fireworks-ai-up-to-4b"]["litellm_provider"] == "fireworks_ai"  # its size-class fallback


def test_costs_are_the_stored_prices_per_token_exactly_with_tiers_in_litellms_fields(db, entries):
    entry = entries["fireworks_ai/accounts/fireworks/models/kimi-k3"]
    for tier, suffix in (("standard", ""), ("priority", "_priority"), ("batch", "_batches")):
        row = current(db, "fireworks", "kimi-k3", tier)
        assert entry[f"input_cost_per_token{suffix}"] == Decimal(row["input_exact"]) / MILLION
        assert entry[f"output_cost_per_token{suffix}"] == Decimal(row["output_exact"]) / MILLION
    assert entry["cache_read_input_token_cost"] == Decimal("0.3") / MILLION
    assert entry["mode"] == "chat" and entry["source"] == "https://docs.fireworks.ai/serverless/pricing"
    assert entry["last_refreshed"].startswith("2026-08-26T") and entry["last_refreshed"].endswith("Z")


def test_numbers_are_written_from_the_decimal_digits(exported):
    text = (exported / "model_prices_and_context_window.json").read_text()
    assert '"input_cost_per_token": 0.000003,' in text  # Kimi K3's $3.00 per 1M
    assert not re.search(r"\d[eE][-+]?\d", text)  # no exponent: not through float (3e-06, 2.9999999e-07)


def test_unknown_is_left_out_free_is_zero_and_other_currencies_are_not_costs(db, entries, notes):
    kimi = entries["fireworks_ai/accounts/fireworks/models/kimi-k3"]
    assert current(db, "fireworks", "kimi-k3")["cache_write_status"] == "unknown"
    assert "cache_creation_input_token_cost" not in kimi and "max_input_tokens" not in kimi  # unknown, not 0
    (free,) = query(db, "SELECT model FROM current_prices WHERE provider = 'openrouter' AND input_status = 'free' "
                        "AND output_status = 'free' ORDER BY model LIMIT 1")
    assert entries[f"openrouter/{free['model']}"]["input_cost_per_token"] == 0
    assert not [key for key in entries if key.startswith("scaleway/") and "input_cost_per_token" in entries[key]]
    assert any(item["provider"] == "scaleway" and "EUR" in item["reason"] for item in notes["left_out"])


def reason(notes: dict, provider: str, model: str, tier: str, region: str = "global") -> str:
    (found,) = [item["reason"] for item in notes["left_out"]
                if (item["provider"], item["model"], item["tier"], item["region"]) == (provider, model, tier, region)]
    return found


def test_what_has_no_litellm_field_is_left_out_and_named_in_the_notes(entries, notes):
    assert "fast" in reason(notes, "fireworks", "kimi-k3", "fast")
    assert "off_peak_pricing" in reason(notes, "deepseek", "deepseek-v4-flash", "off_peak")
    assert "regional offering" in reason(notes, "fireworks", "kimi-k3", "standard", "us")  # the global one is kept
    for region in ("us-central-1", "us-east-1", "us-west-2"):  # grok-4.6 costs 10% more in us-central-1
        assert "priced differently by region" in reason(notes, "xai", "grok-4.6", "standard", region)
    assert "xai/grok-4.6" not in entries and "xai/grok-4.3" in entries  # grok-4.3 costs the same everywhere
    assert notes["left_out_by_reason"] and notes["rules"]


def test_every_cost_field_written_is_one_litellm_declares(litellm, entries):
    from litellm.types.utils import ModelInfo
    declared = {name for cls in ModelInfo.__mro__ for name in getattr(cls, "__annotations__", {})}
    assert declared >= FIELDS
    written = {name for entry in entries.values() for name in entry}
    assert written - declared == {"source", "last_refreshed", "comment"}  # kept by register_model as extra keys
    assert litellm.model_cost["groq/openai/gpt-oss-120b"]["source"] == "https://console.groq.com/docs/models.md"


@pytest.mark.parametrize(("key", "provider", "model", "tier", "tokens"), [
    ("claude-sonnet-4", "anthropic", "claude-sonnet-4", "standard", (1_200, 3_000, 500, 800)),
    ("claude-sonnet-4", "anthropic", "claude-sonnet-4", "standard", (250_000, 0, 0, 1_000)),  # above 200k tokens
    ("fireworks_ai/accounts/fireworks/models/kimi-k3", "fireworks", "kimi-k3", "standard", (12_345, 6_789, 0, 321)),
    ("openrouter/deepseek/deepseek-r1", "openrouter", "deepseek/deepseek-r1", "standard", (1_234_567, 0, 0, 89)),
    ("groq/openai/gpt-oss-120b", "groq", "openai/gpt-oss-120b", "standard", (9_000, 0, 0, 1_500)),
    ("gpt-5.6-sol", "openai", "gpt-5.6-sol", "priority", (20_000, 4_000, 0, 2_000)),
])
def test_litellm_prices_a_request_as_our_stored_prices_do(litellm, db, key, provider, model, tier, tokens):
    fresh, cached, written, output = tokens
    exact = Prices(f"sqlite:///{db}").cost(model, provider, input_tokens=fresh, output_tokens=output,
                                           cached_input_tokens=cached, cache_write_tokens=written, tier=tier)
    prompt_cost, completion_cost = litellm.cost_per_token(
        model=key, prompt_tokens=fresh + cached + written, completion_tokens=output, cache_read_input_tokens=cached,
        cache_creation_input_tokens=written, service_tier=None if tier == "standard" else tier)
    assert exact > 0 and math.isclose(prompt_cost + completion_cost, float(exact), rel_tol=1e-12)
