"""The site in a real headless Chromium (the OS package): the pages load from file:// with no server and no
JavaScript of ours, the ladder's rows are in the DOM, and a model named with markup is text, not elements.
Screenshots of a model page and a provider page are kept in test-output/ at the repository root."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from jobs.site import links
from jobs.site.__main__ import main as site_main
from tests.conftest import ROOT, unavailable
from tests.test_site import MARKUP, MARKUP_MODEL, NOW, UNMATCHED_ID, Table, build_database, ladder_json, table

OUTPUT = ROOT / "test-output"


def chromium() -> str:
    """The Chromium binary; missing, the tests skip, or fail under CI=true."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        unavailable("chromium is not installed (Debian: apt-get install chromium): the site's browser checks need it")
    return found


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Chromium headless with a fresh profile, off the network's background services."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    profile.mkdir()
    result = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                             "--disable-background-networking", "--disable-component-update", "--no-first-run",
                             f"--user-data-dir={profile}", *args], capture_output=True, text=True, timeout=180,
                            env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    return result


class Texts(Table):
    """Every element's tag and every text node (unescaped) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def handle_data(self, data):
        self.texts.append(data)


def dom(tmp_path: Path, page: Path) -> str:
    """The page's DOM after Chromium loaded it (--dump-dom)."""
    return run_chromium(tmp_path, "--dump-dom", page.as_uri()).stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    chromium()
    folder = tmp_path_factory.mktemp("browser")
    db = build_database(folder)
    assert site_main(["--db", f"sqlite:///{db}", "--out", str(folder / "out")], clock=lambda: NOW) == 0
    return db, folder / "out"


def test_the_ladder_rows_are_in_the_browsers_dom(site, tmp_path):
    db, out = site
    shown = dom(tmp_path, out / links.model("gpt-oss-120b"))
    rows = table(shown, "ladder")
    assert [r[2] for r in rows] == [route["model"] for route in ladder_json(db, "gpt-oss-120b")["routes"]]
    assert "Cheapest of" in shown and "Provider price ladder" in shown


@pytest.mark.parametrize("relative", [links.model(MARKUP_MODEL), links.provider_model("openrouter", UNMATCHED_ID),
                                      links.INDEX, links.provider("openrouter")])
def test_a_name_with_markup_is_text_in_the_browser_and_injects_no_element(site, tmp_path, relative):
    _, out = site
    shown = dom(tmp_path, out / relative)
    parser = Texts()
    parser.feed(shown)
    assert not {"script", "img", "b", "i", "iframe"} & set(parser.tags)
    assert any(MARKUP in text for text in parser.texts)


def test_screenshots_of_a_model_page_and_a_provider_page(site, tmp_path):
    _, out = site
    OUTPUT.mkdir(exist_ok=True)
    for name, relative in (("site-model.png", links.model("gpt-oss-120b")),
                           ("site-provider.png", links.provider("openrouter"))):
        target = OUTPUT / name
        target.unlink(missing_ok=True)
        run_chromium(tmp_path, f"--screenshot={target}", "--window-size=1280,2000", (out / relative).as_uri())
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and target.stat().st_size > 20_000
