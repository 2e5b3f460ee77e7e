"""The model object of https://docs.x.ai/docs/models, its clusters' model lists and their entries.

The page is HTML that assigns the object in a script: ``globalThis.__XAI_PUBLIC_MODELS__ = {...}``.
A capture may hold the object alone (application/json). The object is decoded as JSON, never
evaluated: the assignment must be followed by an object literal, read with ``raw_decode``. The
object and its clusterConfigs list are read strictly; each cluster and list is a part of it that,
in another shape, is named and skipped (see scrapers/_partial.py).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from core.errors import ParseError
from scrapers._base import Page
from scrapers._partial import Parts
from scrapers.xai.entry import Entry

ASSIGNMENT = re.compile(r"globalThis\.__XAI_PUBLIC_MODELS__\s*=\s*")
MAIN = "languageModels"  # the catalogue's core: no cluster read listing it fails the run
MODEL_LISTS = (MAIN, "imageGenerationModels", "videoGenerationModels", "audioModels")
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


def model_lists(payload: dict[str, Any], url: str, parts: Parts) -> list[tuple[str, str, list[Any]]]:
    """(cluster, kind, entries) of every model list read. The clusterConfigs list is the catalogue: without it,
    or with no cluster read listing languageModels, the run fails. A cluster or list of another shape, a key
    the parser does not know, a kind of list no cluster lists: named in ``parts``, the rest read."""
    configs = payload.get("clusterConfigs") if isinstance(payload, dict) else None
    if not isinstance(configs, list) or not configs:
        raise ParseError(f"{url}: the models object has no clusterConfigs list")
    names = [config.get("clusterName") if isinstance(config, dict) else None for config in configs]
    found: list[tuple[str, str, list[Any]]] = []
    for index, (config, name) in enumerate(zip(configs, names, strict=True)):
        with parts.table(name if isinstance(name, str) and name and names.count(name) == 1
                         else f"clusterConfigs[{index}]"):
            if not isinstance(name, str) or not name:
                raise ParseError(f"{url}: clusterConfigs[{index}] is not a cluster with a clusterName")
            if names.count(name) > 1:  # which of the two is right is not guessed: neither is read
                raise ParseError(f"{url}: cluster {name!r} is listed {names.count(name)} times")
            found += _lists(config, name, url, parts)
    kinds = {kind for _, kind, _ in found}
    if MAIN not in kinds:
        raise ParseError(f"{url}: no cluster read lists {MAIN}")
    for kind in (k for k in MODEL_LISTS if k not in kinds):  # gone from every cluster: moved, not delisted?
        parts.name("list", kind, "no cluster lists it")
    return found


def _lists(config: dict[str, Any], cluster: str, url: str, parts: Parts) -> list[tuple[str, str, list[Any]]]:
    for key in sorted(set(config) - {"clusterName", *MODEL_LISTS}):
        _unknown_key(cluster, key, config[key], url, parts)
    lists = []
    for kind in (k for k in MODEL_LISTS if k in config):
        with parts.table(f"{cluster} · {kind}"):
            if not isinstance(config[kind], list):
                raise ParseError(f"{url}: cluster {cluster!r}: {kind} is not a list")
            lists.append((cluster, kind, config[kind]))
    return lists


def _unknown_key(cluster: str, key: str, value: Any, url: str, parts: Parts) -> None:
    """A key the parser does not know: a new kind of model list, whose models are named (new ones added with
    unknown values), or a setting, named as a whole (nothing the page lists is delisted this run)."""
    table = f"{cluster} · {key}"
    reason = f"cluster {cluster!r} has an unknown key {key!r}: a new kind of model or setting"
    if value == []:  # a new kind of list, empty: it holds no offering
        parts.name("table", table, reason, frozenset())
    parts.region = cluster  # an xAI offering is in its cluster's region
    for index, item in enumerate(value if isinstance(value, list) else [None]):
        name = model_name(item)
        parts.skip(table, name or f"{key}[{index}]", reason, name)


def model_name(data: Any) -> str | None:
    """The name of a model entry, or None when it has none (then its row cannot name its model)."""
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name else None


def model_entry(data: Any, cluster: str, kind: str, index: int, url: str) -> Entry:
    """One entry of a model list, checked to be a named model of this cluster."""
    if model_name(data) is None:
        raise ParseError(f"{url}: cluster {cluster!r}: {kind}[{index}] is not a model with a name")
    entry = Entry(url, cluster, kind, data)
    if data.get("cluster", cluster) != cluster:
        raise entry.fail(f"says it is in cluster {data['cluster']!r}")
    return entry
