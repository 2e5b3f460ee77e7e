"""core.suggest: how unmatched ids are normalised and proposed, on small hand-written mappings."""

import pytest

from core.errors import ConfigError
from core.identity import load_mapping
from core.suggest import Listed, normalised, suggest
from jobs.mapping import checked_mapping
from tests.conftest import ROOT

MAPPING = '''
[models.deepseek-v3]
name = "DeepSeek V3"
maker = "DeepSeek"
ids = ["deepinfra:deepseek-ai/DeepSeek-V3"]

[models.claude-haiku-3-5]
name = "Claude Haiku 3.5"
maker = "Anthropic"
parameter_count = 1_000
ids = ["anthropic:claude-haiku-3-5"]
'''


def _mapping(tmp_path, text=MAPPING):
    path = tmp_path / "models.toml"
    path.write_text(text)
    return load_mapping(path)


def test_each_level_is_looser_than_the_one_before():
    assert normalised("meta-llama/Llama-3.3-70B-Instruct", "id") == "llama-3-3-70b-instruct"
    assert normalised("meta-llama/Llama-3.3-70B-Instruct", "suffix") == "llama-3-3-70b"
    assert normalised("qwen3p5-9b", "id") == normalised("Qwen/Qwen3.5-9B", "id") == "qwen-3-5-9b"
    assert normalised("claude-3.5-haiku", "words") == normalised("claude-haiku-3-5", "words")
    assert normalised("codestral-25-08", "words") == normalised("mistralai/codestral-2508", "words")


def test_a_key_of_numbers_and_single_letters_is_no_key():
    makers = frozenset({"morph", "deepseek"})
    assert normalised("morph/morph-v3-fast", "words", makers) == ""
    assert normalised("deepseek-ai/DeepSeek-V3", "words", makers) == ""
    assert normalised("deepseek-ai/DeepSeek-V3", "id", makers) == "deepseek-v-3"


def test_an_unrelated_model_with_the_same_version_is_not_proposed(tmp_path):
    found = suggest([Listed("openrouter", "morph/morph-v3-fast", "Morph: Morph V3 Fast")],
                    [Listed("deepinfra", "deepseek-ai/DeepSeek-V3", "")], _mapping(tmp_path))
    assert len(found) == 0 and not found.withheld


def test_an_id_in_another_order_is_proposed_for_its_canonical_model(tmp_path):
    found = suggest([Listed("openrouter", "anthropic/claude-3.5-haiku", "Anthropic: Claude 3.5 Haiku")],
                    [Listed("anthropic", "claude-haiku-3-5", "Claude Haiku 3.5")], _mapping(tmp_path))
    (addition,) = found.additions
    assert (addition.canonical, addition.level) == ("claude-haiku-3-5", "words")


def test_a_known_parameter_count_that_differs_withholds_the_proposal(tmp_path):
    found = suggest([Listed("openrouter", "anthropic/claude-3.5-haiku", "", parameter_count=2_000)],
                    [Listed("anthropic", "claude-haiku-3-5", "Claude Haiku 3.5")], _mapping(tmp_path))
    assert not found.additions
    assert "parameter counts differ" in found.withheld[0].reason


def test_two_providers_sharing_an_unmatched_id_get_a_new_canonical_model(tmp_path):
    found = suggest([Listed("deepinfra", "Qwen/Qwen2.5-72B-Instruct", ""),
                     Listed("openrouter", "qwen/qwen-2.5-72b-instruct", "Qwen2.5 72B Instruct"),
                     Listed("openrouter", "qwen/qwen3-8b", "Qwen: Qwen3 8B")], [], _mapping(tmp_path))
    (new,) = found.new_models
    assert [str(m) for m in new.models] == ["deepinfra:Qwen/Qwen2.5-72B-Instruct", "openrouter:qwen/qwen-2.5-72b-instruct"]
    assert new.name == "Qwen2.5 72B Instruct"


