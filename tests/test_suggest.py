"""jobs.models suggest: proposals from the names we hold, on a database of real captures; nothing applied."""

import hashlib

import scrapers.fireworks as fireworks
import scrapers.scaleway as scaleway
from jobs import models
from jobs.runner import refresh
from scrapers._replay import ReplayTransport
from storage.db import open_database
from tests.conftest import FIREWORKS_CAPTURE, ROOT, capture_dir

CAPTURES = ("scaleway/2026-08-29",)


def test_a_shared_model_left_out_of_the_mapping_is_proposed_and_nothing_is_applied(tmp_path, capsys):
    db = tmp_path / "p.db"
    engine = open_database(f"sqlite:///{db}")
    for module, capture in ((fireworks, FIREWORKS_CAPTURE), (scaleway, CAPTURES[0])):
        assert refresh(module, ReplayTransport(capture_dir(capture)), engine, "replay").status == "success"
    mapping = tmp_path / "models.toml"
    mapping.write_text((ROOT / "canonical" / "models.toml").read_text().replace('"scaleway:gpt-oss-120b", ', ""))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert models.main(["suggest", "--db", f"sqlite:///{db}", "--mapping", str(mapping)]) == 0
    out, err = capsys.readouterr()
    assert '"scaleway:gpt-oss-120b",' in out and "# [models.gpt-oss-120b] ids +=" in out
    assert "nothing applied" in err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_suggest_rejects_an_unknown_provider(tmp_path, capsys):
    open_database(f"sqlite:///{tmp_path / 'p.db'}")
    assert models.main(["suggest", "nosuch", "--db", f"sqlite:///{tmp_path / 'p.db'}"]) == 2
    assert "unknown provider 'nosuch'" in capsys.readouterr().err
