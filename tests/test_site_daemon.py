"""The daemon keeps the site current: with [site] out in its config, each applied run of a provider rewrites
the pages it touched (that provider's, its models', the index); a failed run rewrites nothing, and a site
that cannot be written is logged without failing the run. The runs go through the daemon's own job code
(Daemon.run_provider), called directly instead of waiting for the schedule."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from structlog.testing import capture_logs

import scrapers.openrouter as openrouter
from core.errors import ConfigError
from jobs import daemon as daemon_command
from jobs import models
from jobs.config import load_config
from jobs.daemon import Daemon
from jobs.site import links, write_site
from scrapers._replay import ReplayTransport
from storage.db import open_database
from tests.conftest import OPENROUTER_CAPTURES, capture_dir, edited_capture, query, run_refresh
from tests.test_site import MARKUP, UNMATCHED_ID, edited_openrouter

NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)


@pytest.fixture
def db(tmp_path) -> Path:
    """Fireworks and the first two OpenRouter captures of test_site's database, identities applied."""
    path = tmp_path / "prices.db"
    for name in ("fireworks/2026-08-26", *OPENROUTER_CAPTURES[1:3]):
        result = run_refresh(name.split("/")[0], "--replay", str(capture_dir(name)), "--db", f"sqlite:///{path}")
        assert result.returncode == 0, result.stderr
    assert models.main(["apply", "--db", f"sqlite:///{path}"]) == 0
    return path


def daemon_for(tmp_path: Path, db: Path, capture: Path, site: str) -> Daemon:
    """A daemon of OpenRouter replaying ``capture``, from a config file with [site] out = ``site``."""
    path = tmp_path / "daemon.toml"
    path.write_text(f'[daemon]\ndb = "sqlite:///{db}"\n[site]\nout = "{site}"\n'
                    f'[providers.openrouter]\nreplay = "{capture}"\n')
    config = load_config(path)
    transports = {"openrouter": (ReplayTransport(capture), f"replay of {capture}")}
    return Daemon(config, open_database(f"sqlite:///{db}"), [config.providers["openrouter"]], transports,
                  threading.Event(), clock=lambda: NOW)


def run_once(daemon: Daemon) -> None:
    try:
        daemon.run_provider("openrouter")
    finally:
        daemon.notifier.client.close()


def identities(path: Path) -> dict[str, int]:
    """Each page's inode: a page rewritten (moved into place) gets a new one."""
    return {str(p.relative_to(path)): p.stat().st_ino for p in path.rglob("*.html")}


def test_an_applied_run_rewrites_its_providers_page_its_models_and_the_index(tmp_path, db):
    out = tmp_path / "site"
    write_site(open_database(f"sqlite:///{db}"), out, clock=lambda: NOW)
    before = identities(out)
    run_once(daemon_for(tmp_path, db, edited_openrouter(tmp_path), "site"))
    run = query(db, "SELECT run_id, status FROM scrape_runs WHERE provider = 'openrouter' ORDER BY run_id DESC")[0]
    assert run["status"] == "partial"
    after = identities(out)
    provider = (out / links.provider("openrouter")).read_text()
    assert f"#{run['run_id']}" in provider and "&lt;script&gt;" in provider
    assert MARKUP not in provider  # escaped, as in every page
    assert (out / links.provider_model("openrouter", UNMATCHED_ID)).is_file()
    for page in (links.provider("openrouter"), links.INDEX, links.BY_PRICE, links.model("gpt-oss-120b")):
        assert after[page] != before[page], page
    fireworks_only = {r[0] for r in query(db, "SELECT id FROM canonical_models")} - {r[0] for r in query(
        db, "SELECT i.canonical_model FROM model_identities i JOIN models m ON m.id = i.model_id "
            "WHERE m.provider = 'openrouter'")}
    untouched = [links.provider("fireworks"), *(links.model(m) for m in fireworks_only if links.model(m) in before)]
    assert len(untouched) > 1 and all(after[page] == before[page] for page in untouched)


def test_a_failed_run_rewrites_nothing(tmp_path, db):
    broken = edited_capture(OPENROUTER_CAPTURES[2], tmp_path / "broken", "2026-01-06T00:00:00Z",
                            {openrouter.MODELS_URL: lambda body: "not json"})
    run_once(daemon_for(tmp_path, db, broken, "site"))
    assert query(db, "SELECT status FROM scrape_runs ORDER BY run_id DESC")[0][0] == "failed"
    assert not (tmp_path / "site").exists()


def test_a_site_that_cannot_be_written_is_logged_and_the_run_stands(tmp_path, db):
    (tmp_path / "a-file").write_text("not a folder")
    with capture_logs() as logs:
        run_once(daemon_for(tmp_path, db, edited_openrouter(tmp_path), "a-file/site"))
    assert query(db, "SELECT status FROM scrape_runs ORDER BY run_id DESC")[0][0] == "partial"
    assert [e for e in logs if e["event"] == "site pages not rewritten" and e["provider"] == "openrouter"]


def test_the_site_setting_is_read_relative_to_the_config_and_checked(tmp_path):
    path = tmp_path / "daemon.toml"
    path.write_text('[site]\nout = "public"\n')
    assert load_config(path).site_out == tmp_path / "public"
    path.write_text("")
    assert load_config(path).site_out is None and load_config(None).site_out is None
    for body, problem in (('[site]\nfolder = "x"\n', "site.folder: unknown setting"),
                          ("[site]\nout = 1\n", "site.out: expected str"), ('[site]\nout = ""\n', "site.out")):
        path.write_text(body)
        with pytest.raises(ConfigError, match=problem):
            load_config(path)


def test_check_shows_the_site_setting(tmp_path, capsys):
    capture = capture_dir(OPENROUTER_CAPTURES[2])
    path = tmp_path / "daemon.toml"
    common = f'[daemon]\ndb = "sqlite:///{tmp_path / "prices.db"}"\n[providers.openrouter]\nreplay = "{capture}"\n'
    path.write_text(common + '[site]\nout = "public"\n')
    assert daemon_command.main(["--config", str(path), "--check", "openrouter", "--log-format", "json"]) == 0
    assert f"site: {tmp_path / 'public'} rewritten after each applied run" in capsys.readouterr().out
    path.write_text(common)
    assert daemon_command.main(["--config", str(path), "--check", "openrouter", "--log-format", "json"]) == 0
    assert "site: not written ([site] out not set)" in capsys.readouterr().out
