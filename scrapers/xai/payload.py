"""The model object of https://docs.x.ai/docs/models, and its clusters' model entries.

The page is HTML that assigns the object in a script: ``globalThis.__XAI_PUBLIC_MODELS__ = {...}``.
A capture may hold the object alone (application/json). The object is decoded as JSON, never
evaluated: the assignment must be followed by an object literal, read with ``raw_decode``.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from core.errors import ParseError
from scrapers._base import Page
from scrapers.xai.entry import Entry

ASSIGNMENT = re.compile(r"globalThis\.__XAI_PUBLIC_MODELS__\s*=\s*")
MODEL_LISTS = ("languageModels", "imageGenerationModels", "videoGenerationModels", "audioModels")
_DECODER = json.JSONDecoder(parse_float=Decimal)  # a fractional number stays exact


def read_payload(page: Page) -> dict[str, Any]:
    """The object the page assigns, from the HTML page or from a body holding the object alone."""
    if page.content_type.lower().startswith("application/json"):
        try:
            return _DECODER.decode(page.text())
        except ValueError as exc:
            raise ParseError(f"{page.url}: response is not JSON ({exc})") from exc
    objects = [_decoded(script, match.end(), page.url)
               for node in LexborHTMLParser(page.text()).css("script")
               for script in [node.text() or ""] for match in ASSIGNMENT.finditer(script)]
    if not objects:
        raise ParseError(f"{page.url}: no script assigns globalThis.__XAI_PUBLIC_MODELS__")
    if any(other != objects[0] for other in objects[1:]):
        raise ParseError(f"{page.url}: the page assigns globalThis.__XAI_PUBLIC_MODELS__ {len(objects)} "
                         "different objects")
    return objects[0]


def _decoded(text: str, start: int, url: str) -> dict[str, Any]:
    if text[start:start + 1] != "{":  # e.g. a function call: code, not data
        raise ParseError(f"{url}: globalThis.__XAI_PUBLIC_MODELS__ is not given a JSON object literal")
    try:
        return _DECODER.raw_decode(text, start)[0]
    except ValueError as exc:
        raise ParseError(f"{url}: the object assigned to globalThis.__XAI_PUBLIC_MODELS__ is not JSON ({exc})") from exc


def clusters(payload: dict[str, Any], url: str) -> dict[str, list[Entry]]:
    """Each cluster's model entries, by cluster name; an unknown shape is a ParseError naming the cluster."""
    configs = payload.get("clusterConfigs") if isinstance(payload, dict) else None
    if not isinstance(configs, list) or not configs:
        raise ParseError(f"{url}: the models object has no clusterConfigs list")
    found: dict[str, list[Entry]] = {}
    for index, config in enumerate(configs):
        name = config.get("clusterName") if isinstance(config, dict) else None
        if not isinstance(name, str) or not name:
            raise ParseError(f"{url}: clusterConfigs[{index}] is not a cluster with a clusterName")
        if name in found:
            raise ParseError(f"{url}: cluster {name!r} is listed twice")
        found[name] = _entries(config, name, url)
    return found


def _entries(config: dict[str, Any], cluster: str, url: str) -> list[Entry]:
    if unknown := sorted(set(config) - {"clusterName", *MODEL_LISTS}):
        raise ParseError(f"{url}: cluster {cluster!r} has unknown keys {unknown}: a new kind of model or setting")
    entries = []
    for kind in (k for k in MODEL_LISTS if k in config):
        if not isinstance(config[kind], list):
            raise ParseError(f"{url}: cluster {cluster!r}: {kind} is not a list")
        entries += [_entry(data, cluster, kind, index, url) for index, data in enumerate(config[kind])]
    return entries


def _entry(data: Any, cluster: str, kind: str, index: int, url: str) -> Entry:
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"]:
        raise ParseError(f"{url}: cluster {cluster!r}: {kind}[{index}] is not a model with a name")
    entry = Entry(url, cluster, kind, data)
    if data.get("cluster", cluster) != cluster:
        raise entry.fail(f"says it is in cluster {data['cluster']!r}")
    return entry
