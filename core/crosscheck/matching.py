"""Which offerings of ours a list entry names: by exact target, never by guessing."""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.crosscheck.lists import ListEntry, Target
from core.crosscheck.ours import OurOffering


def row_slug(label: str) -> str:
    """A pricing-page row label as a slug: lowercase, every run of characters other than letters,
    digits and dots becomes "-" ("DeepSeek V4 Flash (0731)" -> "deepseek-v4-flash-0731")."""
    return re.sub(r"[^a-z0-9.]+", "-", label.lower()).strip("-")


def index_ours(ours: Iterable[OurOffering]) -> dict[Target, list[OurOffering]]:
    """Our offerings under every target that names them: their key, and their row's slug."""
    index: dict[Target, list[OurOffering]] = {}
    for offering in ours:
        key = offering.key
        index.setdefault(Target("offering", key.model, key.tier, key.region), []).append(offering)
        if offering.row:
            index.setdefault(Target("row", row_slug(offering.row)), []).append(offering)
    return index


def named_offerings(entry: ListEntry, index: dict[Target, list[OurOffering]]) -> list[tuple[OurOffering, str]]:
    """The offerings an entry names, each with the id that named it; each offering once."""
    found = {}
    for target in entry.targets:
        for offering in index.get(target, []):
            found.setdefault(offering.key, (offering, target.via))
    return [found[key] for key in sorted(found)]
