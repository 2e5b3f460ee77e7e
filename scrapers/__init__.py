"""Provider modules, by provider id. Adding a provider: its module, one line here, its fixtures and tests.

The registry knows the ids without importing the modules: a module is imported when a run needs it
(``get``, or ``REGISTRY[id]``), so a command's ``--help`` does not import twenty-five scrapers.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType

from core.errors import ConfigError

# provider id -> its module under scrapers/ (tests/test_registry.py checks each module's PROVIDER.id)
_MODULES = {pid: pid for pid in ("ai21", "anthropic", "avian", "bedrock", "cerebras", "cloudflare", "deepinfra",
                                 "deepseek", "digitalocean", "fireworks", "google", "groq", "minimax", "mistral",
                                 "moonshot", "openai", "openrouter", "perplexity", "publicai", "sambanova", "scaleway",
                                 "together", "volcengine", "xai", "zai")}


class _Registry(Mapping[str, ModuleType]):
    """Provider id -> module, imported on first use."""

    def __getitem__(self, provider_id: str) -> ModuleType:
        return importlib.import_module(f"scrapers.{_MODULES[provider_id]}")

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


REGISTRY: Mapping[str, ModuleType] = _Registry()


def get(provider_id: str) -> ModuleType:
    """The module of a provider; an unknown id is a ConfigError listing the known ones."""
    try:
        return REGISTRY[provider_id]
    except KeyError:
        raise ConfigError(f"unknown provider {provider_id!r}; known providers: {', '.join(REGISTRY)}") from None
