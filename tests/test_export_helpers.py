"""What the export tests share: a database built by replaying real captures (then `jobs.models apply`,
so canonical models and the ladder exist), and running `python -m jobs.export` as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from jobs import models
from tests.conftest import ROOT, capture_dir, run_refresh


def build_database(path: Path, captures: list[str]) -> Path:
    """A prices database at ``path`` from the named capture folders ("openrouter/2025-12-29T1325Z"), in order."""
    url = f"sqlite:///{path}"
    for name in captures:
        result = run_refresh(name.split("/")[0], "--replay", str(capture_dir(name)), "--db", url)
        assert result.returncode == 0, result.stderr
    assert models.main(["apply", "--db", url]) == 0
    return path


def run_export(*args: str) -> subprocess.CompletedProcess:
    """python -m jobs.export with ``args``, from the repository root, without a database from the environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("PRICES_DB_URL", "PRICES_CONFIG")}
    return subprocess.run([sys.executable, "-m", "jobs.export", *args], check=False, cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