def test_one_providers_two_ids_are_not_a_shared_model(tmp_path):
    found = suggest([Listed("deepinfra", "Qwen/Qwen3-Embedding-4B", ""),
                     Listed("deepinfra", "Qwen/Qwen3-Embedding-4B-batch", "")], [], _mapping(tmp_path))
    assert not found.new_models


def test_a_key_naming_two_canonical_models_is_withheld(tmp_path):
    text = MAPPING + '''
[models.deepseek-v3-bis]
name = "DeepSeek V3"
ids = ["fireworks:deepseek-v3"]
'''
    found = suggest([Listed("openrouter", "deepseek/deepseek-v3", "")],
                    [Listed("deepinfra", "deepseek-ai/DeepSeek-V3", ""), Listed("fireworks", "deepseek-v3", "")],
                    _mapping(tmp_path, text))
    assert not found.additions
    assert "names 2 canonical models" in found.withheld[0].reason


KEPT_APART = '''
[[kept_apart]]
ids = ["openrouter:anthropic/claude-3.5-haiku", "models.claude-haiku-3-5"]
why = "reviewed: another model"
'''


def test_a_model_kept_apart_from_its_look_alike_is_not_proposed_again(tmp_path):
    found = suggest([Listed("openrouter", "anthropic/claude-3.5-haiku", "Anthropic: Claude 3.5 Haiku")],
                    [Listed("anthropic", "claude-haiku-3-5", "Claude Haiku 3.5")], _mapping(tmp_path, MAPPING + KEPT_APART))
    assert not found.additions and not found.withheld
    (apart,) = found.kept_apart
    assert (str(apart.model), apart.others, apart.why) == ("openrouter:anthropic/claude-3.5-haiku",
                                                           ("models.claude-haiku-3-5",), "reviewed: another model")


def test_two_providers_models_kept_apart_get_no_new_canonical_model(tmp_path):
    text = MAPPING + '''
[[kept_apart]]
ids = ["cloudflare:@cf/openai/whisper", "openai:whisper"]
why = "sizes not stated"
'''
    found = suggest([Listed("cloudflare", "@cf/openai/whisper", ""), Listed("openai", "whisper", "")], [],
                    _mapping(tmp_path, text))
    assert not found.new_models and [str(k.model) for k in found.kept_apart] == ["cloudflare:@cf/openai/whisper"]


@pytest.mark.parametrize("entry, problem", [
    ('ids = ["openrouter:x", "models.nosuch"]\nwhy = "w"', "'models.nosuch' names no canonical model"),
    ('ids = ["openrouter:x", "models.deepseek-v3"]', "must have exactly ids and why"),
    ('ids = ["openrouter:x"]\nwhy = "w"', "two or more different names"),
    ('ids = ["openrouter:x", ["nested"]]\nwhy = "w"', "two or more different names"),
    ('ids = ["openrouter:x", "nonsense"]\nwhy = "w"', "'nonsense' is neither"),
    ('ids = ["deepinfra:deepseek-ai/DeepSeek-V3", "models.deepseek-v3"]\nwhy = "w"',
     "the mapping makes deepseek-v3 of two of its names"),
])
def test_a_broken_kept_apart_entry_is_refused_with_its_problem_named(tmp_path, entry, problem):
    with pytest.raises(ConfigError) as error:
        _mapping(tmp_path, MAPPING + "\n[[kept_apart]]\n" + entry + "\n")
    assert "kept_apart entry 1" in str(error.value) and problem in str(error.value)


def test_the_repository_mapping_keeps_its_reviewed_pairs_apart():
    mapping = checked_mapping(ROOT / "canonical" / "models.toml")
    assert any({"zai:glm-5-turbo", "models.glm-5"} <= entry.names for entry in mapping.kept_apart)


def test_a_kept_apart_name_of_an_unregistered_provider_is_refused(tmp_path):
    path = tmp_path / "models.toml"
    path.write_text(MAPPING + '\n[[kept_apart]]\nids = ["groqq:x", "models.deepseek-v3"]\nwhy = "w"\n')
    with pytest.raises(ConfigError, match="unknown providers: groqq:x"):
        checked_mapping(path)
