"""The repository's canonical-model mapping (canonical/models.toml), checked, and applying it.

Identities are derived data: a run applies the mapping in its own transaction, and a mapping
that cannot be read (a bad edit) leaves the last applied identities as they are, with a warning
on the run, so a mistake in the file never stops price collection.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlmodel import Session

import scrapers
from core.errors import ConfigError
from core.identity import ANY_PROVIDER, Mapping, load_mapping
from storage.identities import apply_mapping

MAPPING_FILE = Path(__file__).resolve().parent.parent / "canonical" / "models.toml"
MAPPING_NOT_APPLIED = "canonical model identities not updated"


def repository_mapping() -> Mapping:
    """The repository's mapping, checked against the registered providers (re-read when the file changes)."""
    try:
        version = MAPPING_FILE.stat().st_mtime_ns
    except OSError as exc:
        raise ConfigError(f"cannot read model mapping {MAPPING_FILE}: {exc.strerror}") from exc
    return _checked(MAPPING_FILE, version)


@cache
def _checked(path: Path, _version: int) -> Mapping:
    return checked_mapping(path)


def checked_mapping(path: Path) -> Mapping:
    """A mapping file whose rules name only registered providers (a typo would match nothing, silently)."""
    mapping = load_mapping(path)
    known = {*scrapers.REGISTRY, ANY_PROVIDER}
    apart = {name for entry in mapping.kept_apart for name in entry.names if not name.startswith("models.")}
    strangers = sorted({str(r) for r in mapping.rules.values() if r.provider not in known}
                       | {name for name in apart if name.partition(":")[0] not in known - {ANY_PROVIDER}})
    if strangers:
        raise ConfigError(f"model mapping {path}: rules name unknown providers: {', '.join(strangers)}")
    return mapping


def apply_repository_mapping(session: Session) -> list[str]:
    """Apply the repository's mapping in the caller's transaction; a warning (and the last applied
    identities kept) when it cannot be read."""
    try:
        mapping = repository_mapping()
    except ConfigError as exc:
        return [f"{MAPPING_NOT_APPLIED} (the last applied stay): {exc}"]
    apply_mapping(session, mapping)
    return []
