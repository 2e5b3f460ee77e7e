"""Replaying a capture directory instead of the network.

A capture directory holds ``manifest.json``, mapping each source URL to the file
that holds its body, with status, content type and ``fetched_at`` (the format of
``../shared/fixtures/<provider>/<date>/``, and of a run's folder in our raw-response
archive, whose entries add ``"compression": "gzip"`` and point at shared blobs). A
replayed page counts as observed at its ``fetched_at``. A URL missing from the manifest
behaves as a failed fetch.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from core.errors import ConfigError, FetchError
from scrapers._base import Page, Source, canonical_url, check_page


class ReplayTransport:
    """Serves pages from a capture directory's manifest; a malformed manifest is a ConfigError up front."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)
        self.responses = {_canonical(url, self.directory): _entry(url, entry, self.directory)
                          for url, entry in _load_manifest(self.directory).items()}

    def get(self, source: Source, url: str, known: Page | None = None) -> Page:
        entry = self.responses.get(canonical_url(url))
        if entry is None:
            raise FetchError(f"{url} is not in the capture {self.directory / 'manifest.json'}")
        page = Page(url, entry.status, entry.content_type, self._read_body(url, entry), entry.fetched_at)
        return check_page(source, page)

    def _read_body(self, url: str, entry: Entry) -> bytes:
        path = self.directory / entry.file
        try:
            body = path.read_bytes()
            if entry.compression == "gzip":
                body = gzip.decompress(body)
        except OSError as exc:
            raise FetchError(f"{url}: capture file {path} cannot be read ({exc.strerror or exc})") from exc
        except EOFError as exc:
            raise FetchError(f"{url}: capture file {path} is cut short ({exc})") from exc
        if entry.sha256 and hashlib.sha256(body).hexdigest() != entry.sha256:
            raise FetchError(f"{url}: capture file {path} does not match the sha256 in its manifest")
        return body


@dataclass(frozen=True)
class Entry:
    file: str
    status: int
    content_type: str
    fetched_at: datetime
    sha256: str | None
    compression: str | None = None


def _load_manifest(directory: Path) -> dict[str, dict]:
    path = directory / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"--replay {directory}: no manifest.json there") from None
    except OSError as exc:
        raise ConfigError(f"--replay {directory}: cannot read {path} ({exc.strerror})") from exc
    except ValueError as exc:
        raise ConfigError(f"{path} is not valid JSON: {exc}") from exc
    responses = manifest.get("responses") if isinstance(manifest, dict) else None
    if not isinstance(responses, dict):
        raise ConfigError(f"{path}: expected {{\"responses\": {{url: {{\"file\": ..., ...}}}}}}")
    return responses


def _canonical(url: str, directory: Path) -> str:
    try:
        return canonical_url(url)
    except httpx.InvalidURL as exc:
        raise ConfigError(f"{directory / 'manifest.json'}: {url!r} is not a URL ({exc})") from exc


def _entry(url: str, entry: object, directory: Path) -> Entry:
    where = f"{directory / 'manifest.json'}: {url}"
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
        raise ConfigError(f"{where}: each response needs a \"file\"")
    status = entry.get("status", 200)
    if not isinstance(status, int) or isinstance(status, bool):
        raise ConfigError(f"{where}: status {status!r} is not an HTTP status code")
    compression = entry.get("compression")
    if compression not in (None, "gzip"):
        raise ConfigError(f"{where}: compression {compression!r} is not supported (only \"gzip\")")
    return Entry(entry["file"], status, str(entry.get("content_type", "")),
                 _parse_time(entry.get("fetched_at"), where), entry.get("sha256") or None, compression)


def _parse_time(text: object, where: str) -> datetime:
    """An ISO 8601 time as aware UTC; a time without offset is taken as UTC."""
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"{where}: fetched_at {text!r} is not an ISO 8601 time") from None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
