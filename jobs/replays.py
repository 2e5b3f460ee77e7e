"""What ``jobs.refresh --replay DIR`` replays for each provider, oldest capture first.

``DIR`` may be one capture folder (it holds ``manifest.json``: every provider asked reads it), one
provider's folder of capture folders (``../shared/fixtures/openrouter``: that provider's captures), or
a folder of provider folders (``../shared/fixtures``: each provider asked that has a folder there).
Captures are ordered by their first ``fetched_at``, so history is built oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from core.errors import ConfigError
from scrapers._replay import ReplayTransport


@dataclass
class Replays:
    """Per provider, its capture folders' transports in the order to replay them; the providers without any."""

    plan: dict[str, list[tuple[ReplayTransport, str]]] = field(default_factory=dict)
    without: list[str] = field(default_factory=list)


def replays(directory: Path, ids: list[str], max_body_bytes: int) -> Replays:
    """The replays of ``directory`` for the providers ``ids``; a folder of none of the three shapes is a ConfigError."""
    if (directory / "manifest.json").exists() or not directory.is_dir():
        transport = ReplayTransport(directory, max_body_bytes)  # a missing folder or manifest is named here
        return Replays({pid: [(transport, f"replay of {directory}")] for pid in ids})
    captures = _captures(directory, max_body_bytes)
    if captures:
        if len(ids) > 1:
            raise ConfigError(f"--replay {directory}: it holds the capture folders of one provider; name that provider")
        return Replays({ids[0]: captures})
    found = Replays()
    for pid in ids:
        if own := _captures(directory / pid, max_body_bytes):
            found.plan[pid] = own
        else:
            found.without.append(pid)
    if not found.plan:
        raise ConfigError(f"--replay {directory}: no manifest.json there, nor capture folders, nor folders of "
                          f"{', '.join(ids) if len(ids) < 4 else 'the providers asked'} holding capture folders")
    return found


def _captures(folder: Path, max_body_bytes: int) -> list[tuple[ReplayTransport, str]]:
    """The capture folders directly in ``folder``, oldest first (by their first fetched_at, then name)."""
    if not folder.is_dir():
        return []
    found = [(ReplayTransport(sub, max_body_bytes), sub) for sub in sorted(folder.iterdir())
             if (sub / "manifest.json").is_file()]
    found.sort(key=lambda pair: (_first_fetch(pair[0]), pair[1].name))
    return [(transport, f"replay of {sub}") for transport, sub in found]


def _first_fetch(transport: ReplayTransport) -> datetime:
    return min((entry.fetched_at for entry in transport.responses.values()), default=datetime.max.replace(tzinfo=UTC))
