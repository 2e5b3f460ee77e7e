"""Canonical model identities: the mapping file's rules, checked; applied to the database whole,
deterministically, by python -m jobs.models and by every successful refresh."""

import dataclasses
import json
import shutil
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

import jobs.mapping
import scrapers
import scrapers.cerebras as cerebras
from core.errors import ConfigError
from core.identity import ANY_PROVIDER, CanonicalModel, load_mapping, mapping_of
from jobs.mapping import MAPPING_FILE, checked_mapping, repository_mapping
from jobs.models import main
from jobs.runner import refresh
from scrapers._replay import ReplayTransport
from storage.archive import Archive
from storage.db import open_database
from storage.identities import apply_mapping, unmatched_models
from tests.conftest import FIREWORKS_CAPTURE, capture_dir, dump, query, write_capture

CLOCK = lambda: datetime(2026, 11, 27, 12, tzinfo=UTC)  # noqa: E731
REAL_CAPTURES = (FIREWORKS_CAPTURE, "groq/2026", "deepinfra/2026-04-17", "cerebras/2026-08",
                 "openrouter/2026-01-05T0011Z")
IDENTITY_TABLES = ("canonical_models", "model_identities")


def replay_real_captures(path: Path) -> Path:
    """A database filled the way a user fills it: one refresh per real capture (no explicit apply)."""
    engine = open_database(f"sqlite:///{path}")
    for capture in REAL_CAPTURES:
        module = scrapers.get(capture.split("/")[0])
        report = refresh(module, ReplayTransport(capture_dir(capture)), engine, "replay", clock=CLOCK)
        assert report.status == "success", (capture, report.error)
    engine.dispose()
    return path


def identities(db: Path) -> list[str]:
    """Both identity tables, every row, as text."""
    return [row for row in dump(db) if row.split(":")[0] in IDENTITY_TABLES]


def rules_of(text: str) -> tuple[dict, dict]:
    """Independently of core.identity: the file's provider rules and '*' rules, as (canonical, rule text)."""
    own, anywhere = {}, {}
    for canonical, table in tomllib.loads(text)["models"].items():
        for rule in table["ids"]:
            provider, _, model = rule.partition(":")
            if provider == "*":
                anywhere[model] = (canonical, rule)
            else:
                own[(provider, model)] = (canonical, rule)
    return own, anywhere


def expected_identities(db: Path, text: str | None = None) -> dict[tuple[str, str], tuple[str, str]]:
    """(provider, model) -> (canonical, rule) for every stored model (not price class) a rule names."""
    own, anywhere = rules_of(text or MAPPING_FILE.read_text())
    result = {}
    for row in query(db, "SELECT provider, model FROM models WHERE kind = 'model'"):
        hit = own.get((row["provider"], row["model"])) or anywhere.get(row["model"])
        if hit:
            result[(row["provider"], row["model"])] = hit
    return result


def stored_identities(db: Path) -> dict[tuple[str, str], tuple[str, str]]:
    rows = query(db, "SELECT m.provider, m.model, i.canonical_model, i.rule FROM model_identities i "
                     "JOIN models m ON m.id = i.model_id")
    return {(r["provider"], r["model"]): (r["canonical_model"], r["rule"]) for r in rows}


def repository_tables() -> dict:
    """The repository mapping's tables, read afresh: a test edits its own copy."""
    return tomllib.loads(MAPPING_FILE.read_text())["models"]


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | date):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value)  # a TOML basic string


def mapping_text(tables: dict) -> str:
    """A mapping file of these tables (the subset of TOML the mapping uses)."""
    return "".join(f'\n[models."{model_id}"]\n' + "".join(f"{key} = {_toml(v)}\n" for key, v in table.items())
                   for model_id, table in tables.items())


