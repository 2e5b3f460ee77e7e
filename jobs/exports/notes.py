"""What an export says about itself in ``export_notes.json``: when it ran, from which database, what it
wrote, where its values were observed, and each thing it left out with the reason (its format has no room
for it, or the value is not known), so that a missing price is never mistaken for a free one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jobs.exports import exact_json
from jobs.exports.files import write_atomic

NOTES_FILE = "export_notes.json"


@dataclass
class Notes:
    """The notes of one export run, filled in while it builds its files."""

    format: str
    database: str  # the database file's name (never the URL: it may hold a password)
    exported_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    rules: list[str] = field(default_factory=list)  # how values were mapped, for a reader of the files
    left_out: list[dict] = field(default_factory=list)

    def leave_out(self, row, reason: str, what: str | None = None) -> None:
        """Record an offering (a view row), or one of its values (``what``), left out of the export."""
        entry = {k: row[k] for k in ("provider", "model", "tier", "region")}
        self.left_out.append(entry | ({"what": what} if what else {}) | {"reason": reason})

    def as_dict(self, wrote: dict[str, int]) -> dict:
        """The notes as written: counts first, then each item left out."""
        reasons = Counter(item["reason"] for item in self.left_out)
        return {"format": self.format, "exported_at": iso(self.exported_at), "database": self.database,
                "observed": "each value was observed by llm-prices-tracker on its provider's own page or API; "
                            "where the format has room, each record names that source and when a run last "
                            "confirmed it (last_refreshed, UTC)",
                "wrote": wrote, "rules": self.rules, "left_out_by_reason": dict(reasons.most_common()),
                "left_out": self.left_out}

    def write(self, folder: Path, wrote: dict[str, int]) -> None:
        """Write export_notes.json into the export's folder."""
        write_atomic(folder / NOTES_FILE, exact_json.dumps(self.as_dict(wrote)))


def iso(moment: datetime | str | None) -> str | None:
    """A UTC time as ISO 8601 with a Z (2026-08-26T15:33:16Z); stored times are naive UTC text."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds").replace("+00:00", "Z")
