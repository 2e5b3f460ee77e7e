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
from core.offering import GLOBAL, ModelInfo, Offering, OfferingKey, Unread


@dataclass
class Outcome:
    read: bool = False


class Parts:
    """The parts of one page that could not be read, collected while the rest is read. Placeholders
    are in ``region`` (a scraper reading several regions from one page sets it as it goes)."""

    def __init__(self, url: str, region: str = GLOBAL) -> None:
        self.url, self.region = url, region
        self.unread: list[Unread] = []
        self.placeholders: list[Offering] = []
        self.dropped: set[OfferingKey] = set()  # offerings a row could not be read for (when rows add up)

    @contextmanager
    def table(self, name: str, models: frozenset[str] | None = None) -> Iterator[None]:
        """A secondary table: if its shape is not the known one, it is named and skipped whole.
        ``models``: the ids whose offerings it holds, when known (none: nothing the page lists is delisted)."""
        try:
            yield
        except ParseError as exc:
            self.name("table", name, _reason(exc, self.url), models)

    def name(self, kind: str, name: str, reason: str, models: frozenset[str] | None = None) -> None:
        """Record a part of the page not read (``kind`` "table", "section", "list"...), for a scraper that
        finds the problem itself; ``models`` as for ``table`` (``frozenset()``: it holds no offering)."""
        self.unread.append(Unread(self.url, f"{self.url} · {kind} {name!r}", reason, models))

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
        key = None if info is None else OfferingKey(info.id, tier, self.region)
        if key is not None and all(p.key != key for p in self.placeholders):
            self.placeholders.append(Offering(key, info, {}, self.url, unread=reason))


def _reason(exc: ParseError, url: str) -> str:
    """The error without the URL it starts with (``where`` already names the page)."""
    text = " ".join(str(exc).split())
    return text.removeprefix(f"{url}:").strip() or text
