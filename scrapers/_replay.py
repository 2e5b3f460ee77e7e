"""Replaying a capture directory instead of the network.

A capture directory holds ``manifest.json``, mapping each source URL to the file
that holds its body, with status, content type and ``fetched_at`` (the format of
``../shared/fixtures/<provider>/<date>/``). A replayed page counts as observed at
its ``fetched_at``. A URL missing from the manifest behaves as a failed fetch.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

from core.errors import ConfigError, FetchError
from scrapers._base import Page, Source, canonical_url, check_page


class ReplayTransport:
    """Serves pages from a capture directory's manifest."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        self.responses = {canonical_url(url): entry for url, entry in _load_manifest(self.directory).items()}

    def get(self, source: Source, url: str) -> Page:
        entry = self.responses.get(canonical_url(url))
        if entry is None:
            raise FetchError(f"{url} is not in the capture {self.directory / 'manifest.json'}")
        body = self._read_body(url, entry)
        page = Page(url, int(entry.get("status", 200)), entry.get("content_type", ""), body,
                    _parse_time(entry, self.directory))
        return check_page(source, page)

    def _read_body(self, url: str, entry: dict) -> bytes:
        path = self.directory / entry["file"]
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise FetchError(f"{url}: capture file {path} cannot be read ({exc.strerror})") from exc
        expected = entry.get("sha256")
        if expected and hashlib.sha256(body).hexdigest() != expected:
            raise FetchError(f"{url}: capture file {path} does not match the sha256 in its manifest")
        return body


def _load_manifest(directory: Path) -> dict[str, dict]:
    path = directory / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"--replay {directory}: no manifest.json there") from None
    except ValueError as exc:
        raise ConfigError(f"{path} is not valid JSON: {exc}") from exc
    responses = manifest.get("responses") if isinstance(manifest, dict) else None
    if not isinstance(responses, dict) or not all(isinstance(e, dict) and "file" in e for e in responses.values()):
        raise ConfigError(f"{path}: expected {{\"responses\": {{url: {{\"file\": ..., ...}}}}}}")
    return responses


def _parse_time(entry: dict, directory: Path) -> datetime:
    text = entry.get("fetched_at")
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"{directory / 'manifest.json'}: fetched_at {text!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
