"""Provider modules, by provider id. Adding a provider: its module, one line here, its fixtures and tests."""

from __future__ import annotations

from types import ModuleType

from core.errors import ConfigError
from scrapers import (
    ai21,
    avian,
    cerebras,
    cloudflare,
    deepinfra,
    fireworks,
    groq,
    mistral,
    moonshot,
    openrouter,
    publicai,
    sambanova,
    zai,
)

REGISTRY: dict[str, ModuleType] = {
    "ai21": ai21,
    "avian": avian,
    "cerebras": cerebras,
    "cloudflare": cloudflare,
    "deepinfra": deepinfra,
    "fireworks": fireworks,
    "groq": groq,
    "mistral": mistral,
    "moonshot": moonshot,
    "openrouter": openrouter,
    "publicai": publicai,
    "sambanova": sambanova,
    "zai": zai,
}


def get(provider_id: str) -> ModuleType:
    """The module of a provider; an unknown id is a ConfigError listing the known ones."""
    try:
        return REGISTRY[provider_id]
    except KeyError:
        raise ConfigError(f"unknown provider {provider_id!r}; known providers: {', '.join(REGISTRY)}") from None
