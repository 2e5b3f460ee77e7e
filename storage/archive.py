"""The raw-response archive: every body a run reads, kept so history can be rebuilt.

    <root>/blobs/<first 2 hex>/<sha256>.gz         each distinct body once, gzip-compressed
    <root>/runs/<provider>/<database id>/<run id>/manifest.json
                                                   what one run read, in the capture manifest
                                                   shape, so ``--replay`` reads it as it is

Run ids are per database, so run folders sit under the database's id (a random id kept in
its settings): several databases can share one archive without overwriting each other.

The database's ``responses`` table indexes the same facts (URL, status, validators, fetch
time, sha256, parser version) for queries, conditional requests and re-parsing. Files are
written atomically (a temporary name, then a rename), so a killed run leaves no torn file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
from pathlib import Path

from core.errors import ConfigError

ARCHIVE_ENV = "PRICES_ARCHIVE_DIR"


class Archive:
    """A content-addressed store of response bodies and per-run manifests under ``root``."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def blob_path(self, sha256: str) -> Path:
        return self.root / "blobs" / sha256[:2] / f"{sha256}.gz"

    def put(self, body: bytes) -> str:
        """Store a body (once per distinct content) and return its sha256."""
        sha256 = hashlib.sha256(body).hexdigest()
        path = self.blob_path(sha256)
        if not path.exists():
            _write_atomically(path, gzip.compress(body, mtime=0))
        return sha256

    def get(self, sha256: str) -> bytes | None:
        """The body with this sha256, or None when it is not archived (or damaged)."""
        try:
            body = gzip.decompress(self.blob_path(sha256).read_bytes())
        except (OSError, EOFError):
            return None
        return body if hashlib.sha256(body).hexdigest() == sha256 else None

    def run_folder(self, provider: str, database_id: str, run_id: int) -> Path:
        return self.root / "runs" / provider / database_id / str(run_id)

    def write_manifest(self, provider: str, database_id: str, run_id: int, responses: dict[str, dict]) -> Path:
        """Write a run's manifest; each entry names its blob relative to the manifest's folder."""
        folder = self.run_folder(provider, database_id, run_id)
        for entry in responses.values():
            blob = self.blob_path(entry["sha256"])
            entry.update(file=os.path.relpath(blob, folder), compression="gzip")
        manifest = {"note": f"Responses read by run {run_id} of {provider}, archived by llm-prices-tracker.",
                    "provider": provider, "database_id": database_id, "run_id": run_id, "responses": responses}
        _write_atomically(folder / "manifest.json", json.dumps(manifest, indent=2).encode())
        return folder


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the archive is as readable as the database
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def archive_root(cli_dir: Path | None, config_dir: Path | None, database: str | None) -> Path | None:
    """--archive, else the config's daemon.archive, else $PRICES_ARCHIVE_DIR, else ``archive/`` beside
    the SQLite file; None for an in-memory database with no folder given (nothing is archived)."""
    chosen = cli_dir or config_dir or (Path(os.environ[ARCHIVE_ENV]) if os.environ.get(ARCHIVE_ENV) else None)
    if chosen is None and database and database != ":memory:" and not database.startswith("file:"):
        chosen = Path(database).parent / "archive"
    if chosen is not None and chosen.exists() and not chosen.is_dir():
        raise ConfigError(f"archive folder {chosen} exists and is not a folder")
    return chosen
