"""Fireworks model ids as the lists write them, turned into the offerings they name.

Fireworks ids are ``accounts/fireworks/models/<slug>`` (a model, served at the standard tier
in the global region) and ``accounts/fireworks/routers/<slug>`` (a serving path of a model:
Fast variants and US-only endpoints have their own router ids). Our model ids are the slugs.
A router id names an offering only by one of the stated suffixes below; any other router
(``kimi-k2p6-turbo``) names nothing of ours.
"""

from __future__ import annotations

from core.crosscheck import Target

MODELS = "accounts/fireworks/models/"
ROUTERS = "accounts/fireworks/routers/"
# Longest first: "-fast-us" must win over "-us".
ROUTER_SUFFIXES = (("-fast-us", "fast", "us"), ("-fast", "fast", "global"), ("-us", "standard", "us"))


def fireworks_target(model_id: str) -> Target | None:
    """The offering a Fireworks model or router id names, None for any other id."""
    if model_id.startswith(MODELS) and "/" not in (slug := model_id.removeprefix(MODELS)) and slug:
        return Target("offering", slug, via=model_id)
    if model_id.startswith(ROUTERS):
        router = model_id.removeprefix(ROUTERS)
        for suffix, tier, region in ROUTER_SUFFIXES:
            if router.endswith(suffix) and len(router) > len(suffix):
                return Target("offering", router.removesuffix(suffix), tier, region, via=model_id)
    return None
