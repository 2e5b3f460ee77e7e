"""Writing an export's files so that a reader never sees half of one: each is written to a temporary
file in the same folder and moved into place with os.replace (atomic on POSIX and Windows)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from core.errors import ConfigError


def prepare_folder(folder: Path) -> Path:
    """The export folder, made if missing; one that cannot be made or written to is a ConfigError."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=folder, prefix=".probe-", delete=True)  # noqa: SIM115
        probe.close()
    except OSError as exc:
        raise ConfigError(f"cannot write to {folder}: {exc.strerror or exc}") from exc
    return folder


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary sibling and os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def replace_tree(built: Path, target: Path) -> None:
    """Put the folder ``built`` where ``target`` is, removing the old one: the tree an earlier export
    wrote goes whole, so files of models no longer listed do not linger. ``built`` must be ``target``'s
    sibling (one file system). Each file is whole at all times; ``target`` is missing for an instant."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(built, target)
    shutil.rmtree(old, ignore_errors=True)


def comment_text(text: object) -> str:
    """Text for one comment line (TOML ``#``): control characters, line breaks included, become spaces,
    so text from a source can never end the comment and start a line of data."""
    return "".join(" " if (ord(c) < 32 or 127 <= ord(c) < 160 or c in "\u2028\u2029") else c for c in str(text))
