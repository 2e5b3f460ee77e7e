"""Replaying a capture directory instead of the network.

A capture directory holds ``manifest.json``, mapping each source URL to the file
that holds its body, with status, content type and ``fetched_at`` (the format of
``../shared/fixtures/<provider>/<date>/``, and of a run's folder in our raw-response
archive, whose entries add ``"compression": "gzip"`` and point at shared blobs). A
replayed page counts as observed at its ``fetched_at``. A URL missing from the manifest
behaves as a failed fetch.

A capture is input like any page: an entry's file must be inside the capture folder (an archive's
run folder may also name its blobs under the archive's ``blobs/``), a body is held to the live
path's size cap (counted inflated, never inflated past it), and a damaged file is named.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from core.errors import ConfigError, FetchError
from scrapers._base import Page, Source, canonical_url, check_page
from scrapers._http import MAX_BODY_BYTES


class ReplayTransport:
    """Serves pages from a capture directory's manifest; a malformed manifest is a ConfigError up front."""

    def __init__(self, directory: Path | str, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.directory, self.max_body_bytes = Path(directory), max_body_bytes
        self.responses = {_canonical(url, self.directory): _entry(url, entry, self.directory)
                          for url, entry in _load_manifest(self.directory).items()}

    def get(self, source: Source, url: str, known: Page | None = None) -> Page:
        entry = self.responses.get(canonical_url(url))
        if entry is None:
            raise FetchError(f"{url} is not in the capture {self.directory / 'manifest.json'}")
        page = Page(url, entry.status, entry.content_type, self._read_body(url, entry), entry.fetched_at)
        return check_page(source, page)

    def _read_body(self, url: str, entry: Entry) -> bytes:
        path, limit = self.directory / entry.file, self.max_body_bytes
        try:
            if path.stat().st_size > limit:
                raise FetchError(f"GET {url}: body of {path.stat().st_size:,} bytes is over the {limit:,}-byte limit; "
                                 f"not read (capture file {path})")
            body = path.read_bytes()
        except OSError as exc:
            raise FetchError(f"{url}: capture file {path} cannot be read ({exc.strerror or exc})") from exc
        if entry.compression == "gzip":
            body = _gunzip(body, limit, url, path)
        if entry.sha256 and hashlib.sha256(body).hexdigest() != entry.sha256:
            raise FetchError(f"{url}: capture file {path} does not match the sha256 in its manifest")
        return body


def _gunzip(data: bytes, limit: int, url: str, path: Path) -> bytes:
    """A gzip file's content, never inflated past ``limit`` bytes (a gzip bomb stops there)."""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        body = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise FetchError(f"{url}: capture file {path} is not valid gzip ({exc})") from exc
    if len(body) > limit:
        raise FetchError(f"GET {url}: body over the {limit:,}-byte limit (counted decoded); cut off "
                         f"(capture file {path})")
    if not inflater.eof:
        raise FetchError(f"{url}: capture file {path} is cut short (its gzip stream does not end)")
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
    _check_inside(entry["file"], directory, where)
    return Entry(entry["file"], status, str(entry.get("content_type", "")),
                 _parse_time(entry.get("fetched_at"), where), entry.get("sha256") or None, compression)


def _check_inside(file: str, directory: Path, where: str) -> None:
    """An entry's file is inside the capture folder, or, for a folder of an archive (``<root>/runs/<provider>/
    <database>/<run>``), a blob of that archive (``<root>/blobs/``); else the manifest is refused."""
    if "\x00" in file or not file.strip():
        raise ConfigError(f"{where}: file {file!r} is not a file name")
    folder = directory.resolve()
    target = (folder / file).resolve()
    allowed = [folder]
    if len(folder.parents) > 3 and folder.parents[2].name == "runs":
        allowed.append(folder.parents[3] / "blobs")
    if not any(target.is_relative_to(root) for root in allowed):
        raise ConfigError(f"{where}: file {file!r} is outside the capture folder {directory}; refused")


def _parse_time(text: object, where: str) -> datetime:
    """An ISO 8601 time as aware UTC; a time without offset is taken as UTC."""
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        raise ConfigError(f"{where}: fetched_at {text!r} is not an ISO 8601 time in range") from None
