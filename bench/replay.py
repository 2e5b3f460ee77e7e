"""Time a replay of every OpenRouter capture (353 models each) and of the Fireworks page into a fresh
database, archiving what each run reads, then the newest applied OpenRouter capture once more (its
bodies unchanged: the run verifies without parsing) and the Fireworks page once more (parsed again:
the capture has no model listing, and a run with an unread source always parses).

    python bench/replay.py [--fixtures ../shared/fixtures]

Not a test: numbers depend on the machine. Prints seconds per run, peak memory and the archive's size.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

import scrapers
from jobs.logs import configure_logging
from jobs.runner import refresh
from scrapers._replay import ReplayTransport
from storage.archive import Archive
from storage.db import open_database

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", type=Path, default=ROOT.parent / "shared" / "fixtures")
    args = parser.parse_args()
    configure_logging("console")  # logs to stderr, timings to stdout
    captures = [("fireworks", p) for p in sorted((args.fixtures / "fireworks").iterdir())]
    captures += [("openrouter", p) for p in sorted((args.fixtures / "openrouter").iterdir())]
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{folder}/bench.db")
        archive = Archive(Path(folder) / "archive")
        tracemalloc.start()
        for provider, capture in captures + captures[-2:-1] + captures[:1]:  # the newest applied, again
            started = time.perf_counter()
            report = refresh(scrapers.get(provider), ReplayTransport(capture), engine, "bench", archive=archive)
            unchanged = " (bodies unchanged)" if report.diff and report.diff.bodies_unchanged else ""
            print(f"{provider:<10} {capture.name:<20} {report.status:<8} {time.perf_counter() - started:6.3f} s"
                  + unchanged)
        print(f"peak traced memory: {tracemalloc.get_traced_memory()[1] / 2**20:.1f} MiB")
        size = sum(f.stat().st_size for f in archive.root.rglob("*") if f.is_file())
        print(f"archive: {size / 2**10:.0f} KiB")


if __name__ == "__main__":
    main()
