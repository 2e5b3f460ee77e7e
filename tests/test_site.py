"""python -m jobs.site on a database built from real captures: the pages, the ladder in jobs.ladder's order,
unknown / free / not offered kept apart, held and unread values marked, every source string escaped, safe
file names, atomic rewrites, and the command's errors.

The database: Fireworks, Groq, DeepInfra, Together, Scaleway and two OpenRouter captures replayed, then a
copy of the second OpenRouter capture edited here (observed a day later) in which one model is named with
markup and its id holds "/", "..", ":", "@", spaces and markup, another such id is mapped to a
canonical model, gpt-oss-120b's input moves 25x (held alone)
and gpt-oss-20b's input is not a number (not read: the run is partial). The canonical mapping applied is
a copy of canonical/models.toml with one more model whose name holds markup.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

import scrapers.openrouter as openrouter
from jobs import models
from jobs.mapping import MAPPING_FILE
from jobs.site import links, write_site
from jobs.site.__main__ import main as site_main
from jobs.site.files import TEMP_PREFIX, SiteFolder
from jobs.site.slugs import slug
from storage.db import open_existing
from tests.conftest import OPENROUTER_CAPTURES, ROOT, capture_dir, edited_capture, query, run_refresh

NOW = datetime(2026, 9, 1, 12, tzinfo=UTC)
CAPTURES = ("fireworks/2026-08-26", "groq/2026", "deepinfra/2026-04-17", "together/2026-08-20",
            "scaleway/2026-08-29", *OPENROUTER_CAPTURES[1:3])
MARKUP = "<script>alert(1)</script><b>x</b>"
UNMATCHED_ID = "evil/../../<script>alert(1)</script> @x:y"
ODD_ID = "test/../../markup <img src=x onerror=alert(2)>:free@x"
ODD_NAME = "<img src=x onerror=alert(3)>"
HELD, UNREAD = "openai/gpt-oss-120b", "openai/gpt-oss-20b"
MARKUP_MODEL = "markup-test"


def _edit_listing(body: str) -> str:
    """The edits described in the module docstring, on OpenRouter's model list."""
    listing = json.loads(body)
    for entry in listing["data"]:
        if entry["id"] == HELD:
            entry["pricing"]["prompt"] = "0.0000005"  # 0.02 -> 0.50 per 1M: more than 10x, held alone
        if entry["id"] == UNREAD:
            entry["pricing"]["prompt"] = "n/a"  # not a number: the entry is named and skipped
    for model_id, name in ((UNMATCHED_ID, MARKUP), (ODD_ID, ODD_NAME)):
        listing["data"].append({"id": model_id, "name": name, "context_length": 8192,
                                "pricing": {"prompt": "0.000001", "completion": "0.000002"}})
    return json.dumps(listing)


def edited_openrouter(folder: Path) -> Path:
    """A copy of the 2026-01-05 OpenRouter capture, observed on 2026-01-06, with the edits above."""
    return edited_capture(OPENROUTER_CAPTURES[2], folder / "openrouter-edited", "2026-01-06T00:00:00Z",
                          {openrouter.MODELS_URL: _edit_listing})