def write_mapping(tmp_path: Path, text: str, name: str = "models.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def real_db(tmp_path_factory) -> Path:
    return replay_real_captures(tmp_path_factory.mktemp("identity") / "prices.db")


@pytest.fixture
def db(real_db, tmp_path) -> Path:
    """A copy of the replayed database, for a test that writes."""
    path = tmp_path / "prices.db"
    shutil.copyfile(real_db, path)
    return path


def url(path: Path) -> str:
    return f"sqlite:///{path}"


# --- the mapping file -------------------------------------------------------------------------

SAMPLE = """
[models.alpha]
name = "Alpha 7B"
family = "Alpha"
maker = "Acme"
parameter_count = 7_000_000_000
open_weights = true
released = 2025-01-02
source = "https://example.invalid/alpha"
ids = ["*:acme/alpha", "groq:alpha-fast"]

[models.beta]
ids = ["groq:acme/alpha", "deepinfra:beta"]
"""


def test_a_mapping_lists_its_canonical_models_with_their_facts_and_rules(tmp_path):
    mapping = load_mapping(write_mapping(tmp_path, SAMPLE))
    assert mapping.models["alpha"] == CanonicalModel("alpha", "Alpha 7B", "Alpha", "Acme", 7_000_000_000, True,
                                                     date(2025, 1, 2), source="https://example.invalid/alpha")
    assert mapping.models["beta"] == CanonicalModel("beta", "beta")  # no name: its id; unstated facts: None
    assert sorted(str(r) for r in mapping.rules.values()) == [
        "*:acme/alpha", "deepinfra:beta", "groq:acme/alpha", "groq:alpha-fast"]


def test_a_providers_own_rule_wins_over_a_rule_for_any_provider(tmp_path):
    mapping = load_mapping(write_mapping(tmp_path, SAMPLE))
    own = mapping.match("groq", "acme/alpha")
    assert (own.canonical, str(own)) == ("beta", "groq:acme/alpha")
    for provider in ("openrouter", "deepinfra", "fireworks"):
        anywhere = mapping.match(provider, "acme/alpha")
        assert (anywhere.canonical, str(anywhere)) == ("alpha", "*:acme/alpha")
    assert mapping.match("deepinfra", "beta").canonical == "beta"
    assert mapping.match("groq", "beta") is None  # a provider rule is that provider's only
    assert mapping.match("groq", "Acme/Alpha") is None and mapping.match("groq", "acme/alpha ") is None  # exact


def test_precedence_does_not_depend_on_the_order_of_the_file(tmp_path):
    beta_first = SAMPLE.split("[models.beta]")[1]
    reordered = "[models.beta]" + beta_first + SAMPLE.split("[models.beta]")[0]
    for text in (SAMPLE, reordered):
        mapping = load_mapping(write_mapping(tmp_path, text))
        assert mapping.match("groq", "acme/alpha").canonical == "beta"
        assert mapping.match("cerebras", "acme/alpha").canonical == "alpha"


@pytest.mark.parametrize("second", ['"groq:alpha-fast"', '"*:acme/alpha"'])
def test_an_id_claimed_by_two_canonical_models_is_an_error_naming_both(tmp_path, second):
    path = write_mapping(tmp_path, SAMPLE + f'\n[models.gamma]\nids = ["deepinfra:gamma", {second}]\n')
    with pytest.raises(ConfigError) as error:
        load_mapping(path)
    message = str(error.value)
    assert str(path) in message and second.strip('"') in message
    assert "'alpha'" in message and "'gamma'" in message


def test_the_same_id_twice_in_one_model_is_no_conflict(tmp_path):
    mapping = load_mapping(write_mapping(tmp_path, '[models.a]\nids = ["groq:x", "groq:x"]\n'))
    assert list(mapping.rules) == [("groq", "x")]


def test_an_unknown_key_is_an_error_naming_the_file_and_the_model(tmp_path):
    path = write_mapping(tmp_path, SAMPLE.replace('maker = "Acme"', 'maker = "Acme"\naliases = ["a"]'))
    with pytest.raises(ConfigError) as error:
        load_mapping(path)
    message = str(error.value)
    assert str(path) in message and "models.alpha" in message and "unknown key(s) ['aliases']" in message


@pytest.mark.parametrize("key, value", [
    ("parameter_count", '"7B"'), ("parameter_count", "0"), ("parameter_count", "-7"), ("parameter_count", "7.5"),
    ("parameter_count", "true"), ("open_weights", '"yes"'), ("open_weights", "1"),
    ("released", '"2025-01-02"'), ("released", "2025-01-02T00:00:00Z"), ("name", "7"), ("family", '["Alpha"]'),
    ("maker", "{ a = 1 }"), ("source", "1"),
])
def test_a_fact_of_the_wrong_type_is_an_error_naming_the_file_model_and_key(tmp_path, key, value):
    lines = [line for line in SAMPLE.splitlines() if not line.startswith(f"{key} =")]
    text = "\n".join(lines).replace("[models.alpha]", f"[models.alpha]\n{key} = {value}")
    path = write_mapping(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_mapping(path)
    assert str(path) in str(error.value) and f"models.alpha.{key}:" in str(error.value)


@pytest.mark.parametrize("ids", ['"groq:x"', "[]", '["groq"]', '[":x"]', '["groq:"]', '["groq: x"]',
                                 '["groq:x "]', "[5]", '["*:"]'])
def test_ids_must_list_provider_colon_model_strings(tmp_path, ids):
    path = write_mapping(tmp_path, f"[models.a]\nids = {ids}\n")
    with pytest.raises(ConfigError) as error:
        load_mapping(path)
    assert str(path) in str(error.value) and "models.a.ids" in str(error.value)


def test_a_model_without_ids_is_an_error(tmp_path):
    path = write_mapping(tmp_path, '[models.a]\nname = "A"\n')
    with pytest.raises(ConfigError, match=r"models\.a\.ids must list"):
        load_mapping(path)


@pytest.mark.parametrize("text, message", [
    ("", "expected only [models.<id>] tables"),
    ('version = 1\n[models.a]\nids = ["groq:x"]\n', "expected only [models.<id>] tables"),
    ("models = 3\n", "expected only [models.<id>] tables"),
    ("[models]\na = 1\n", "models.a must be a table"),
    ("[models.a\nids = []", "is not valid TOML"),
    ('[models.a]\nids = ["groq:x"]\n[models.a]\nids = ["groq:y"]\n', "is not valid TOML"),
])
def test_a_malformed_file_is_an_error_naming_it(tmp_path, text, message):
    path = write_mapping(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        load_mapping(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_an_unreadable_or_undecodable_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read model mapping"):
        load_mapping(tmp_path / "missing.toml")
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('[models.a]\nname = "Caf\xe9"\nids = ["groq:x"]\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_mapping(latin1)


def test_mapping_of_names_where_the_tables_came_from():
    with pytest.raises(ConfigError, match=r"^model mapping somewhere\.toml: models\.a\.ids"):
        mapping_of({"a": {"ids": "groq:x"}}, "somewhere.toml")


# --- the repository's mapping -------------------------------------------------------------------

def test_the_repository_mapping_loads_and_names_only_registered_providers(tmp_path):
    mapping = checked_mapping(MAPPING_FILE)
    assert len(mapping.models) >= 30
    providers = {rule.provider for rule in mapping.rules.values()}
    assert providers <= {*scrapers.REGISTRY, ANY_PROVIDER}
    assert ANY_PROVIDER in providers
    assert repository_mapping() == mapping
    copy = write_mapping(tmp_path, mapping_text(repository_tables()))  # where the tests' edited copies start
    without_reviews = dataclasses.replace(mapping, kept_apart=())  # the copy holds the [models] tables only
    assert load_mapping(copy) == without_reviews and checked_mapping(copy) == without_reviews
    own, anywhere = rules_of(MAPPING_FILE.read_text())  # nothing dropped or invented on the way
    assert {str(r) for r in mapping.rules.values()} == {r for _, r in [*own.values(), *anywhere.values()]}


def test_the_repository_mapping_states_the_facts_of_gpt_oss_120b():
    model = repository_mapping().models["gpt-oss-120b"]
    assert (model.name, model.family, model.maker, model.parameter_count, model.open_weights, model.released) == (
        "gpt-oss-120b", "gpt-oss", "OpenAI", 117_000_000_000, True, date(2025, 8, 5))
    for provider in ("groq", "deepinfra", "openrouter", "together"):
        assert repository_mapping().match(provider, "openai/gpt-oss-120b").canonical == "gpt-oss-120b"
    assert str(repository_mapping().match("deepinfra", "openai/gpt-oss-120b-Turbo")) == \
        "deepinfra:openai/gpt-oss-120b-Turbo"


def test_a_rule_naming_an_unregistered_provider_is_rejected(tmp_path):
    path = write_mapping(tmp_path, '[models.a]\nids = ["groqq:x", "groq:y", "*:z", "fire-works:w"]\n')
    assert load_mapping(path)  # well formed: only the registry check rejects it
    with pytest.raises(ConfigError) as error:
        checked_mapping(path)
    assert str(error.value) == f"model mapping {path}: rules name unknown providers: fire-works:w, groqq:x"


# --- applying it to a database ---------------------------------------------------------------

def test_every_refresh_applied_the_repository_mapping(real_db):
    """The replayed database never ran jobs.models apply: the refreshes stored the identities."""
    expected = expected_identities(real_db)
    assert stored_identities(real_db) == expected
    assert expected[("groq", "openai/gpt-oss-120b")] == ("gpt-oss-120b", "*:openai/gpt-oss-120b")
    assert expected[("fireworks", "gpt-oss-120b")] == ("gpt-oss-120b", "fireworks:gpt-oss-120b")
    assert {p for p, _ in expected} == {"fireworks", "groq", "deepinfra", "cerebras", "openrouter"}
    canonical = query(real_db, "SELECT * FROM canonical_models WHERE id = 'gpt-oss-120b'")
    assert tuple(canonical[0]) == ("gpt-oss-120b", "gpt-oss-120b", "gpt-oss", "OpenAI", 117_000_000_000, 1,
                                   "2025-08-05", "text", repository_mapping().models["gpt-oss-120b"].source)
    assert query(real_db, "SELECT COUNT(*) FROM canonical_models")[0][0] == len(repository_mapping().models)


def test_price_classes_never_get_an_identity(db):
    """Fireworks' size tiers are price classes, not models: a rule naming one matches nothing."""
    size_tier = query(db, "SELECT model FROM models WHERE provider = 'fireworks' AND kind = 'price_class'")[0][0]
    mapping = mapping_of({"tier": {"ids": [f"fireworks:{size_tier}"]}}, "test")
    engine = open_database(url(db))
    with Session(engine) as session:
        applied = apply_mapping(session, mapping)
        session.commit()
    assert applied.matched == 0 and applied.unused_rules == [f"fireworks:{size_tier}"]
    assert query(db, "SELECT COUNT(*) FROM model_identities")[0][0] == 0


def test_apply_reports_what_it_matched(db, capsys):
    expected = expected_identities(db)
    models = query(db, "SELECT COUNT(*) FROM models WHERE kind = 'model'")[0][0]
    own, anywhere = rules_of(MAPPING_FILE.read_text())
    used = {rule for _, rule in expected.values()}
    unused = len([r for _, r in [*own.values(), *anywhere.values()] if r not in used])
    capsys.readouterr()
    assert main(["apply", "--db", url(db)]) == 0
    listed_unmatched = query(db, "SELECT COUNT(*) FROM models m WHERE kind = 'model' AND m.id NOT IN "
                             "(SELECT model_id FROM model_identities) AND EXISTS (SELECT 1 FROM offerings o "
                             "WHERE o.model_id = m.id AND o.delisted_at IS NULL)")[0][0]
    assert capsys.readouterr().out == (
        f"{len(repository_mapping().models)} canonical models; {len(expected)} provider models matched, "
        f"{listed_unmatched} listed ones unmatched (python -m jobs.models unmatched lists them); "
        f"{unused} rules name no stored model\n")
    assert listed_unmatched <= models - len(expected)
    assert stored_identities(db) == expected


def test_applying_twice_gives_identical_rows(db):
    before = identities(db)
    assert main(["apply", "--db", url(db)]) == 0
    once = identities(db)
    assert main(["apply", "--db", url(db)]) == 0
    assert identities(db) == once == before  # the refreshes' identities are the same as an explicit apply's


def test_the_order_of_the_file_does_not_change_the_rows(db, tmp_path):
    path = write_mapping(tmp_path, mapping_text(dict(reversed(repository_tables().items()))))
    assert list(load_mapping(path).models) == list(reversed(repository_mapping().models))
    before = identities(db)
    assert main(["apply", "--mapping", str(path), "--db", url(db)]) == 0
    assert identities(db) == before


def wrongly_edited(tmp_path: Path) -> Path:
    """The repository mapping with cerebras' gpt-oss-120b wrongly put under gpt-oss-20b."""
    tables = repository_tables()
    tables["gpt-oss-120b"]["ids"].remove("cerebras:gpt-oss-120b")
    tables["gpt-oss-20b"]["ids"].append("cerebras:gpt-oss-120b")
    return write_mapping(tmp_path, mapping_text(tables), "wrong.toml")


def test_a_wrong_match_is_corrected_by_editing_the_mapping_and_applying_again(db, tmp_path, capsys):
    right = identities(db)
    wrong = wrongly_edited(tmp_path)
    assert main(["apply", "--mapping", str(wrong), "--db", url(db)]) == 0
    assert stored_identities(db)[("cerebras", "gpt-oss-120b")] == ("gpt-oss-20b", "cerebras:gpt-oss-120b")
    assert stored_identities(db) == expected_identities(db, wrong.read_text())
    ladder = query(db, "SELECT canonical_model FROM price_ladder "
                       "WHERE provider = 'cerebras' AND model = 'gpt-oss-120b'")
    assert [r[0] for r in ladder] == ["gpt-oss-20b"]

    fixed = write_mapping(tmp_path, MAPPING_FILE.read_text(), "fixed.toml")  # the rule edited back
    assert main(["apply", "--mapping", str(fixed), "--db", url(db)]) == 0
    assert stored_identities(db)[("cerebras", "gpt-oss-120b")] == ("gpt-oss-120b", "cerebras:gpt-oss-120b")
    assert identities(db) == right


def test_a_wrong_match_is_corrected_by_the_next_refresh_of_any_provider(db, tmp_path):
    """The refresh applies the (repository's, correct) mapping whole: every provider's identities, not
    only those of the provider it refreshed."""
    right = identities(db)
    assert main(["apply", "--mapping", str(wrongly_edited(tmp_path)), "--db", url(db)]) == 0
    assert identities(db) != right
    later = write_capture(tmp_path / "cerebras-later", {
        "https://api.cerebras.ai/public/v1/models": (capture_dir("cerebras/2026-08") / "models.json",
                                                     "application/json", "2026-09-01T00:00:00Z")})
    engine = open_database(url(db))
    assert refresh(cerebras, ReplayTransport(later), engine, "replay", clock=CLOCK).status == "success"
    assert identities(db) == right


def test_a_rule_that_matches_nothing_is_not_an_error(db, tmp_path, capsys):
    text = MAPPING_FILE.read_text() + '\n[models.nowhere]\nids = ["groq:no-such-model", "*:acme/never-served"]\n'
    path = write_mapping(tmp_path, text)
    mapping = checked_mapping(path)
    engine = open_database(url(db))
    with Session(engine) as session:
        applied = apply_mapping(session, mapping)
        session.commit()
    assert {"groq:no-such-model", "*:acme/never-served"} <= set(applied.unused_rules)
    assert "sambanova:gpt-oss-120b" in applied.unused_rules  # a provider none of these captures is from
    assert applied.unused_rules == sorted(applied.unused_rules)
    assert query(db, "SELECT name FROM canonical_models WHERE id = 'nowhere'")[0][0] == "nowhere"
    capsys.readouterr()
    assert main(["apply", "--mapping", str(path), "--db", url(db)]) == 0
    assert f"{len(applied.unused_rules)} rules name no stored model" in capsys.readouterr().out


def test_unmatched_lists_the_listed_models_no_rule_names(real_db, capsys):
    expected = expected_identities(real_db)
    rows = query(real_db, "SELECT DISTINCT provider, model, model_name FROM current_prices "
                          "WHERE model_kind = 'model' AND provider = 'groq' ORDER BY provider, model")
    lonely = [f"{r['provider']}\t{r['model']}\t{r['model_name']}" for r in rows
              if (r["provider"], r["model"]) not in expected]
    assert lonely and len(lonely) < len(rows)
    before = (real_db.read_bytes(), identities(real_db))
    capsys.readouterr()
    assert main(["unmatched", "groq", "--db", url(real_db)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == lonely
    assert err.strip().endswith(f"{len(lonely)} listed provider models match no rule in {MAPPING_FILE}")
    assert (real_db.read_bytes(), identities(real_db)) == before  # listing writes nothing


def test_unmatched_without_providers_lists_every_provider_in_order(real_db, capsys):
    expected = expected_identities(real_db)
    listed = {(r["provider"], r["model"]) for r in query(real_db, "SELECT provider, model FROM current_prices "
                                                                  "WHERE model_kind = 'model'")}
    capsys.readouterr()
    assert main(["unmatched", "--db", url(real_db)]) == 0
    printed = [tuple(line.split("\t")[:2]) for line in capsys.readouterr().out.splitlines()]
    assert printed == sorted(listed - expected.keys())
    assert {p for p, _ in printed} == {"fireworks", "groq", "deepinfra", "openrouter"}  # cerebras: both named


def test_unmatched_leaves_out_delisted_models(db, tmp_path):
    """A model no rule names that is no longer listed is not the mapping's concern."""
    engine = open_database(url(db))
    mapping = repository_mapping()
    with Session(engine) as session:
        before = [(m.provider, m.model) for m in unmatched_models(session, mapping, ["groq"])]
    gone = before[0]
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE offerings SET delisted_at = '2026-07-01 00:00:00.000000' WHERE model_id = "
                                   "(SELECT id FROM models WHERE provider = ? AND model = ?)", gone)
    with Session(engine) as session:
        after = [(m.provider, m.model) for m in unmatched_models(session, mapping, ["groq"])]
    assert after == before[1:]


@pytest.mark.parametrize("args, message", [
    (["unmatched", "nope"], "unknown provider 'nope'"),
    (["apply", "--mapping", "/nonexistent/models.toml"], "cannot read model mapping /nonexistent/models.toml"),
])
def test_bad_arguments_exit_2_and_write_nothing(db, capsys, args, message):
    before = db.read_bytes()
    capsys.readouterr()
    assert main([*args, "--db", url(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert db.read_bytes() == before


def test_apply_with_a_rule_naming_an_unregistered_provider_exits_2_and_writes_nothing(db, tmp_path, capsys):
    tables = repository_tables()
    tables["llama-3-3-70b-instruct"]["ids"].append("grok:llama-3.3-70b-versatile")
    path = write_mapping(tmp_path, mapping_text(tables))
    before = db.read_bytes()
    capsys.readouterr()
    assert main(["apply", "--mapping", str(path), "--db", url(db)]) == 2
    assert capsys.readouterr().err.strip() == (f"error: model mapping {path}: rules name unknown providers: "
                                               "grok:llama-3.3-70b-versatile")
    assert db.read_bytes() == before


def test_a_mistyped_database_is_an_error_not_a_new_database(tmp_path, capsys):
    missing = tmp_path / "typo.db"
    assert main(["apply", "--db", url(missing)]) == 2
    assert capsys.readouterr().err.startswith(f"error: no database at {missing}") and not missing.exists()


def edited_cerebras_mapping(tmp_path: Path) -> Path:
    """The repository mapping with cerebras' gemma-4-31b made a canonical model of its own."""
    tables = repository_tables()
    tables["gemma-4-31b-it"]["ids"].remove("cerebras:gemma-4-31b")
    tables["gemma-4-31b-cerebras"] = {"ids": ["cerebras:gemma-4-31b"]}
    return write_mapping(tmp_path, mapping_text(tables), "edited.toml")


def test_a_refresh_that_parses_applies_the_mapping_as_edited_since(tmp_path, monkeypatch):
    engine = open_database(url(tmp_path / "p.db"))
    capture = capture_dir("cerebras/2026-08")
    assert refresh(cerebras, ReplayTransport(capture), engine, "replay", clock=CLOCK).status == "success"
    assert stored_identities(tmp_path / "p.db")[("cerebras", "gemma-4-31b")][0] == "gemma-4-31b-it"
    monkeypatch.setattr(jobs.mapping, "MAPPING_FILE", edited_cerebras_mapping(tmp_path))
    assert refresh(cerebras, ReplayTransport(capture), engine, "replay", clock=CLOCK).status == "success"
    assert stored_identities(tmp_path / "p.db")[("cerebras", "gemma-4-31b")] == (
        "gemma-4-31b-cerebras", "cerebras:gemma-4-31b")


def test_a_refresh_with_unchanged_bodies_applies_the_mapping_as_edited_since(tmp_path, monkeypatch):
    engine, archive = open_database(url(tmp_path / "p.db")), Archive(tmp_path / "archive")
    capture = capture_dir("cerebras/2026-08")
    first = refresh(cerebras, ReplayTransport(capture), engine, "replay", clock=CLOCK, archive=archive)
    assert first.status == "success"
    monkeypatch.setattr(jobs.mapping, "MAPPING_FILE", edited_cerebras_mapping(tmp_path))
    again = refresh(cerebras, ReplayTransport(capture), engine, "replay", clock=CLOCK, archive=archive)
    assert again.status == "success" and again.diff.bodies_unchanged == 2
    assert stored_identities(tmp_path / "p.db")[("cerebras", "gemma-4-31b")] == (
        "gemma-4-31b-cerebras", "cerebras:gemma-4-31b")
