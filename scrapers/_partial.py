"""Reading what can be read: a table, row or cell the parser does not know is named, not fatal.

A scraper reads its main price table strictly (its loss fails the run) and wraps each secondary
table and each row in ``Parts``:

    parts = Parts(url)
    for cells in rows:
        with parts.row("Audio", label=row_label(cells), model=model_of(cells)):
            offerings += audio_offerings(cells, url)
    with parts.table("Batch"):
        offerings += batch_offerings(tree, url)
    return ScrapeResult(offerings + parts.placeholders, {url}, unread=parts.unread)

Only a ParseError (the page's shape is not the one the parser knows) is caught: a bug in the
parser still fails the run. A row whose model is known is left unobserved when it is stored
already, and added with unknown values when it is new (a placeholder offering): never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from core.errors import ParseError
from core.offering import ModelInfo, Offering, OfferingKey, Unread


@dataclass
class Outcome:
    read: bool = False


class Parts:
    """The parts of one page that could not be read, collected while the rest is read."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.unread: list[Unread] = []
        self.placeholders: list[Offering] = []
        self.dropped: set[OfferingKey] = set()  # offerings a row could not be read for (when rows add up)

    @contextmanager
    def table(self, name: str) -> Iterator[None]:
        """A secondary table: if its shape is not the known one, it is named and skipped whole."""
        try:
            yield
        except ParseError as exc:
            self.unread.append(Unread(self.url, f"{self.url} · table {name!r}", _reason(exc, self.url)))

    @contextmanager
    def row(self, table: str, label: str, model: ModelInfo | str | None = None,
            tier: str = "standard") -> Iterator[Outcome]:
        """One row: if a cell's shape is not known, the row is named; its model (when the row names
        one) is unobserved, or added with unknown values in ``tier`` when new. The outcome yielded
        says afterwards whether the row was read."""
        outcome = Outcome()
        try:
            yield outcome
            outcome.read = True
        except ParseError as exc:
            self.skip(table, label, _reason(exc, self.url), model, tier)

    def skip(self, table: str, label: str, reason: str, model: ModelInfo | str | None = None,
             tier: str = "standard") -> None:
        """Record a row that could not be read (for a scraper that finds the problem itself)."""
        info = ModelInfo(model, model) if isinstance(model, str) else model
        where = f"{self.url} · table {table!r} · row {label!r}"
        self.unread.append(Unread(self.url, where, reason, None if info is None else frozenset({info.id})))
        key = None if info is None else OfferingKey(info.id, tier)
        if key is not None and all(p.key != key for p in self.placeholders):
            self.placeholders.append(Offering(key, info, {}, self.url, unread=reason))


def _reason(exc: ParseError, url: str) -> str:
    """The error without the URL it starts with (``where`` already names the page)."""
    text = " ".join(str(exc).split())
    return text.removeprefix(f"{url}:").strip() or text