def markup_mapping(folder: Path) -> Path:
    """canonical/models.toml with one more canonical model, named with markup, for the odd OpenRouter id."""
    extra = (f"\n[models.{MARKUP_MODEL}]\nname = {json.dumps(MARKUP)}\nmaker = \"<i>Maker</i>\"\n"
             f"ids = [{json.dumps('openrouter:' + ODD_ID)}]\n")
    path = folder / "models.toml"
    path.write_text(MAPPING_FILE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def build_database(folder: Path) -> Path:
    """The database described in the module docstring."""
    db = folder / "prices.db"
    for name in CAPTURES:
        result = run_refresh(name.split("/")[0], "--replay", str(capture_dir(name)), "--db", f"sqlite:///{db}")
        assert result.returncode == 0, result.stderr
    result = run_refresh("openrouter", "--replay", str(edited_openrouter(folder)), "--db", f"sqlite:///{db}")
    assert result.returncode == 0, result.stderr
    assert models.main(["apply", "--mapping", str(markup_mapping(folder)), "--db", f"sqlite:///{db}"]) == 0
    return db


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The database and the site written from it (python -m jobs.site, at NOW)."""
    folder = tmp_path_factory.mktemp("site")
    db = build_database(folder)
    assert site_main(["--db", f"sqlite:///{db}", "--out", str(folder / "out")], clock=lambda: NOW) == 0
    return db, folder / "out"


def page(out: Path, relative: str) -> str:
    return (out / relative).read_text(encoding="utf-8")


class Table(HTMLParser):
    """The rows of the tables in a page, as cell texts; and every element's tag, to see nothing was injected."""

    def __init__(self, table_class: str | None = None) -> None:
        super().__init__()
        self.table_class, self.rows, self.tags, self._depth, self._row, self._cell = table_class, [], [], 0, None, None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and (self._depth or self.table_class is None or self.table_class in classes):
            self._depth += 1
        elif self._depth and tag == "tr":
            self._row = []
        elif self._depth and tag == "td" and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table" and self._depth:
            self._depth -= 1
        elif tag == "td" and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table(html: str, table_class: str) -> list[list[str]]:
    parser = Table(table_class)
    parser.feed(html)
    return parser.rows


def ladder_json(db: Path, model: str) -> dict:
    """The ladder as python -m jobs.ladder prints it: the order the page must show."""
    result = subprocess.run([sys.executable, "-m", "jobs.ladder", model, "--json", "--db", f"sqlite:///{db}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_site_has_an_index_by_name_and_price_tier_pages_and_a_page_per_model_and_provider(built):
    db, out = built
    for relative in (links.INDEX, links.BY_PRICE, links.STYLE, *(f"tiers/{t}.html" for t in
                                                                   ("standard", "batch", "priority", "fast", "flex",
                                                                    "off-peak"))):
        assert (out / relative).is_file(), relative
    canonical = [r[0] for r in query(db, "SELECT id FROM canonical_models")]
    assert sorted(p.name for p in (out / "models").iterdir()) == sorted(f"{slug(c)}.html" for c in canonical)
    providers = [r[0] for r in query(db, "SELECT id FROM providers")]
    assert sorted(p.name for p in (out / "providers").iterdir()) == sorted(f"{slug(p)}.html" for p in providers)
    index = page(out, links.INDEX)
    assert index.count('href="models/') == len(canonical)
    assert 'href="by-price.html"' in index and 'href="tiers/off-peak.html"' in index


def test_the_ladder_shows_every_route_in_the_order_jobs_ladder_ranks_them(built):
    db, out = built
    expected = ladder_json(db, "gpt-oss-120b")
    rows = table(page(out, links.model("gpt-oss-120b")), "ladder")
    assert [(r[0], r[2], r[3]) for r in rows] == [
        (str(route["rank"] or "-"), route["model"], route["tier"] if route["region"] == "global"
         else f"{route['tier']} ({route['region']})") for route in expected["routes"]]
    assert expected["headline"] in page(out, links.model("gpt-oss-120b"))
    assert len(rows) >= 10


def test_unknown_free_and_not_offered_stay_apart_and_unknown_is_never_a_price(built):
    """Every price cell of gpt-oss-20b's ladder says what its stored status says."""
    db, out = built
    rows = {(r[1], r[2], r[3]): r for r in table(page(out, links.model("gpt-oss-20b")), "ladder")}
    names = dict(query(db, "SELECT id, name FROM providers"))
    stored = query(db, "SELECT c.* FROM current_prices c JOIN models m ON m.provider = c.provider "
                       "AND m.model = c.model JOIN model_identities i ON i.model_id = m.id "
                       "WHERE i.canonical_model = 'gpt-oss-20b'")
    words = {"unknown": "unknown", "free": "free", "not_offered": "not offered", "variable": "varies"}
    seen = set()
    for offering in stored:
        row = rows[(names[offering["provider"]], offering["model"], offering["tier"])]
        for column, field in zip((4, 5, 6, 7), ("input", "cached_input", "cache_write", "output"), strict=True):
            status = offering[f"{field}_status"]
            seen.add(status)
            if status == "priced":
                assert Decimal(row[column].removeprefix("$")) == Decimal(offering[f"{field}_exact"])
            else:
                assert row[column] == words[status], (offering["model"], field, row[column])
    assert {"priced", "free", "unknown", "not_offered"} <= seen


def test_a_route_in_another_currency_shows_its_currency_and_why_it_is_not_ranked(built):
    _, out = built
    scaleway = [r for r in table(page(out, links.model("gpt-oss-120b")), "ladder") if r[1] == "Scaleway"]
    assert len(scaleway) == 1 and scaleway[0][4].startswith("€") and scaleway[0][7].startswith("€")
    assert scaleway[0][0] == "-" and "no reference rate to USD" in scaleway[0][8]


def test_held_and_unread_values_are_marked_where_they_are_shown(built):
    _, out = built
    held = [r for r in table(page(out, links.model("gpt-oss-120b")), "ladder") if r[1:3] == ["OpenRouter", HELD]]
    assert len(held) == 1 and "held for review since 2026-01-06" in held[0][10] and "more than 10x" in held[0][10]
    assert held[0][4] == "$0.02"  # the last applied value stays until the hold is confirmed or reviewed
    unread = [r for r in table(page(out, links.model("gpt-oss-20b")), "ladder") if r[1:3] == ["OpenRouter", UNREAD]]
    assert len(unread) == 1 and "not read by the latest run (partial)" in unread[0][10]
    provider = page(out, links.provider("openrouter"))
    holds = table(provider, "holds")
    assert [r[0] for r in holds] == [HELD] and "input $0.50" in holds[0][2] and "more than 10x" in holds[0][3]
    assert "Not read" in provider and UNREAD in provider and "status-partial" in provider


def test_the_provider_page_shows_health_its_last_run_and_every_offering_with_its_freshness(built):
    db, out = built
    html = page(out, links.provider("fireworks"))
    assert "Health: healthy" in html and "<dd>Researched 5d ago</dd>" in html  # observed 08-26 15:33, now 09-01 12:00
    last = query(db, "SELECT run_id, status FROM scrape_runs WHERE provider = 'fireworks' ORDER BY run_id DESC")[0]
    assert f"#{last['run_id']}" in html and "List Models API not read" in html
    listed = query(db, "SELECT COUNT(*) FROM current_prices WHERE provider = 'fireworks'")[0][0]
    assert len(table(html, "offerings")) == listed
    stale = page(out, links.provider("openrouter"))
    assert "Health: stale" in stale and "<dd>Researched 238d ago</dd>" in stale  # observed 2026-01-06 00:00


def test_provider_models_without_a_canonical_model_have_their_own_pages_named_as_the_provider_names_them(built):
    db, out = built
    unmatched = query(db, "SELECT DISTINCT c.provider, c.model, c.model_name FROM current_prices c JOIN models m "
                          "ON m.provider = c.provider AND m.model = c.model WHERE m.id NOT IN "
                          "(SELECT model_id FROM model_identities)")
    assert len(unmatched) > 100
    index = page(out, links.INDEX)
    for row in unmatched:
        relative = links.provider_model(row["provider"], row["model"])
        assert (out / relative).is_file() and f'href="{relative}"' in index
    deepseek = page(out, links.provider_model("openrouter", "deepseek/deepseek-r1"))
    assert "<h1>DeepSeek: R1</h1>" in deepseek and "$0.70" in deepseek and "$0.30" in deepseek  # 0.30 -> 0.70


def test_every_string_from_a_source_is_escaped(built):
    _, out = built
    unmatched = page(out, links.provider_model("openrouter", UNMATCHED_ID))
    canonical = page(out, links.model(MARKUP_MODEL))
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"
    assert f"<h1>{escaped}</h1>" in unmatched and f"<h1>{escaped}</h1>" in canonical
    assert "&lt;i&gt;Maker&lt;/i&gt;" in canonical and "&lt;img src=x onerror=alert(2)&gt;" in canonical
    for html in (unmatched, canonical, page(out, links.INDEX), page(out, links.provider("openrouter"))):
        parser = Table()
        parser.feed(html)
        assert not {"script", "img", "b", "i"} & set(parser.tags)
        assert "<script" not in html and "<img" not in html


def test_file_names_from_ids_are_safe_unique_and_inside_the_site(built, tmp_path):
    _, out = built
    for odd in (links.provider_model("openrouter", UNMATCHED_ID), links.model(MARKUP_MODEL)):
        assert (out / odd).is_file()
    assert re.fullmatch(r"provider-models/openrouter/evil-script-alert-1-script-x-y_[0-9a-f]{15}\.html",
                        links.provider_model("openrouter", UNMATCHED_ID))
    everything = [p for p in out.rglob("*")]
    assert all(p.resolve().is_relative_to(out.resolve()) for p in everything)
    assert all(re.fullmatch(r"[a-z0-9._-]+", p.name) for p in everything)
    names = [slug(i) for i in ("..", "../..", ".", "a/b", "a:b", "a b", "a@b", "A", "a", "a-b", "con", "x" * 300)]
    assert len(set(names)) == len(names) and all("/" not in n and n not in ("", ".", "..") for n in names)
    with pytest.raises(ValueError):
        SiteFolder(tmp_path).path("..", "x.html")


def test_a_rewrite_replaces_each_page_whole_and_leaves_no_temporary_file(built, tmp_path):
    db, _ = built
    out = tmp_path / "out"
    engine = open_existing(f"sqlite:///{db}", write=False)
    write_site(engine, out, clock=lambda: NOW)
    index, before = out / links.INDEX, (out / links.INDEX).stat().st_ino
    seen, done = [], threading.Event()

    def reader() -> None:  # a reader during rewrites sees a whole page each time, never part of one
        while not done.is_set():
            seen.append(index.read_text(encoding="utf-8").endswith("</html>\n"))
    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(3):
            write_site(engine, out, ["groq"], clock=lambda: NOW)
    finally:
        done.set()
        thread.join()
    assert seen and all(seen)
    assert index.stat().st_ino != before  # moved into place, not written over
    assert not [p for p in out.rglob("*") if p.name.startswith(TEMP_PREFIX)]


def test_a_failed_write_keeps_the_old_page_and_removes_its_temporary_file(tmp_path, monkeypatch):
    folder = SiteFolder(tmp_path)
    folder.write("index.html", "old page")

    def broken(_descriptor):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError):
        folder.write("index.html", "new page")
    assert (tmp_path / "index.html").read_text() == "old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]


def test_a_full_build_removes_pages_of_models_that_are_gone_and_nothing_else(built, tmp_path):
    db, _ = built
    out = tmp_path / "out"
    (out / "models").mkdir(parents=True)
    (out / "models" / "gone.html").write_text("a model no longer in the mapping")
    (out / "models" / "notes.txt").write_text("not a page")
    (out / "README.txt").write_text("the publisher's own file")
    write_site(open_existing(f"sqlite:///{db}", write=False), out, clock=lambda: NOW)
    assert not (out / "models" / "gone.html").exists()
    assert (out / "models" / "notes.txt").exists() and (out / "README.txt").exists()


def test_a_providers_rewrite_touches_its_pages_its_models_and_the_index_only(built, tmp_path):
    db, _ = built
    out = tmp_path / "out"
    engine = open_existing(f"sqlite:///{db}", write=False)
    write_site(engine, out, clock=lambda: NOW)
    written = set(write_site(engine, out, ["groq"], clock=lambda: NOW))
    routed = {r[0] for r in query(db, "SELECT DISTINCT i.canonical_model FROM model_identities i JOIN models m "
                                      "ON m.id = i.model_id WHERE m.provider = 'groq'")}
    assert {links.model(m) for m in routed} <= written and links.provider("groq") in written
    assert {links.INDEX, links.BY_PRICE} <= written and links.provider("fireworks") not in written
    assert not any(p.startswith("provider-models/") and not p.startswith("provider-models/groq/") for p in written)
    others = {r[0] for r in query(db, "SELECT id FROM canonical_models")} - routed
    assert others and not {links.model(m) for m in others} & written


@pytest.mark.parametrize("args, message", [
    (["--db", "sqlite:///{tmp}/missing.db", "--out", "{tmp}/out"], "error: no database at"),
    (["--db", "sqlite:///{tmp}/foreign.db", "--out", "{tmp}/out"], "is not a prices database"),
    (["--db", "{db}", "--out", "{tmp}/a-file"], "cannot write the site to {tmp}/a-file: it is not a folder"),
    (["--db", "{db}", "--out", "{tmp}/a-file/sub"], "cannot write the site to {tmp}/a-file/sub: Not a directory"),
    (["--db", "{db}"], "no folder to write the site to"),
    (["--db", "postgresql://user:secret@host/db", "--out", "{tmp}/out"], "error: "),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(built, tmp_path, capsys, args, message):
    db, _ = built
    (tmp_path / "a-file").write_text("not a folder")
    sqlite3.connect(tmp_path / "foreign.db").execute("CREATE TABLE other (x)").connection.close()
    filled = [a.format(tmp=tmp_path, db=f"sqlite:///{db}") for a in args]
    env = {k: v for k, v in os.environ.items() if k != "PRICES_CONFIG"}
    result = subprocess.run([sys.executable, "-m", "jobs.site", *filled], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message.format(tmp=tmp_path) in result.stderr
    assert "secret" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_out_defaults_to_the_configs_site_folder(built, tmp_path):
    db, _ = built
    config = tmp_path / "daemon.toml"
    config.write_text(f'[daemon]\ndb = "sqlite:///{db}"\n[site]\nout = "public"\n')
    assert site_main(["--config", str(config)], clock=lambda: NOW) == 0
    assert (tmp_path / "public" / links.INDEX).is_file()


def test_the_templates_ship_with_the_package():
    """Templates and the stylesheet are read through the package (they must be installed with it)."""
    from importlib import resources
    templates = resources.files("jobs.site").joinpath("templates")
    assert {"base.html", "model.html", "provider.html", "provider_model.html", "index.html", "tier.html",
            "_macros.html", "style.css"} <= {p.name for p in templates.iterdir()}
