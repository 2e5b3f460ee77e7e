"""Review findings (identities, ladder, cross-checks): each test shows one bug or gap and fails
until it is fixed. Names say the behaviour that is expected."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

import jobs.mapping
import scrapers
from core.crosscheck import AFTER, OurOffering, OurVersion, as_of
from core.errors import ConfigError
from core.identity import load_mapping
from core.offering import OfferingKey
from core.values import price
from jobs.ladder import main as ladder_main
from jobs.mapping import MAPPING_FILE, repository_mapping
from jobs.refresh import main as refresh_main
from jobs.reparse import reparse
from jobs.runner import refresh
from scrapers import openrouter
from scrapers._replay import ReplayTransport
from storage.archive import Archive
from storage.db import open_database
from tests.conftest import FIREWORKS_CAPTURE, SMALL_CATALOGUE, capture_dir, query
from tests.test_history import openrouter_capture


def CLOCK() -> datetime:  # noqa: N802 - a constant clock, named like the others in the tests
    return datetime(2026, 11, 27, 12, tzinfo=UTC)


R1_FREE = "deepseek/deepseek-r1:free"


@pytest.fixture(scope="module")
def fireworks_db(tmp_path_factory) -> Path:
    """The real Fireworks capture, refreshed once (its models have canonical identities)."""
    path = tmp_path_factory.mktemp("review") / "prices.db"
    engine = open_database(f"sqlite:///{path}")
    report = refresh(scrapers.get("fireworks"), ReplayTransport(capture_dir(FIREWORKS_CAPTURE)), engine, "replay",
                     clock=CLOCK)
    assert report.status == "success", report.error
    engine.dispose()
    return path


def ladder(capsys, db: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = ladder_main([*args, "--db", f"sqlite:///{db}"], clock=CLOCK)
    out, err = capsys.readouterr()
    return code, out, err


# --- jobs.ladder: bad arguments are exit 2 -------------------------------------------------------

@pytest.mark.parametrize("tier", ["premium", "Batch"])
def test_a_tier_that_does_not_exist_is_a_bad_argument_exit_2(fireworks_db, capsys, tier):
    """`--tier premium` (a typo, or a tier no provider has) is a bad argument, not "No current route
    (delisted routes stay in history)" with exit 1, which tells the user the model has no routes."""
    with pytest.raises(SystemExit) as exit_:  # argparse's own exit for a bad choice
        ladder(capsys, fireworks_db, "gpt-oss-120b", "--tier", tier)
    assert exit_.value.code == 2
    assert "standard" in capsys.readouterr().err  # names the known tiers


def test_an_overflowing_blend_weight_is_a_bad_argument_not_a_crash(fireworks_db, capsys):
    """A finite but huge weight overflows Decimal arithmetic: "internal error" and exit 1 today."""
    code, _, err = ladder(capsys, fireworks_db, "gpt-oss-120b", "--blend", "1e999999999:1")
    assert code == 2 and "internal error" not in err


# --- canonical/models.toml: a missing file is a config error -------------------------------------

def test_a_missing_mapping_file_is_a_config_error(tmp_path, monkeypatch):
    """repository_mapping() stats the file before load_mapping can turn OSError into ConfigError:
    a missing canonical/models.toml (e.g. `pip install .`, which does not package canonical/)
    crashes every refresh with "internal error" exit 1 (systemd then restarts it in a loop)."""
    monkeypatch.setattr(jobs.mapping, "MAPPING_FILE", tmp_path / "missing.toml")
    with pytest.raises(ConfigError):
        repository_mapping()
    code = refresh_main(["fireworks", "--replay", str(capture_dir(FIREWORKS_CAPTURE)),
                         "--db", f"sqlite:///{tmp_path / 'p.db'}", "--dry-run"])
    assert code == 2


def test_a_mapping_edit_with_a_mistake_does_not_stop_price_collection(tmp_path, monkeypatch):
    """The daemon checks the mapping only at start; every run then applies the file inside its
    transaction, so a later edit with a mistake (an id claimed twice) fails every provider's run
    and no price is recorded until someone fixes the mapping. Identities are derived data: the run
    should keep the last applied identities and warn, not lose the prices."""
    engine = open_database(f"sqlite:///{tmp_path / 'p.db'}")
    broken = tmp_path / "models.toml"
    broken.write_text('[models.a]\nids = ["*:x"]\n[models.b]\nids = ["*:x"]\n')
    monkeypatch.setattr(jobs.mapping, "MAPPING_FILE", broken)
    report = refresh(scrapers.get("fireworks"), ReplayTransport(capture_dir(FIREWORKS_CAPTURE)), engine, "replay",
                     clock=CLOCK)
    assert report.status == "success", report.error
    (warning,) = [w for w in report.warnings if w.startswith("canonical model identities not updated")]
    assert "claimed by both 'a' and 'b'" in warning
    assert query(tmp_path / "p.db", "SELECT COUNT(*) FROM offerings")[0][0] == 68  # the prices are stored


# --- jobs.reparse and identities ----------------------------------------------------------------

