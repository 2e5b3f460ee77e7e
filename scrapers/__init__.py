"""Provider modules, by provider id. Adding a provider: its module, one line here, its fixtures and tests."""

from __future__ import annotations

from types import ModuleType

from core.errors import ConfigError
from scrapers import (
    ai21,
    anthropic,
    avian,
    bedrock,
    cerebras,
    cloudflare,
    deepinfra,
    deepseek,
    digitalocean,
    fireworks,
    google,
    groq,
    minimax,
    mistral,
    moonshot,
    openai,
    openrouter,
    perplexity,
    publicai,
    sambanova,
    scaleway,
    together,
    volcengine,
    xai,
    zai,
)

_MODULES = (ai21, anthropic, avian, bedrock, cerebras, cloudflare, deepinfra, deepseek, digitalocean, fireworks, google, groq,
            minimax, mistral, moonshot, openai, openrouter, perplexity, publicai, sambanova, scaleway, together,
            volcengine, xai, zai)
REGISTRY: dict[str, ModuleType] = {module.PROVIDER.id: module for module in _MODULES}


def get(provider_id: str) -> ModuleType:
    """The module of a provider; an unknown id is a ConfigError listing the known ones."""
    try:
        return REGISTRY[provider_id]
    except KeyError:
        raise ConfigError(f"unknown provider {provider_id!r}; known providers: {', '.join(REGISTRY)}") from None
