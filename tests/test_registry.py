"""The registry, both ways: every registered provider is tested on a real capture of its own
sources, and every provider folder of real captures has a registered provider."""

import importlib
import json
import subprocess
import sys

import pytest

import scrapers
from scrapers._base import canonical_url
from tests.conftest import ROOT, SHARED, capture_dir, unavailable

NOT_PROVIDERS = {"crosscheck"}  # public price lists, compared by jobs.crosscheck


def captures_tested_by(provider: str) -> list[str]:
    """The real captures the provider's conformance tests read (their module's CAPTURE or CAPTURES)."""
    names = []
    for path in sorted((ROOT / "tests").glob(f"test_{provider}*.py")):
        module = importlib.import_module(f"tests.{path.stem}")
        names += [module.CAPTURE] if hasattr(module, "CAPTURE") else list(getattr(module, "CAPTURES", ()))
    return names


@pytest.mark.parametrize("provider", list(scrapers.REGISTRY))
def test_every_registered_provider_is_tested_on_a_capture_of_its_sources(provider):
    captures = captures_tested_by(provider)
    assert captures, f"no tests/test_{provider}*.py declares the real CAPTURE it checks"
    source_urls = {canonical_url(source.url) for source in scrapers.get(provider).SOURCES}
    for name in captures:
        assert name.split("/")[0] == provider, f"{name} is not a capture of {provider}"
        manifest = json.loads((capture_dir(name) / "manifest.json").read_text())
        captured = {canonical_url(url.split("?")[0]) for url in manifest["responses"]}
        assert captured & source_urls, f"{name} holds none of {provider}'s sources {sorted(source_urls)}"


def test_every_capture_folder_has_a_registered_provider():
    if not SHARED.is_dir():
        unavailable(f"real captures {SHARED} are missing (set PRICES_FIXTURES_DIR to the shared fixtures folder)")
    folders = {path.name for path in SHARED.iterdir() if path.is_dir()} - NOT_PROVIDERS
    assert folders, f"no capture folders under {SHARED}"
    missing = sorted(folders - set(scrapers.REGISTRY))
    assert not missing, f"capture folders without a provider module: {missing}"


@pytest.mark.parametrize("provider", list(scrapers.REGISTRY))
def test_each_registered_id_is_its_modules_provider_id(provider):
    assert scrapers.get(provider).PROVIDER.id == provider


def test_every_provider_module_is_registered():
    modules = {path.stem for path in (ROOT / "scrapers").iterdir()
               if not path.name.startswith("_") and (path.suffix == ".py" or (path / "__init__.py").exists())}
    assert modules - {"ecb"} == set(scrapers.REGISTRY)  # the ECB's rates are not a provider's prices


def test_listing_the_providers_imports_none_of_them():
    code = ("import sys, scrapers; ids = list(scrapers.REGISTRY); "
            "print(sorted(m for m in sys.modules if m.startswith('scrapers.')))")
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