def dropping(model_id: str):
    """OpenRouter's module with a parser bug that misses one model."""
    def parse(fetched):
        result = openrouter.parse(fetched)
        result.offerings = [o for o in result.offerings if o.key.model != model_id]
        return result
    return SimpleNamespace(PROVIDER=openrouter.PROVIDER, SOURCES=openrouter.SOURCES,
                           PARSER_VERSION="0-buggy", parse=parse)


def test_a_reparse_that_restores_a_missed_model_gives_it_its_canonical_identity(tmp_path, monkeypatch):
    """jobs.reparse adds models and offerings the fixed parser finds (storage/rebuild._new_offering)
    but never applies the mapping: the restored model has no identity, so it is missing from
    price_ladder, and `jobs.models unmatched` does not list it either (a rule names it)."""
    mapping = tmp_path / "models.toml"
    mapping.write_text(f'[models.r1]\nids = ["*:deepseek/deepseek-r1", "openrouter:{R1_FREE}"]\n')
    monkeypatch.setattr(jobs.mapping, "MAPPING_FILE", mapping)
    db = tmp_path / "prices.db"
    engine, archive = open_database(f"sqlite:///{db}"), Archive(tmp_path / "archive")
    capture = openrouter_capture(tmp_path, "a", "2026-01-01T00:00:00Z")
    report = refresh(dropping(R1_FREE), ReplayTransport(capture), engine, "replay", clock=CLOCK, archive=archive,
                     guard=SMALL_CATALOGUE)
    assert report.status == "success", report.error
    reparse(engine, archive, openrouter, CLOCK)
    assert query(db, "SELECT 1 FROM current_prices WHERE model = ?", (R1_FREE,))  # restored by the reparse
    ladder_models = {row[0] for row in query(db, "SELECT model FROM price_ladder WHERE canonical_model = 'r1'")}
    assert ladder_models == {"deepseek/deepseek-r1", R1_FREE}


# --- cross-checks: our value on their date ------------------------------------------------------

def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def test_a_day_in_a_delisting_gap_is_not_described_as_after_our_last_observation():
    """Listed Aug 1-10, delisted, relisted Aug 20, last verified Aug 25. For a list dated Aug 15,
    as_of returns the Aug 1 version with basis "after" and our date Aug 25: the report says
    "$1.00 (last verified 2026-08-25)" and hints "their date follows our last observation", both
    false (we observed it gone on their date, and saw it again later)."""
    values = {"input": price(Decimal(1))}
    gap = OurOffering(OfferingKey("m"), None,
                      (OurVersion(at("2026-08-01"), at("2026-08-10"), values),
                       OurVersion(at("2026-08-20"), None, values)), at("2026-08-25"))
    _, our_day, basis = as_of(gap, date(2026, 8, 15))
    assert not (basis == AFTER and our_day > date(2026, 8, 15)), (basis, our_day)


# --- canonical/models.toml coverage (data) ------------------------------------------------------

@pytest.mark.parametrize("provider, model, canonical", [
    # OpenRouter routes of models the file already has (all listed in the openrouter captures)
    ("openrouter", "openai/gpt-5", "gpt-5"),
    ("openrouter", "openai/gpt-4o", "gpt-4o"),
    ("openrouter", "openai/gpt-4.1", "gpt-4-1"),
    ("openrouter", "anthropic/claude-sonnet-4.5", "claude-sonnet-4-5"),
    ("openrouter", "anthropic/claude-haiku-4.5", "claude-haiku-4-5"),
    ("openrouter", "anthropic/claude-opus-4.1", "claude-opus-4-1"),
    ("openrouter", "google/gemini-2.5-pro", "gemini-2-5-pro"),
    ("openrouter", "google/gemini-2.5-flash", "gemini-2-5-flash"),
])
def test_every_captured_route_of_a_mapped_model_is_named(provider, model, canonical):
    """The README says the file covers the models offered by several providers in our captures;
    these routes are in the captures and their canonical models are in the file, but no rule names
    them, so e.g. the gpt-5 and claude-sonnet-4-5 ladders leave OpenRouter out."""
    rule = load_mapping(MAPPING_FILE).match(provider, model)
    assert rule is not None and rule.canonical == canonical


@pytest.mark.parametrize("routes", [
    (("openai", "gpt-5.4-mini"), ("digitalocean", "gpt-5.4-mini")),
    (("openai", "gpt-5.2-pro"), ("digitalocean", "gpt-5.2-pro"), ("openrouter", "openai/gpt-5.2-pro")),
    (("groq", "whisper-large-v3-turbo"), ("cloudflare", "@cf/openai/whisper-large-v3-turbo")),
    (("anthropic", "claude-sonnet-4"), ("openrouter", "anthropic/claude-sonnet-4")),
    (("deepinfra", "deepseek-ai/DeepSeek-V3.1-Terminus"), ("openrouter", "deepseek/deepseek-v3.1-terminus")),
])
def test_a_model_several_captured_providers_offer_has_one_canonical_model(routes):
    """Models offered by two or more providers in the captures that no rule names at all."""
    mapping = load_mapping(MAPPING_FILE)
    found = {(p, m): mapping.match(p, m) for p, m in routes}
    assert all(found.values()) and len({r.canonical for r in found.values()}) == 1, found
