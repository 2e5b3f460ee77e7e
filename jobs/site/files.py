"""The site's folder: where each page goes, atomic writes, and removing pages nothing links to any more.

A page is written to a temporary file in its own folder and moved over the old one with ``os.replace``,
so a reader (a web server, a browser) sees the old page or the new one, never part of one. Every path is
built from slugs (jobs/site/slugs.py) and checked to lie inside the site's folder.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from core.errors import ConfigError

TEMP_PREFIX, TEMP_SUFFIX = ".site-", ".tmp"


class SiteFolder:
    """The folder the site is written to (made when missing)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.abspath(root))

    def prepare(self) -> None:
        """Make the folder and check that a file can be written in it; a ConfigError naming the problem if not."""
        if self.root.exists() and not self.root.is_dir():
            raise ConfigError(f"cannot write the site to {self.root}: it is not a folder")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX):
                pass
        except OSError as exc:
            raise ConfigError(f"cannot write the site to {self.root}: {exc.strerror or exc}") from exc

    def path(self, *parts: str) -> Path:
        """The file at ``parts`` under the root; a part that would leave the root is a ValueError (a bug)."""
        target = self.root.joinpath(*parts)
        if any(part in ("", ".", "..") or "/" in part or os.sep in part for part in parts) \
                or not Path(os.path.abspath(target)).is_relative_to(self.root):
            raise ValueError(f"unsafe page path {parts!r}")
        return target

    def write(self, relative: str, text: str) -> Path:
        """Write one page atomically at ``relative`` ("models/gpt-oss-120b.html")."""
        target = self.path(*relative.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, 0o644)  # mkstemp makes it private; a page is for any reader
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target

    def prune(self, folder: str, keep: set[str]) -> list[str]:
        """Remove the pages in ``folder`` that are not in ``keep`` (paths relative to the root); only *.html
        files are touched (a temporary file may be another writer's page in progress)."""
        directory = self.path(*folder.split("/"))
        if not directory.is_dir():
            return []
        removed = []
        for entry in sorted(directory.iterdir()):
            relative = f"{folder}/{entry.name}"
            if entry.suffix == ".html" and entry.is_file() and not entry.is_symlink() and relative not in keep:
                entry.unlink()
                removed.append(relative)
        return removed
