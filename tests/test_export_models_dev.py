"""The models.dev export on real captures: the providers/<id>/... layout, ids with "/" as folders, [cost] and
[limit] equal to the database's values, unknown left out (never 0), and where and when each was observed."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from jobs.exports.models_dev import _model_path
from tests.conftest import FIREWORKS_CAPTURE, OPENROUTER_CAPTURES, query
from tests.test_export_helpers import build_database, run_export

CAPTURES = [FIREWORKS_CAPTURE, OPENROUTER_CAPTURES[0], "cloudflare/2026-08-26", "scaleway/2026-08-29", "groq/2026"]
COST = {"input": "input", "output": "output", "cache_read": "cached_input", "cache_write": "cache_write"}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_database(tmp_path_factory.mktemp("export-models-dev") / "prices.db", CAPTURES)


@pytest.fixture(scope="module")
def tree(db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("models-dev-out")
    result = run_export("models-dev", "--db", f"sqlite:///{db}", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote ") and " models of 5 providers to " in result.stdout
    return out


def read(path: Path) -> dict:
    return tomllib.loads(path.read_text(), parse_float=Decimal)


def model_files(tree: Path) -> dict[tuple[str, str], Path]:
    """(provider folder, model id) -> file, the id read back from the path as models.dev reads it."""
    files = {}
    for path in (tree / "providers").glob("*/models/**/*.toml"):
        provider, _, *parts = path.relative_to(tree / "providers").parts
        files[(provider, "/".join(parts).removesuffix(".toml"))] = path
    return files


def test_the_layout_is_models_devs_with_its_provider_ids_and_ids_as_folders(tree):
    providers = sorted(p.name for p in (tree / "providers").iterdir())
    assert providers == ["cloudflare-workers-ai", "fireworks-ai", "groq", "openrouter", "scaleway"]
    files = model_files(tree)
    assert ("fireworks-ai", "accounts/fireworks/models/kimi-k3") in files  # as models.dev names Fireworks models
    assert ("openrouter", "deepseek/deepseek-r1") in files and ("groq", "openai/gpt-oss-120b") in files
    assert any(provider == "cloudflare-workers-ai" and model.startswith("@cf/meta/") for provider, model in files)
    fireworks = read(tree / "providers" / "fireworks-ai" / "provider.toml")
    assert fireworks == {"name": "Fireworks AI", "env": ["FIREWORKS_API_KEY"],
                         "doc": "https://docs.fireworks.ai/serverless/pricing"}


def test_every_standard_offering_is_written_with_the_databases_values(db, tree):
    files = model_files(tree)
    prefixes = {"fireworks": ("fireworks-ai", "accounts/fireworks/models/"), "openrouter": ("openrouter", ""),
                "cloudflare": ("cloudflare-workers-ai", ""), "scaleway": ("scaleway", ""), "groq": ("groq", "")}
    rows = query(db, "SELECT * FROM current_prices WHERE tier = 'standard' AND region = 'global' "
                     "AND model_kind = 'model'")
    assert len(files) == len(rows) > 400
    for row in rows:
        folder, prefix = prefixes[row["provider"]]
        data = read(files[(folder, prefix + row["model"])])
        assert data["name"] == row["model_name"]
        assert data.get("cost", {}) == expected_cost(row), row["model"]
        limits = {"context": row["context_window"], "output": row["max_output_tokens"]}
        assert data.get("limit", {}) == {k: v for k, v in limits.items() if v is not None}


def expected_cost(row) -> dict:
    """[cost] as the database says: USD per 1M tokens, exact; free 0; unknown, not offered, variable absent."""
    if row["currency"] != "USD":
        return {}
    cost = {name: Decimal(row[f"{field}_exact"]) for name, field in COST.items()
            if row[f"{field}_status"] in ("priced", "free")}
    above = {name: Decimal(json.loads(row["other_prices"])[f"{field}_above_200k"]["amount"])
             for name, field in COST.items() if f"{field}_above_200k" in json.loads(row["other_prices"])}
    return cost | ({"context_over_200k": above} if above else {})


def test_unknown_is_left_out_never_zero_and_free_is_zero(db, tree):
    kimi = read(model_files(tree)[("fireworks-ai", "accounts/fireworks/models/kimi-k3")])
    assert kimi["cost"] == {"input": Decimal("3.00"), "output": Decimal("15.00"), "cache_read": Decimal("0.30")}
    assert "limit" not in kimi  # its context window comes only from the List Models API: unknown here
    (free,) = query(db, "SELECT model FROM current_prices WHERE provider = 'openrouter' AND input_status = 'free' "
                        "AND output_status = 'free' ORDER BY model LIMIT 1")
    assert read(model_files(tree)[("openrouter", free["model"])])["cost"] == {"input": 0, "output": 0}


def test_euro_prices_are_not_written_as_dollars_and_the_notes_say_so(tree):
    files = [path for (provider, _), path in model_files(tree).items() if provider == "scaleway"]
    assert files and all("cost" not in read(path) for path in files)
    notes = json.loads((tree / "export_notes.json").read_text())
    assert any(i["provider"] == "scaleway" and i["reason"] == "token prices in EUR: models.dev's costs are USD"
               for i in notes["left_out"])
    assert any(i["provider"] == "fireworks" and i["tier"] == "batch" for i in notes["left_out"])


def test_each_file_says_where_and_when_its_values_were_observed(tree):
    text = model_files(tree)[("openrouter", "deepseek/deepseek-r1")].read_text()
    lines = text.splitlines()
    assert lines[1] == "# openrouter deepseek/deepseek-r1 [standard, global]; source: https://openrouter.ai/api/v1/models"
    assert lines[2].startswith("# last refreshed 2025-12-29T")


@pytest.mark.parametrize("model", ["../../escape", "a/./b", "a//b", ".hidden", "a/b\\c", "line\nbreak"])
def test_an_id_that_cannot_be_a_plain_path_is_left_out(model):
    assert _model_path("openrouter", model, "model") == (None, ("its id cannot be a file path (an empty, dot or "
                                                               "control-character part)"))
